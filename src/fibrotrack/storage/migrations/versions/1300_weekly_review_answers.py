"""weekly review answers: the person's reflection on each week of the program

Revision ID: 1300_weekly_review_answers
Revises: 1200_import_provenance
Create Date: 2026-11-27 16:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "1300_weekly_review_answers"
down_revision: str | None = "1200_import_provenance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "weekly_review_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("went_well", sa.Text(), nullable=True),
        sa.Column("got_in_the_way", sa.Text(), nullable=True),
        sa.Column("change_next_week", sa.Text(), nullable=True),
        sa.Column("plan_choice", sa.String(length=20), nullable=True),
        sa.Column(
            "updated_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_weekly_review_answers_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_review_answers")),
        sa.UniqueConstraint(
            "person_id", "week_start", name=op.f("uq_weekly_review_answers_person_id_week_start")
        ),
    )


def downgrade() -> None:
    op.drop_table("weekly_review_answers")
