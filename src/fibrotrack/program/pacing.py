"""Graded activity with pacing: a daily target for one activity measure and the reason for it.

The rule (sources and rationale in docs/program.md):

1. **Baseline.** The mean of the measure over the ``baseline_days`` (14) days before the plan
   starts, leaving out flare days and days not logged. It needs at least ``min_baseline_days``
   (7) such days; until then the plan waits, and it starts on the first day that has them.
2. **Weeks.** The plan runs in weeks from its start. Week 1's target is the baseline.
3. **At the end of each week** the next week's target is decided from that week alone:
   - a flare still going on at the week's last day: **hold** (the target stays);
   - a flare that ended during the week: **step back** to the last tolerated level, the target
     of the latest week completed without a flare or boom-bust and with enough data;
   - a boom-bust pattern during the week: **hold**;
   - fewer than ``min_week_days`` (4) days logged: **hold** — never raised on missing data;
   - otherwise the week's level counts as tolerated, and if the days logged averaged at least
     ``reached_fraction`` (90%) of the target, it **rises** by ``weekly_step`` (10%);
     if not, it **holds** until it is reached.
4. **On a flare day** the target is shown as on hold, whatever the week's decision was.

Flare days and boom-bust days are inputs, found by the insight engine
(``fibrotrack.analysis``), so the rule can be tested on any planted scenario.
"""

import math
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from fibrotrack.diary import InvalidEntry

DAYS_IN_WEEK = 7
MIN_STEP_PERCENT = 1
MAX_STEP_PERCENT = 50


class Measure(StrEnum):
    """The activity measure a plan grades: a core diary variable."""

    ACTIVE_MINUTES = "activity_minutes"
    STEPS = "steps"

    @property
    def unit(self) -> str:
        return "min" if self is Measure.ACTIVE_MINUTES else "steps"

    def rounded(self, value: float) -> int:
        """A target as shown: whole minutes, or steps to the nearest 10 (halves round up)."""
        if self is Measure.STEPS:
            return math.floor(value / 10.0 + 0.5) * 10
        return math.floor(value + 0.5)

    def amount(self, value: float) -> str:
        return f"{self.rounded(value):,} {self.unit}"


class Decision(StrEnum):
    WAITING = "waiting"
    START = "start"
    RAISE = "raise"
    HOLD_FLARE = "hold_flare"
    HOLD_BOOM_BUST = "hold_boom_bust"
    HOLD_MISSING_DATA = "hold_missing_data"
    HOLD_NOT_REACHED = "hold_not_reached"
    STEP_BACK = "step_back"


@dataclass(frozen=True)
class PacingRule:
    """The rule's settings; the defaults are fibrotrack's, each one configurable."""

    weekly_step: float = 0.10
    baseline_days: int = 14
    min_baseline_days: int = 7
    min_week_days: int = 4
    reached_fraction: float = 0.9


DEFAULT_STEP_PERCENT = PacingRule().weekly_step * 100


@dataclass(frozen=True)
class Baseline:
    value: float | None
    first: date
    last: date
    days_used: int
    flare_days_left_out: int


@dataclass(frozen=True)
class PacingWeek:
    """A week of the plan, its daily target and why the target is what it is."""

    start: date
    target: float
    decision: Decision
    reason: str


@dataclass(frozen=True)
class PacingStatus:
    measure: Measure
    rule: PacingRule
    plan_start: date
    baseline: Baseline
    target: float | None
    decision: Decision
    reason: str
    in_flare: bool
    weeks: tuple[PacingWeek, ...]


def weekly_step_from_percent(percent: float) -> float:
    """The weekly step as a fraction, from a percentage between 1 and 50."""
    if not MIN_STEP_PERCENT <= percent <= MAX_STEP_PERCENT:
        raise InvalidEntry(
            "step", f"must be from {MIN_STEP_PERCENT} to {MAX_STEP_PERCENT} percent a week"
        )
    return percent / 100.0


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def baseline_before(
    activity: Mapping[date, float], flare_days: Set[date], start: date, rule: PacingRule
) -> Baseline:
    """The baseline for a plan starting on ``start``: see rule 1."""
    first, last = start - timedelta(days=rule.baseline_days), start - timedelta(days=1)
    window = _days(first, last)
    used = [activity[day] for day in window if day in activity and day not in flare_days]
    left_out = sum(1 for day in window if day in activity and day in flare_days)
    value = sum(used) / len(used) if len(used) >= rule.min_baseline_days else None
    return Baseline(value, first, last, len(used), left_out)


def _flare_start(flare_days: Set[date], day: date) -> date:
    while day - timedelta(days=1) in flare_days:
        day -= timedelta(days=1)
    return day


