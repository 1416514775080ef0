"""reports: stored before/after estimates

Revision ID: 0700
Revises: 0400
Create Date: 2026-11-27 09:48:59.516288
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "0700"
down_revision: str | None = "0600"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "effect_estimates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=80), nullable=False),
        sa.Column("inputs_digest", sa.String(length=64), nullable=False),
        sa.Column("estimate", sa.JSON(), nullable=False),
        sa.Column(
            "computed_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_effect_estimates_intervention_id_interventions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_effect_estimates_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_effect_estimates")),
        sa.UniqueConstraint(
            "person_id",
            "intervention_id",
            "outcome",
            name=op.f("uq_effect_estimates_person_id_intervention_id_outcome"),
        ),
    )


def downgrade() -> None:
    op.drop_table("effect_estimates")
