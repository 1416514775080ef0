"""import updated_at: when an import's row last changed, so imports whose server stopped and
previews nobody confirmed can be ended

Revision ID: 1400_import_updated_at
Revises: 1300_weekly_review_answers
Create Date: 2026-11-28 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "1400_import_updated_at"
down_revision: str | None = "1300_weekly_review_answers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.add_column(
            sa.Column(
                "updated_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
    op.execute("UPDATE imports SET updated_at = COALESCE(finished_at, created_at)")
    with op.batch_alter_table("imports") as batch:
        batch.alter_column(
            "updated_at",
            existing_type=fibrotrack.storage.types.UTCDateTime(timezone=True),
            nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("updated_at")
