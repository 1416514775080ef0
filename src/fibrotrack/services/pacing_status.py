"""Today's target of the graded activity plan, and the reason for it.

Flares (with the person's confirmations) and boom-bust days come from the insight engine
(``fibrotrack.services.insights``) run on the person's diary; the target itself is the pure rule
of ``fibrotrack.program.pacing``, replayed from the plan's start.

That takes a few hundred milliseconds on a year of diary, too slow for the Today page, which
shows the target on every visit. So each process remembers the last results, keyed by the
database, the person, the day, the plan and a marker of every input
(``storage.plan.pacing_inputs_marker``: two small queries); any write to the diary or the flare
confirmations changes the marker, so a remembered target is never out of date.
"""

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.analysis.pacing import BoomRule
from fibrotrack.diary import InvalidEntry
from fibrotrack.program import Measure, PacingRule, PacingStatus, pacing_status
from fibrotrack.services.insights import FlareView, boom_bust, person_flares
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import PacingPlan, Person
from fibrotrack.storage.plan import open_pacing_plan, pacing_inputs_marker

REMEMBERED = 256


@dataclass(frozen=True)
class PacingView:
    """Today's target, and the flares and boom-bust days the rule was given."""

    plan: PacingPlan
    status: PacingStatus
    flares: tuple[FlareView, ...]
    boom_bust_days: frozenset[date]


def _days_between(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def flare_days_of(flares: Sequence[FlareView]) -> set[date]:
    """Every day of the flares the person has not denied."""
    days: set[date] = set()
    for flare in flares:
        if flare.confirmed is not False:
            days |= _days_between(flare.start, flare.end)
    return days


def boom_bust_days(session: Session, *, person: Person, measure: Measure) -> set[date]:
    """The days of a boom-bust pattern: each boom day followed by a symptom rise, with the days
    up to the rise (none while the measure or the symptoms are not logged)."""
    try:
        found = boom_bust(session, person=person, activity=measure.value).result
    except InvalidEntry:
        return set()
    last_lag = BoomRule().last_lag
    days: set[date] = set()
    for boom in found.busts:
        days |= _days_between(boom, boom + timedelta(days=last_lag))
    return days


@dataclass(frozen=True)
class _Computed:
    status: PacingStatus
    flares: tuple[FlareView, ...]
    boom_bust_days: frozenset[date]


class _Remembered:
    """The last computed statuses, by their inputs; the oldest are forgotten first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.found: OrderedDict[tuple[object, ...], _Computed] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> _Computed | None:
        with self.lock:
            computed = self.found.get(key)
            if computed is not None:
                self.found.move_to_end(key)
            return computed

    def put(self, key: tuple[object, ...], computed: _Computed) -> None:
        with self.lock:
            self.found[key] = computed
            while len(self.found) > self.size:
                self.found.popitem(last=False)


_remembered = _Remembered(REMEMBERED)


def pacing_view(session: Session, *, person: Person, today: date) -> PacingView | None:
    """The running plan's status today, or None when no plan runs. Flares are the insight
    engine's, with the person's confirmations (a denied flare is not a flare; one they logged
    themselves is). Remembered while none of its inputs change."""
    plan = open_pacing_plan(session, person_id=person.id)
    if plan is None:
        return None
    key = (
        str(session.get_bind().engine.url),
        person.id,
        today,
        plan.id,
        plan.measure,
        plan.weekly_step,
        plan.start_day,
        pacing_inputs_marker(session, person_id=person.id),
    )
    computed = _remembered.get(key)
    if computed is None:
        computed = _compute(session, person, plan, today)
        _remembered.put(key, computed)
    return PacingView(plan, computed.status, computed.flares, computed.boom_bust_days)


def _compute(session: Session, person: Person, plan: PacingPlan, today: date) -> _Computed:
    measure = Measure(plan.measure)
    rule = PacingRule(weekly_step=plan.weekly_step)
    flares = person_flares(session, person=person)
    pattern = boom_bust_days(session, person=person, measure=measure)
    first = plan.start_day - timedelta(days=rule.baseline_days)
    activity = {
        entry.day: entry.values[measure.value]
        for entry in day_entries(session, person_id=person.id, start=first, end=today)
        if measure.value in entry.values
    }
    status = pacing_status(
        activity,
        measure=measure,
        start=plan.start_day,
        today=today,
        flare_days=flare_days_of(flares),
        boom_bust_days=pattern,
        rule=rule,
    )
    return _Computed(status, tuple(flares), frozenset(pattern))


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
            {
                "start": flare.start.isoformat(),
                "end": flare.end.isoformat(),
                "confirmed": flare.confirmed,
            }
            for flare in view.flares
        ],
    }
