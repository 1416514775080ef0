"""analysis: self-experiments, their days, flare confirmations

Revision ID: 0200
Revises: 0001
Create Date: 2026-11-27 09:13:25.195495
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "0200"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("factor", sa.String(length=120), nullable=False),
        sa.Column("outcome", sa.String(length=120), nullable=False),
        sa.Column("on_text", sa.String(length=200), nullable=False),
        sa.Column("off_text", sa.String(length=200), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=False),
        sa.Column("washout_days", sa.Integer(), nullable=False),
        sa.Column("on_first", sa.JSON(), nullable=False),
        sa.Column("stopped_day", sa.Date(), nullable=True),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_experiments_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
    )
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_experiments_person_start", ["person_id", "start_day"], unique=False
        )

    op.create_table(
        "flare_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_flare_confirmations_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flare_confirmations")),
        sa.UniqueConstraint(
            "person_id", "start_day", name=op.f("uq_flare_confirmations_person_id_start_day")
        ),
    )
    op.create_table(
        "experiment_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("assigned_on", sa.Boolean(), nullable=False),
        sa.Column("washout", sa.Boolean(), nullable=False),
        sa.Column("followed", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name=op.f("fk_experiment_days_experiment_id_experiments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_experiment_days_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment_days")),
        sa.UniqueConstraint(
            "experiment_id", "day", name=op.f("uq_experiment_days_experiment_id_day")
        ),
    )
    with op.batch_alter_table("experiment_days", schema=None) as batch_op:
        batch_op.create_index("ix_experiment_days_person_day", ["person_id", "day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("experiment_days", schema=None) as batch_op:
        batch_op.drop_index("ix_experiment_days_person_day")

    op.drop_table("experiment_days")
    op.drop_table("flare_confirmations")
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_index("ix_experiments_person_start")

    op.drop_table("experiments")
