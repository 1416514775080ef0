"""The body-system pillars: sleep nights and windows, the elimination protocol, lab results,
menstrual periods and the questionnaire schedule."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class SleepNight(Base):
    """One night from one source, dated by the morning of waking. Diary nights
    (``source='sleep_diary'``) hold what the person wrote; a wearable's nights hold what it
    measured (total sleep and stage minutes). Clock times are the person's local wall clock."""

    __tablename__ = "sleep_nights"
    __table_args__ = (
        UniqueConstraint("person_id", "night", "source"),
        Index("ix_sleep_nights_person_night", "person_id", "night"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    night: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40))
    bed_at: Mapped[datetime | None] = mapped_column(DateTime)
    lights_out_at: Mapped[datetime | None] = mapped_column(DateTime)
    wake_at: Mapped[datetime | None] = mapped_column(DateTime)
    out_of_bed_at: Mapped[datetime | None] = mapped_column(DateTime)
    latency_minutes: Mapped[int | None] = mapped_column(Integer)
    wakings: Mapped[int | None] = mapped_column(Integer)
    awake_minutes: Mapped[int | None] = mapped_column(Integer)
    quality: Mapped[int | None] = mapped_column(Integer)
    nap_minutes: Mapped[int | None] = mapped_column(Integer)
    time_in_bed_minutes: Mapped[int | None] = mapped_column(Integer)
    total_sleep_minutes: Mapped[int] = mapped_column(Integer)
    stages: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PrescribedSleepWindow(Base):
    """A sleep window given to the person, in force from the night dated ``start``."""

    __tablename__ = "sleep_windows"
    __table_args__ = (Index("ix_sleep_windows_person_start", "person_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    start: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    rise: Mapped[str] = mapped_column(String(5))
    change: Mapped[str] = mapped_column(String(20))
    efficiency: Mapped[float | None] = mapped_column(Float)
    nights: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class DietProtocol(Base):
    """An elimination → reintroduction protocol: suspect foods in challenge order, the
    length of each phase, and the daily outcomes its verdicts compare."""

    __tablename__ = "diet_protocols"
    __table_args__ = (Index("ix_diet_protocols_person_start", "person_id", "start_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    start_day: Mapped[date] = mapped_column(Date)
    foods: Mapped[list[str]] = mapped_column(JSON)
    baseline_days: Mapped[int] = mapped_column(Integer)
    elimination_days: Mapped[int] = mapped_column(Integer)
    challenge_days: Mapped[int] = mapped_column(Integer)
    washout_days: Mapped[int] = mapped_column(Integer)
    outcomes: Mapped[list[str]] = mapped_column(JSON)
    stopped_day: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class DietDay(Base):
    """Whether the person followed the protocol's plan on a day (None: not said)."""

    __tablename__ = "diet_days"
    __table_args__ = (UniqueConstraint("protocol_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    protocol_id: Mapped[int] = mapped_column(ForeignKey("diet_protocols.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    followed: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class LabResultEntry(Base):
    """A lab result as reported (value, unit, the lab's own range) and in the analyte's
    standard unit for trends across labs."""

    __tablename__ = "lab_results"
    __table_args__ = (Index("ix_lab_results_person_analyte_day", "person_id", "analyte", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    analyte: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    reference_low: Mapped[float | None] = mapped_column(Float)
    reference_high: Mapped[float | None] = mapped_column(Float)
    standard_value: Mapped[float] = mapped_column(Float)
    standard_unit: Mapped[str] = mapped_column(String(20))
    lab: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class MenstrualPeriod(Base):
    """A period: its first day and, once known, its last."""

    __tablename__ = "menstrual_periods"
    __table_args__ = (UniqueConstraint("person_id", "start_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date | None] = mapped_column(Date)


class QuestionnaireSchedule(Base):
    """How often the person chose to answer a questionnaire (PHQ-9, GAD-7, FIQR, ACR 2016),
    from when."""

    __tablename__ = "questionnaire_schedules"
    __table_args__ = (UniqueConstraint("person_id", "instrument"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(40))
    every_days: Mapped[int] = mapped_column(Integer)
    start_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
