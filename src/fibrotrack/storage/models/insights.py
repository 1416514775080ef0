"""Self-experiments with their daily schedule and adherence, and flare confirmations."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
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


class Experiment(Base):
    """A randomised self-experiment: pairs of on/off periods of ``period_days`` days whose
    order within each pair is ``on_first`` (drawn at random when it was started)."""

    __tablename__ = "experiments"
    __table_args__ = (Index("ix_experiments_person_start", "person_id", "start_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    factor: Mapped[str] = mapped_column(String(120))
    outcome: Mapped[str] = mapped_column(String(120))
    on_text: Mapped[str] = mapped_column(String(200), default="")
    off_text: Mapped[str] = mapped_column(String(200), default="")
    start_day: Mapped[date] = mapped_column(Date)
    period_days: Mapped[int] = mapped_column(Integer)
    washout_days: Mapped[int] = mapped_column(Integer)
    on_first: Mapped[list[bool]] = mapped_column(JSON)
    stopped_day: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ExperimentDay(Base):
    """One scheduled day of an experiment: what it asked for (``assigned_on``) and whether
    the person said they followed it (None until they say)."""

    __tablename__ = "experiment_days"
    __table_args__ = (
        UniqueConstraint("experiment_id", "day"),
        Index("ix_experiment_days_person_day", "person_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    assigned_on: Mapped[bool] = mapped_column(Boolean)
    washout: Mapped[bool] = mapped_column(Boolean, default=False)
    followed: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class FlareConfirmation(Base):
    """The person's word on a flare starting on ``start_day``: a detected flare confirmed or
    denied, or a flare they logged themselves (``source='person'``)."""

    __tablename__ = "flare_confirmations"
    __table_args__ = (UniqueConstraint("person_id", "start_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(20), default="detected")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
