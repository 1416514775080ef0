"""body systems: sleep, diet protocol, labs, periods, questionnaire schedules

Revision ID: 0400
Revises: 0300 (chained after the program migration merged from branch program; written against 0001)
Create Date: 2026-11-27 09:09:40.234561
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fibrotrack.storage.types

revision: str = "0400"
down_revision: str | None = "0300"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "diet_protocols",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("foods", sa.JSON(), nullable=False),
        sa.Column("baseline_days", sa.Integer(), nullable=False),
        sa.Column("elimination_days", sa.Integer(), nullable=False),
        sa.Column("challenge_days", sa.Integer(), nullable=False),
        sa.Column("washout_days", sa.Integer(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("stopped_day", sa.Date(), nullable=True),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_diet_protocols_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diet_protocols")),
    )
    with op.batch_alter_table("diet_protocols", schema=None) as batch_op:
        batch_op.create_index(
            "ix_diet_protocols_person_start", ["person_id", "start_day"], unique=False
        )

    op.create_table(
        "lab_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("analyte", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("reference_low", sa.Float(), nullable=True),
        sa.Column("reference_high", sa.Float(), nullable=True),
        sa.Column("standard_value", sa.Float(), nullable=False),
        sa.Column("standard_unit", sa.String(length=20), nullable=False),
        sa.Column("lab", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_lab_results_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_results")),
    )
    with op.batch_alter_table("lab_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lab_results_person_analyte_day", ["person_id", "analyte", "day"], unique=False
        )

    op.create_table(
        "menstrual_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_menstrual_periods_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_menstrual_periods")),
        sa.UniqueConstraint(
            "person_id", "start_day", name=op.f("uq_menstrual_periods_person_id_start_day")
        ),
    )
    op.create_table(
        "questionnaire_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=40), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_questionnaire_schedules_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_schedules")),
        sa.UniqueConstraint(
            "person_id", "instrument", name=op.f("uq_questionnaire_schedules_person_id_instrument")
        ),
    )
    op.create_table(
        "sleep_nights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("bed_at", sa.DateTime(), nullable=True),
        sa.Column("lights_out_at", sa.DateTime(), nullable=True),
        sa.Column("wake_at", sa.DateTime(), nullable=True),
        sa.Column("out_of_bed_at", sa.DateTime(), nullable=True),
        sa.Column("latency_minutes", sa.Integer(), nullable=True),
        sa.Column("wakings", sa.Integer(), nullable=True),
        sa.Column("awake_minutes", sa.Integer(), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("nap_minutes", sa.Integer(), nullable=True),
        sa.Column("time_in_bed_minutes", sa.Integer(), nullable=True),
        sa.Column("total_sleep_minutes", sa.Integer(), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column(
            "recorded_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_sleep_nights_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sleep_nights")),
        sa.UniqueConstraint(
            "person_id", "night", "source", name=op.f("uq_sleep_nights_person_id_night_source")
        ),
    )
    with op.batch_alter_table("sleep_nights", schema=None) as batch_op:
        batch_op.create_index("ix_sleep_nights_person_night", ["person_id", "night"], unique=False)

    op.create_table(
        "sleep_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("rise", sa.String(length=5), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("efficiency", sa.Float(), nullable=True),
        sa.Column("nights", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", fibrotrack.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_sleep_windows_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sleep_windows")),
    )
    with op.batch_alter_table("sleep_windows", schema=None) as batch_op:
        batch_op.create_index("ix_sleep_windows_person_start", ["person_id", "start"], unique=False)

    op.create_table(
        "diet_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("followed", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_diet_days_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["protocol_id"],
            ["diet_protocols.id"],
            name=op.f("fk_diet_days_protocol_id_diet_protocols"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diet_days")),
        sa.UniqueConstraint("protocol_id", "day", name=op.f("uq_diet_days_protocol_id_day")),
    )


def downgrade() -> None:
    op.drop_table("diet_days")
    with op.batch_alter_table("sleep_windows", schema=None) as batch_op:
        batch_op.drop_index("ix_sleep_windows_person_start")

    op.drop_table("sleep_windows")
    with op.batch_alter_table("sleep_nights", schema=None) as batch_op:
        batch_op.drop_index("ix_sleep_nights_person_night")

    op.drop_table("sleep_nights")
    op.drop_table("questionnaire_schedules")
    op.drop_table("menstrual_periods")
    with op.batch_alter_table("lab_results", schema=None) as batch_op:
        batch_op.drop_index("ix_lab_results_person_analyte_day")

    op.drop_table("lab_results")
    with op.batch_alter_table("diet_protocols", schema=None) as batch_op:
        batch_op.drop_index("ix_diet_protocols_person_start")

    op.drop_table("diet_protocols")
