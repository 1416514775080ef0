"""Queries for the clinician report: stored before/after estimates. Every function takes the
person's id: nothing crosses people."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.storage.models import EffectEstimate
from fibrotrack.storage.types import utc_now


def effect_estimates_of(
    session: Session, *, person_id: int, outcome: str
) -> dict[int, EffectEstimate]:
    """The person's stored estimates for ``outcome``, by intervention id."""
    rows = session.scalars(
        select(EffectEstimate).where(
            EffectEstimate.person_id == person_id, EffectEstimate.outcome == outcome
        )
    )
    return {row.intervention_id: row for row in rows}


def store_effect_estimate(
    session: Session,
    *,
    person_id: int,
    intervention_id: int,
    outcome: str,
    inputs_digest: str,
    estimate: dict[str, Any],
) -> EffectEstimate:
    """Keep ``estimate`` for the intervention and outcome, replacing the one stored before."""
    row = session.scalars(
        select(EffectEstimate).where(
            EffectEstimate.person_id == person_id,
            EffectEstimate.intervention_id == intervention_id,
            EffectEstimate.outcome == outcome,
        )
    ).one_or_none()
    if row is None:
        row = EffectEstimate(person_id=person_id, intervention_id=intervention_id, outcome=outcome)
        session.add(row)
    row.inputs_digest = inputs_digest
    row.estimate = estimate
    row.computed_at = utc_now()
    session.flush()
    return row
