"""Questionnaire responses, stored whole, and the half-filled forms kept to finish later."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class QuestionnaireResponse(Base):
    """A questionnaire as answered, stored whole: answers, computed scores, instrument version."""

    __tablename__ = "questionnaire_responses"
    __table_args__ = (Index("ix_questionnaire_responses_person_day", "person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(40))
    instrument_version: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    source: Mapped[str] = mapped_column(String(40), default="fibrotrack")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)


class QuestionnaireDraft(Base):
    """A form the person started and has not submitted: the answers given so far (checked,
    as JSON), one per person and instrument. Submitting the form deletes it."""

    __tablename__ = "questionnaire_drafts"
    __table_args__ = (UniqueConstraint("person_id", "instrument"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(40))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
