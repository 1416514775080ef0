"""import provenance: what each import changed, so it can be undone

Revision ID: 1200_import_provenance
Revises: 1000_questionnaire_drafts
Create Date: 2026-11-27 16:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "1200_import_provenance"
down_revision: str | None = "1000_questionnaire_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.add_column(
            sa.Column("changes_recorded", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column(
                "undone_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
    op.create_table(
        "import_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=True),
        sa.Column("written", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["imports.id"],
            name=op.f("fk_import_changes_import_id_imports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_import_changes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_changes")),
    )
    op.create_index("ix_import_changes_import", "import_changes", ["import_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_import_changes_import", table_name="import_changes")
    op.drop_table("import_changes")
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("undone_at")
        batch.drop_column("changes_recorded")
