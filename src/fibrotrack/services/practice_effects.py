"""What the insight engine says so far about each practice in the plan, with its uncertainty.

For each practice in today's plan, the insight engine's before/after model
(``fibrotrack.services.insights.intervention_effect``) is fitted to the outcome (pain by
default) around the practice's first intervention, the day it first entered the plan (schedule
changes since then do not restart the clock). It takes seconds a practice, so the review
computes it only when asked.
"""

from datetime import date

from sqlalchemy.orm import Session

from fibrotrack.analysis.interventions import InterventionEffect
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.insights import intervention_effect
from fibrotrack.services.plan import current_plan
from fibrotrack.storage.models import Person


def practice_effects(
    session: Session, *, person: Person, today: date, outcome: str = "pain"
) -> list[tuple[str, InterventionEffect | InvalidEntry]]:
    """For each practice in today's plan, oldest first: its estimated effect on ``outcome``, or
    why there is none yet."""
    effects: list[tuple[str, InterventionEffect | InvalidEntry]] = []
    for item in sorted(
        current_plan(session, person=person, today=today), key=lambda item: item.start_day
    ):
        try:
            effect: InterventionEffect | InvalidEntry = intervention_effect(
                session,
                person=person,
                target=item.practice_id,
                outcome=outcome,
                with_slope=False,
            )
        except InvalidEntry as reason:
            effect = reason
        effects.append((item.practice_id, effect))
    return effects


def practice_effects_json(
    effects: list[tuple[str, InterventionEffect | InvalidEntry]],
) -> list[dict[str, object]]:
    return [
        {"practice": practice_id, **effect.as_json()}
        if isinstance(effect, InterventionEffect)
        else {"practice": practice_id, "not_estimated": effect.message}
        for practice_id, effect in effects
    ]
