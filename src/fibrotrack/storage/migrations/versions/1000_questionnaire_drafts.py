"""questionnaire drafts: half-filled forms kept to finish later

Revision ID: 1000_questionnaire_drafts
Revises: 0900
Create Date: 2026-11-27 12:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "1000_questionnaire_drafts"
down_revision: str | None = "0900"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=40), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column(
            "updated_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_questionnaire_drafts_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_drafts")),
        sa.UniqueConstraint(
            "person_id", "instrument", name=op.f("uq_questionnaire_drafts_person_id_instrument")
        ),
    )


def downgrade() -> None:
    op.drop_table("questionnaire_drafts")
