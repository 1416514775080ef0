"""instruments: the record that crisis resources were shown (PHQ-9 item 9 above 0)

Revision ID: 0100
Revises: 0001
Create Date: 2026-11-27 09:09:39.011093
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "0100"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crisis_resources_shown",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shown_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("resources", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_crisis_resources_shown_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["questionnaire_responses.id"],
            name=op.f("fk_crisis_resources_shown_response_id_questionnaire_responses"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crisis_resources_shown")),
    )
    with op.batch_alter_table("crisis_resources_shown", schema=None) as batch_op:
        batch_op.create_index(
            "ix_crisis_resources_shown_person_day", ["person_id", "day"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("crisis_resources_shown", schema=None) as batch_op:
        batch_op.drop_index("ix_crisis_resources_shown_person_day")

    op.drop_table("crisis_resources_shown")
