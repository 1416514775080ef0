"""The recovery program: a person's plan (with its history), logged practice sessions, graded
activity plans, red flags they marked and their weekly review answers."""

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class PlanItem(Base):
    """One version of one practice in a person's plan: its schedule from ``start_day`` to
    ``stop_day`` (the last day, inclusive; empty while it goes on). A change of schedule stops
    this row and starts a new one that ``replaces`` it, so the history stays. Each row has the
    ``Intervention`` the insight engine evaluates."""

    __tablename__ = "plan_items"
    __table_args__ = (Index("ix_plan_items_person_practice", "person_id", "practice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(80))
    days_per_week: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[int | None] = mapped_column(Integer)
    start_day: Mapped[date] = mapped_column(Date)
    stop_day: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(20))
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_items.id", ondelete="SET NULL")
    )
    intervention_id: Mapped[int | None] = mapped_column(
        ForeignKey("interventions.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PracticeLog(Base):
    """A session of a practice on a local day. ``minutes`` is empty when not given (unknown,
    never zero); ``source`` says who logged it (``fibrotrack`` for the person, or an area such
    as a therapy log or an importer)."""

    __tablename__ = "practice_logs"
    __table_args__ = (Index("ix_practice_logs_person_day", "person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(80))
    day: Mapped[date] = mapped_column(Date)
    minutes: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40), default="fibrotrack")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PacingPlan(Base):
    """A graded activity plan for one measure (``activity_minutes`` or ``steps``), rising by
    ``weekly_step`` (a fraction) a week; targets are replayed from the diary each time."""

    __tablename__ = "pacing_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    measure: Mapped[str] = mapped_column(String(40))
    weekly_step: Mapped[float] = mapped_column(Float)
    start_day: Mapped[date] = mapped_column(Date)
    stop_day: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class RedFlagReport(Base):
    """A red-flag symptom a person marked, and the day they noticed it."""

    __tablename__ = "red_flag_reports"
    __table_args__ = (Index("ix_red_flag_reports_person_day", "person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    flag_id: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class WeeklyReviewAnswers(Base):
    """A person's answers to the weekly review's questions for the week starting on Monday
    ``week_start``: one row per person and week, edited in place. An unanswered question is
    empty, never an empty string."""

    __tablename__ = "weekly_review_answers"
    __table_args__ = (UniqueConstraint("person_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    went_well: Mapped[str | None] = mapped_column(Text)
    got_in_the_way: Mapped[str | None] = mapped_column(Text)
    change_next_week: Mapped[str | None] = mapped_column(Text)
    plan_choice: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
