"""Interventions: what a person started and stopped."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class Intervention(Base):
    """Something a person started (and maybe stopped): a practice, a diet, a medication or a
    supplement. Its start and end dates are what the insight engine evaluates."""

    __tablename__ = "interventions"
    __table_args__ = (Index("ix_interventions_person_start", "person_id", "start_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="practice")
    name: Mapped[str] = mapped_column(String(200))
    practice_id: Mapped[str | None] = mapped_column(String(80))
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date | None] = mapped_column(Date)
    dose: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
