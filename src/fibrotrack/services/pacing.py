"""The graded activity plan: start it, stop it, and today's target with the reason for it.

Flares and boom-bust days come from the insight engine (``fibrotrack.analysis.flares`` and
``fibrotrack.analysis.pacing``) run on the person's diary; the target itself is the pure rule of
``fibrotrack.program.pacing``, replayed from the plan's start.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.analysis.flares import DEFAULT_SYMPTOMS, FlareEpisode, detect_flares
from fibrotrack.analysis.pacing import BoomRule, find_boom_bust
from fibrotrack.diary import DayEntry, InvalidEntry, check_day
from fibrotrack.program import (
    Measure,
    PacingRule,
    PacingStatus,
    pacing_status,
    weekly_step_from_percent,
)
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import PacingPlan, Person
from fibrotrack.storage.plan import open_pacing_plan

DEFAULT_STEP_PERCENT = 10.0
# Flare baselines look back 90 days before each day; read enough diary for that.
HISTORY_DAYS = 120


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
    start = check_day(start or today, today)
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


@dataclass(frozen=True)
class PacingView:
    """Today's target, and the flares and boom-bust days the rule was given."""

    plan: PacingPlan
    status: PacingStatus
    flares: tuple[FlareEpisode, ...]
    boom_bust_days: frozenset[date]


def _days_between(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def flares_and_boom_bust(
    entries: Sequence[DayEntry], measure: Measure
) -> tuple[list[FlareEpisode], set[date]]:
    """Flare episodes in pain and fatigue, and the days of a boom-bust pattern: each boom day
    followed by a symptom rise, with the days up to the rise."""
    rated = [entry for entry in entries if any(k in entry.values for k in DEFAULT_SYMPTOMS)]
    if not rated:
        return [], set()
    days = [entry.day for entry in rated]
    ratings = {key: [entry.values.get(key) for entry in rated] for key in DEFAULT_SYMPTOMS}
    flares = detect_flares(days, ratings)
    activity = [entry.values.get(measure.value) for entry in rated]
    pattern: set[date] = set()
    if any(value is not None for value in activity):
        rule = BoomRule()
        found = find_boom_bust(days, activity, ratings, rule=rule)
        for boom in found.busts:
            pattern |= _days_between(boom, boom + timedelta(days=rule.last_lag))
    return flares, pattern


def pacing_view(session: Session, *, person: Person, today: date) -> PacingView | None:
    """The running plan's status today, or None when no plan runs."""
    plan = open_pacing_plan(session, person_id=person.id)
    if plan is None:
        return None
    measure = Measure(plan.measure)
    rule = PacingRule(weekly_step=plan.weekly_step)
    first = plan.start_day - timedelta(days=rule.baseline_days + HISTORY_DAYS)
    entries = day_entries(session, person_id=person.id, start=first, end=today)
    flares, boom_bust = flares_and_boom_bust(entries, measure)
    flare_days: set[date] = set()
    for flare in flares:
        flare_days |= _days_between(flare.start, flare.end)
    activity = {
        entry.day: entry.values[measure.value] for entry in entries if measure.value in entry.values
    }
    status = pacing_status(
        activity,
        measure=measure,
        start=plan.start_day,
        today=today,
        flare_days=flare_days,
        boom_bust_days=boom_bust,
        rule=rule,
    )
    return PacingView(plan, status, tuple(flares), frozenset(boom_bust))


def pacing_json(view: PacingView) -> dict[str, Any]:
    status = view.status
    measure = status.measure
    return {
        "measure": measure.value,
        "unit": measure.unit,
        "plan_start": view.plan.start_day.isoformat(),
        "targets_from": status.plan_start.isoformat() if status.weeks else None,
        "baseline": {
            "value": round(status.baseline.value, 1) if status.baseline.value is not None else None,
            "from": status.baseline.first.isoformat(),
            "to": status.baseline.last.isoformat(),
            "days_used": status.baseline.days_used,
            "flare_days_left_out": status.baseline.flare_days_left_out,
        },
        "target": measure.rounded(status.target) if status.target is not None else None,
        "decision": status.decision.value,
        "reason": status.reason,
        "in_flare": status.in_flare,
        "rule": {
            "weekly_step": status.rule.weekly_step,
            "baseline_days": status.rule.baseline_days,
            "min_baseline_days": status.rule.min_baseline_days,
            "min_week_days": status.rule.min_week_days,
            "reached_fraction": status.rule.reached_fraction,
        },
        "weeks": [
            {
                "start": week.start.isoformat(),
                "target": measure.rounded(week.target),
                "decision": week.decision.value,
                "reason": week.reason,
            }
            for week in status.weeks
        ],
        "flares": [
            {"start": flare.start.isoformat(), "end": flare.end.isoformat()}
            for flare in view.flares
        ],
    }
