"""community: opted-in members, their coarse contributions, and the monthly summaries

Revision ID: 0900
Revises: 0700
Create Date: 2026-11-27 11:00:39.974244
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0900"
down_revision: str | None = "0700"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "community_summaries",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("min_group", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_community_summaries")),
    )
    op.create_table(
        "community_factor_effects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("factor", sa.String(length=40), nullable=False),
        sa.Column("effect", sa.Float(), nullable=False),
        sa.Column("se", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_community_factor_effects_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_factor_effects")),
        sa.UniqueConstraint(
            "person_id", "factor", name=op.f("uq_community_factor_effects_person_id_factor")
        ),
    )
    op.create_table(
        "community_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_community_members_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_members")),
        sa.UniqueConstraint("person_id", name=op.f("uq_community_members_person_id")),
    )
    op.create_table(
        "community_practice_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.String(length=80), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("adherence_percent", sa.Integer(), nullable=True),
        sa.Column("kept_up", sa.Boolean(), nullable=False),
        sa.Column("fiqr_change", sa.Integer(), nullable=True),
        sa.Column("fm30", sa.Boolean(), nullable=True),
        sa.Column("flares_before", sa.Integer(), nullable=True),
        sa.Column("flares_during", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_community_practice_outcomes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_practice_outcomes")),
        sa.UniqueConstraint(
            "person_id",
            "practice_id",
            name=op.f("uq_community_practice_outcomes_person_id_practice_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("community_practice_outcomes")
    op.drop_table("community_members")
    op.drop_table("community_factor_effects")
    op.drop_table("community_summaries")
