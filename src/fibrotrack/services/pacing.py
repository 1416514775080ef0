"""The graded activity plan: start it and stop it. Today's target is in
``fibrotrack.services.pacing_status``, which needs the (slower to load) insight engine."""

from datetime import date

from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, check_day
from fibrotrack.program import (
    DEFAULT_STEP_PERCENT,
    Measure,
    weekly_step_from_percent,
)
from fibrotrack.storage.models import PacingPlan, Person
from fibrotrack.storage.plan import open_pacing_plan


def parse_measure(text: str) -> Measure:
    aliases = {"active_minutes": Measure.ACTIVE_MINUTES, "minutes": Measure.ACTIVE_MINUTES}
    try:
        return aliases.get(text) or Measure(text)
    except ValueError:
        known = ", ".join(measure.value for measure in Measure)
        raise InvalidEntry("measure", f"{text!r} is not one of {known}") from None


def start_pacing(
    session: Session,
    *,
    person: Person,
    today: date,
    measure: Measure = Measure.ACTIVE_MINUTES,
    step_percent: float = DEFAULT_STEP_PERCENT,
    start: date | None = None,
) -> PacingPlan:
    """Start a graded activity plan from ``start`` (default today). One plan runs at a time."""
    weekly_step = weekly_step_from_percent(step_percent)
    start = check_day(start or today, today, "start")
    current = open_pacing_plan(session, person_id=person.id)
    if current is not None:
        raise InvalidEntry(
            "pacing",
            f"a plan for {current.measure} runs since {current.start_day.isoformat()}; "
            "stop it first",
        )
    plan = PacingPlan(
        person_id=person.id,
        measure=measure.value,
        weekly_step=weekly_step,
        start_day=start,
    )
    session.add(plan)
    session.flush()
    return plan


def stop_pacing(
    session: Session, *, person: Person, today: date, day: date | None = None
) -> PacingPlan:
    """Stop the running plan; ``day`` (default today) is its last day."""
    plan = open_pacing_plan(session, person_id=person.id)
    if plan is None:
        raise InvalidEntry("pacing", "no graded activity plan is running")
    day = check_day(day or today, today)
    if day < plan.start_day:
        raise InvalidEntry("date", f"the plan started on {plan.start_day.isoformat()}")
    plan.stop_day = day
    session.flush()
    return plan