@dataclass
class _Plan:
    """The running state while the weeks are replayed."""

    measure: Measure
    rule: PacingRule
    level: float
    tolerated: float

    def decide(
        self,
        week: list[date],
        activity: Mapping[date, float],
        flare_days: Set[date],
        boom_bust_days: Set[date],
    ) -> tuple[Decision, str]:
        amount = self.measure.amount
        flares = [day for day in week if day in flare_days]
        logged = [activity[day] for day in week if day in activity]
        if week[-1] in flare_days:
            since = _flare_start(flare_days, week[-1]).isoformat()
            return Decision.HOLD_FLARE, (
                f"A flare was still going on at the end of last week (since {since}): the "
                f"target is held at {amount(self.level)} until it ends."
            )
        if flares:
            previous, self.level = self.level, self.tolerated
            moved = (
                f"stepped back from {amount(previous)} to {amount(self.level)}"
                if self.level < previous
                else f"stays at {amount(self.level)}"
            )
            return Decision.STEP_BACK, (
                f"After the flare ({_flare_start(flare_days, flares[0]).isoformat()} to "
                f"{flares[-1].isoformat()}) the target {moved}, the last level you managed "
                "without a flare or a crash."
            )
        busts = [day for day in week if day in boom_bust_days]
        if busts:
            return Decision.HOLD_BOOM_BUST, (
                f"Last week had a boom-bust pattern (a burst of activity and then a crash, around "
                f"{busts[0].isoformat()}): the target is held at {amount(self.level)}."
            )
        if len(logged) < self.rule.min_week_days:
            return Decision.HOLD_MISSING_DATA, (
                f"Only {len(logged)} of last week's 7 days have {self.measure.value} logged; the "
                f"target is never raised on missing data, so it stays at {amount(self.level)}."
            )
        self.tolerated = self.level
        mean = sum(logged) / len(logged)
        if mean < self.rule.reached_fraction * self.level:
            return Decision.HOLD_NOT_REACHED, (
                f"Last week you averaged {amount(mean)} on {len(logged)} logged days, below "
                f"{self.rule.reached_fraction:.0%} of the {amount(self.level)} target: it stays "
                "until you reach it."
            )
        previous = self.level
        self.level = previous * (1 + self.rule.weekly_step)
        return Decision.RAISE, (
            f"Last week you averaged {amount(mean)} on {len(logged)} logged days with no flare "
            f"or boom-bust, so the target rose {self.rule.weekly_step:.0%}, from "
            f"{amount(previous)} to {amount(self.level)}."
        )


def pacing_status(
    activity: Mapping[date, float],
    *,
    measure: Measure,
    start: date,
    today: date,
    flare_days: Set[date],
    boom_bust_days: Set[date],
    rule: PacingRule | None = None,
) -> PacingStatus:
    """Today's target for a graded activity plan that started on ``start``, replaying the rule
    week by week over the logged ``activity`` (days not logged are absent)."""
    rule = rule or PacingRule()
    begin = start
    baseline = baseline_before(activity, flare_days, begin, rule)
    while baseline.value is None and begin < today:
        begin += timedelta(days=1)
        baseline = baseline_before(activity, flare_days, begin, rule)
    in_flare = today in flare_days
    if baseline.value is None:
        return PacingStatus(
            measure=measure,
            rule=rule,
            plan_start=start,
            baseline=baseline,
            target=None,
            decision=Decision.WAITING,
            reason=(
                f"A baseline needs {measure.value} logged on at least {rule.min_baseline_days} "
                f"of {rule.baseline_days} days outside a flare; {baseline.first.isoformat()} to "
                f"{baseline.last.isoformat()} has {baseline.days_used}."
            ),
            in_flare=in_flare,
            weeks=(),
        )
    plan = _Plan(measure, rule, baseline.value, baseline.value)
    left_out = (
        f", leaving out {baseline.flare_days_left_out} flare days"
        if baseline.flare_days_left_out
        else ""
    )
    weeks = [
        PacingWeek(
            begin,
            plan.level,
            Decision.START,
            f"The first week's target is your baseline, {measure.amount(plan.level)} a day: the "
            f"mean of {baseline.days_used} logged days from {baseline.first.isoformat()} to "
            f"{baseline.last.isoformat()}{left_out}.",
        )
    ]
    monday = begin
    while monday + timedelta(days=DAYS_IN_WEEK) <= today:
        week = _days(monday, monday + timedelta(days=DAYS_IN_WEEK - 1))
        decision, reason = plan.decide(week, activity, flare_days, boom_bust_days)
        monday += timedelta(days=DAYS_IN_WEEK)
        weeks.append(PacingWeek(monday, plan.level, decision, reason))
    current = weeks[-1]
    decision, reason = current.decision, current.reason
    if in_flare:
        since = _flare_start(flare_days, today).isoformat()
        decision = Decision.HOLD_FLARE
        reason = (
            f"You are in a flare (since {since}): the target is on hold at "
            f"{measure.amount(current.target)}. Rest is part of the plan; do what you can "
            "tolerate today."
        )
    return PacingStatus(
        measure=measure,
        rule=rule,
        plan_start=begin,
        baseline=baseline,
        target=current.target,
        decision=decision,
        reason=reason,
        in_flare=in_flare,
        weeks=tuple(weeks),
    )
