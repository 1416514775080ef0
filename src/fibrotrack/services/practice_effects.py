"""What the insight engine says so far about each practice in the plan, with its uncertainty.

For each practice in today's plan, the before/after model of ``fibrotrack.analysis.interventions``
is fitted to the outcome (pain by default) around the day the practice first entered the plan
(schedule changes since then do not restart the clock). It is slow (several seconds a practice),
so the review computes it only when asked.
"""

from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from fibrotrack.analysis.flares import DEFAULT_SYMPTOMS, detect_flares
from fibrotrack.analysis.interventions import InterventionEffect, estimate_effect
from fibrotrack.program import catalogue
from fibrotrack.services.plan import current_plan, plan_history
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import Person, PlanItem


def first_start(item: PlanItem, history: list[PlanItem]) -> date:
    """The day the practice of ``item`` entered the plan, following its schedule changes back."""
    by_id = {entry.id: entry for entry in history}
    while item.replaces_id is not None and item.replaces_id in by_id:
        item = by_id[item.replaces_id]
    return item.start_day


def _in_sentence(name: str) -> str:
    """A practice's name inside a sentence: "Mindfulness (MBSR)" → "mindfulness (MBSR)"."""
    return name[:1].lower() + name[1:]


def practice_effects(
    session: Session, *, person: Person, today: date, outcome: str = "pain"
) -> list[InterventionEffect]:
    """The estimated change in ``outcome`` after each practice in today's plan started."""
    history = plan_history(session, person=person)
    starts = {
        item.practice_id: first_start(item, history)
        for item in current_plan(session, person=person, today=today)
    }
    entries = [e for e in day_entries(session, person_id=person.id, end=today) if e.values]
    if not starts or not entries:
        return []
    first_day = entries[0].day
    grid = np.full((today - first_day).days + 1, np.nan)
    for entry in entries:
        if outcome in entry.values:
            grid[(entry.day - first_day).days] = entry.values[outcome]
    rated = [entry for entry in entries if any(k in entry.values for k in DEFAULT_SYMPTOMS)]
    flares = (
        detect_flares(
            [entry.day for entry in rated],
            {key: [entry.values.get(key) for entry in rated] for key in DEFAULT_SYMPTOMS},
        )
        if rated
        else []
    )
    names = {
        practice_id: _in_sentence(catalogue().practice(practice_id).name) for practice_id in starts
    }
    effects = []
    for practice_id, start in sorted(starts.items(), key=lambda pair: pair[1]):
        if start <= first_day:
            effects.append(
                InterventionEffect(
                    name=names[practice_id],
                    start=start,
                    outcome=outcome,
                    before_days=0,
                    after_days=0,
                    before_mean=None,
                    after_mean=None,
                    change=None,
                    ci=None,
                    p=None,
                    sentence=f"Nothing was logged before {start}, so there is no before to "
                    "compare with.",
                )
            )
            continue
        effects.append(
            estimate_effect(
                grid,
                first_day=first_day,
                start=start,
                name=names[practice_id],
                outcome_name=outcome,
                other_starts={
                    names[other]: day for other, day in starts.items() if other != practice_id
                },
                flares=flares,
                with_slope=False,
            )
        )
    return effects
