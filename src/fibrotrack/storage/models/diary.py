"""The variable catalogue, daily observations and notes."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class Variable(Base):
    """A thing observed daily. Built-in core variables have no person; tags and imported
    trackers belong to one person."""

    __tablename__ = "variables"
    __table_args__ = (UniqueConstraint("person_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(120))
    label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(40))
    pillar: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(40))
    minimum: Mapped[float | None] = mapped_column(Float)
    maximum: Mapped[float | None] = mapped_column(Float)
    higher_is_worse: Mapped[bool | None] = mapped_column(Boolean)
    description: Mapped[str] = mapped_column(Text, default="")


class Observation(Base):
    """One value of one variable on one local date from one source. A tag present on a day is
    stored with value 1. ``raw_value`` keeps what an importer read, for lossless export."""

    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint("person_id", "variable_id", "day", "source"),
        Index("ix_observations_person_day", "person_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    variable_id: Mapped[int] = mapped_column(ForeignKey("variables.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="checkin")
    value: Mapped[float | None] = mapped_column(Float)
    raw_value: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Note(Base):
    """Free text of a day: the check-in note (``kind='day'``), a journal entry or a milestone.
    ``in_story`` marks entries the person wants on their recovery timeline."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_person_day", "person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20), default="day")
    source: Mapped[str] = mapped_column(String(40), default="checkin")
    text: Mapped[str] = mapped_column(Text)
    in_story: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
