"""A person's preferences: display, reminders, crisis resources."""

from datetime import date, time

from sqlalchemy import Boolean, Date, ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base


class PersonPreferences(Base):
    """One row per person who changed a default. The calendar feed token is derived from
    ``calendar_nonce`` and the server's secret key; only its hash is stored for look-up."""

    __tablename__ = "person_preferences"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(10), default="system")
    units: Mapped[str] = mapped_column(String(10), default="metric")
    crisis_country: Mapped[str | None] = mapped_column(String(2))
    reminder_time: Mapped[time] = mapped_column(Time, default=time(20, 0))
    reminder_email: Mapped[str | None] = mapped_column(String(254))
    email_reminders: Mapped[bool] = mapped_column(Boolean, default=False)
    last_reminded_on: Mapped[date | None] = mapped_column(Date)
    calendar_nonce: Mapped[str | None] = mapped_column(String(64))
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
