"""Stored before/after estimates for the clinician report.

The insight engine's before/after model takes seconds per intervention, so the report keeps
each estimate with a digest of everything it was computed from (the diary's pain and fatigue,
the interventions, the flare reviews, the fibrotrack version). An estimate is reused only while
its digest still matches, so a stored estimate is never out of date.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.types import UTCDateTime, utc_now


class EffectEstimate(Base):
    """The before/after estimate of one intervention on one outcome, and its inputs' digest."""

    __tablename__ = "effect_estimates"
    __table_args__ = (UniqueConstraint("person_id", "intervention_id", "outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id", ondelete="CASCADE"))
    outcome: Mapped[str] = mapped_column(String(80))
    inputs_digest: Mapped[str] = mapped_column(String(64))
    estimate: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
