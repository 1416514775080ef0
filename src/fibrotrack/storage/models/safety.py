"""The safety pathway's record: when crisis resources were shown to a person, and which."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class CrisisResourcesShown(Base):
    """Crisis resources were shown to a person (PHQ-9 item 9 above 0): when, where (``channel``:
    cli, web, demo), for which country, exactly which resources, and the response that raised
    the flag (kept when the response is deleted)."""

    __tablename__ = "crisis_resources_shown"
    __table_args__ = (Index("ix_crisis_resources_shown_person_day", "person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_responses.id", ondelete="SET NULL")
    )
    day: Mapped[date] = mapped_column(Date)
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    trigger: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    resources: Mapped[dict[str, Any]] = mapped_column(JSON)
