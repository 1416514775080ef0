"""The daily pain-location record: which of the 19 WPI body areas hurt on a day."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class PainMap(Base):
    """The body map a person saved for one local date: the area ids that hurt, sorted.

    A row with no areas means "recorded: nothing hurt"; a day without a row is not recorded
    (missing, never "no pain")."""

    __tablename__ = "pain_maps"
    __table_args__ = (UniqueConstraint("person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
