"""program: plan, practice logs, pacing, red flags

Revision ID: 0300
Revises: 0200
Create Date: 2026-11-27 09:08:18.966363
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "0300"
down_revision: str | None = "0200"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pacing_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("weekly_step", sa.Float(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("stop_day", sa.Date(), nullable=True),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_pacing_plans_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pacing_plans")),
    )
    with op.batch_alter_table("pacing_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pacing_plans_person_id"), ["person_id"], unique=False)

    op.create_table(
        "practice_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_practice_logs_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_logs")),
    )
    with op.batch_alter_table("practice_logs", schema=None) as batch_op:
        batch_op.create_index("ix_practice_logs_person_day", ["person_id", "day"], unique=False)

    op.create_table(
        "red_flag_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_red_flag_reports_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_flag_reports")),
    )
    with op.batch_alter_table("red_flag_reports", schema=None) as batch_op:
        batch_op.create_index("ix_red_flag_reports_person_day", ["person_id", "day"], unique=False)

    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.String(length=80), nullable=False),
        sa.Column("days_per_week", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("stop_day", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("intervention_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_plan_items_intervention_id_interventions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_plan_items_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["plan_items.id"],
            name=op.f("fk_plan_items_replaces_id_plan_items"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_items")),
    )
    with op.batch_alter_table("plan_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_plan_items_person_practice", ["person_id", "practice_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_items", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_items_person_practice")

    op.drop_table("plan_items")
    with op.batch_alter_table("red_flag_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_red_flag_reports_person_day")

    op.drop_table("red_flag_reports")
    with op.batch_alter_table("practice_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_logs_person_day")

    op.drop_table("practice_logs")
    with op.batch_alter_table("pacing_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pacing_plans_person_id"))

    op.drop_table("pacing_plans")
