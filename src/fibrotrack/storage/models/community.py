"""Community outcomes on a shared server: who opted in, their coarse contribution, and the
monthly published summary.

A contribution is derived from the person's own data (``fibrotrack.community.contribution``)
and replaced whenever it is refreshed; opting out deletes it. ``person_id`` links it to the
person only so that they can refresh or withdraw it (and so that erasing the person erases it);
no page, endpoint or export shows a contribution row. docs/community.md lists every column.
"""

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base


class CommunityMember(Base):
    """A person who opted in, and the month (``YYYY-MM``) their contribution was computed."""

    __tablename__ = "community_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    month: Mapped[str] = mapped_column(String(7))


class CommunityPracticeOutcome(Base):
    """One practice of a member's contribution: coarse numbers only."""

    __tablename__ = "community_practice_outcomes"
    __table_args__ = (UniqueConstraint("person_id", "practice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(80))
    weeks: Mapped[int] = mapped_column(Integer)
    adherence_percent: Mapped[int | None] = mapped_column(Integer)
    kept_up: Mapped[bool] = mapped_column(Boolean)
    fiqr_change: Mapped[int | None] = mapped_column(Integer)
    fm30: Mapped[bool | None] = mapped_column(Boolean)
    flares_before: Mapped[int | None] = mapped_column(Integer)
    flares_during: Mapped[int | None] = mapped_column(Integer)


class CommunityFactorEffect(Base):
    """A member's own estimate of a shared factor's effect on pain, and its standard error."""

    __tablename__ = "community_factor_effects"
    __table_args__ = (UniqueConstraint("person_id", "factor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    factor: Mapped[str] = mapped_column(String(40))
    effect: Mapped[float] = mapped_column(Float)
    se: Mapped[float] = mapped_column(Float)


class CommunitySummaryRow(Base):
    """The summary published for a month: rounded aggregates only, no contribution."""

    __tablename__ = "community_summaries"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    min_group: Mapped[int] = mapped_column(Integer)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
