"""What one person shares with the community when they opt in: coarse, structured outcomes
derived from their own data, recomputed whenever they refresh it.

A contribution holds, and holds only (docs/community.md lists every field):

- the month it was computed, as ``YYYY-MM`` (no finer date anywhere);
- per practice from the catalogue that was in their plan: whole weeks in the plan (capped at
  52), adherence over its complete weeks (rounded down to 10%), whether they kept it up (at
  least ``kept_up_weeks`` weeks at ``kept_up_adherence`` or more), the FIQR change from just
  before the start to the latest FIQR while practising (whole points), whether that latest
  visit was an FM30 responder (short version, Arnold 2012), and flares per year in the 180
  days before the start and while practising (whole flares);
- per shared factor (``fibrotrack.analysis.shared_factors``, a fixed list): their own effect
  estimate on pain and its standard error.

No free text, no tag or practice a person named themselves, no dates, no name, no answers.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fibrotrack.analysis.shared_factors import SHARED_FACTOR_KEYS, OwnFit
from fibrotrack.community.rules import CommunityRules
from fibrotrack.diary import DayEntry
from fibrotrack.program import PlanPeriod, PracticeSession, overall, weekly_adherence
from fibrotrack.status import Assessment, FlareEpisode, evaluate_status

MAX_WEEKS = 52


@dataclass(frozen=True)
class PracticeOutcome:
    practice_id: str
    weeks: int
    adherence_percent: int | None
    kept_up: bool
    fiqr_change: int | None
    fm30: bool | None
    flares_before: int | None
    flares_during: int | None


@dataclass(frozen=True)
class FactorEffect:
    factor: str
    effect: float
    se: float


@dataclass(frozen=True)
class Contribution:
    month: str
    practices: tuple[PracticeOutcome, ...]
    factors: tuple[FactorEffect, ...]


def month_of(day: date) -> str:
    """A date as the month it falls in, ``YYYY-MM``: the finest date a contribution holds."""
    return f"{day.year:04d}-{day.month:02d}"


def _days_in_plan(periods: Sequence[PlanPeriod], today: date) -> int:
    covered: set[date] = set()
    for period in periods:
        last = min(period.stop or today, today)
        covered.update(
            period.start + timedelta(days=offset)
            for offset in range((last - period.start).days + 1)
        )
    return len(covered)


@dataclass(frozen=True)
class _Span:
    start: date
    end: date  # the last day in the plan, or today while it goes on


def _fiqrs(assessments: Sequence[Assessment]) -> list[Assessment]:
    return sorted(
        (
            a
            for a in assessments
            if a.instrument == "fiqr" and a.score.valid and a.score.total is not None
        ),
        key=lambda a: a.day,
    )


def _fiqr_outcome(
    span: _Span,
    assessments: Sequence[Assessment],
    days: Sequence[DayEntry],
    flares: Sequence[tuple[date, date]],
    rules: CommunityRules,
    today: date,
) -> tuple[int | None, bool | None]:
    """The FIQR change over the practice and whether its latest visit was an FM30 responder."""
    fiqrs = _fiqrs(assessments)
    first = span.start - timedelta(days=rules.baseline_before_days)
    last = span.start + timedelta(days=rules.baseline_after_days)
    before = [a for a in fiqrs if first <= a.day <= last]
    if not before:
        return None, None
    baseline = min(before, key=lambda a: (abs((a.day - span.start).days), a.day))
    earliest = span.start + timedelta(weeks=rules.kept_up_weeks)
    latest = min(span.end + timedelta(days=rules.follow_up_after_stop_days), today)
    after = [a for a in fiqrs if earliest <= a.day <= latest and a.day > baseline.day]
    if not after:
        return None, None
    follow_up = after[-1]
    assert baseline.score.total is not None and follow_up.score.total is not None
    change = round(follow_up.score.total - baseline.score.total)
    status = evaluate_status(
        assessments,
        days,
        baseline_day=baseline.day,
        flares=[FlareEpisode(start, end) for start, end in flares],
    )
    point = next(
        (
            p
            for p in status.points
            if p.role == "follow_up" and p.first_day <= follow_up.day <= p.day
        ),
        None,
    )
    responder = None
    if point is not None and point.fm30_short is not None:
        responder = point.fm30_short.responder
    return change, responder


def _flare_rate(
    flares: Sequence[tuple[date, date]],
    logged: set[date],
    first: date,
    last: date,
    minimum_days: int,
    minimum_logged: int,
    step: float,
) -> int | None:
    """Flares starting from ``first`` to ``last`` per year, to whole flares; None when the
    window is too short or too little of it was logged."""
    length = (last - first).days + 1
    if length < minimum_days:
        return None
    if sum(1 for day in logged if first <= day <= last) < minimum_logged:
        return None
    count = sum(1 for start, _ in flares if first <= start <= last)
    return int(math.floor(count * 365 / length / step + 0.5) * step)


def derive_contribution(
    *,
    today: date,
    periods: Sequence[PlanPeriod],
    sessions: Sequence[PracticeSession],
    assessments: Sequence[Assessment],
    days: Sequence[DayEntry],
    flares: Sequence[tuple[date, date]],
    own_fits: Sequence[OwnFit],
    rules: CommunityRules,
) -> Contribution:
    """The person's contribution as of ``today`` (see the module docstring)."""
    started = [period for period in periods if period.start <= today]
    by_practice: dict[str, list[PlanPeriod]] = defaultdict(list)
    for period in started:
        by_practice[period.practice_id].append(period)
    weeks_of = defaultdict(list)
    for week in weekly_adherence(started, sessions, today=today):
        weeks_of[week.practice_id].append(week)
    logged = {entry.day for entry in days if entry.values or entry.tags}
    outcomes = []
    for practice_id, versions in sorted(by_practice.items()):
        stops = [period.stop for period in versions]
        span = _Span(
            start=min(period.start for period in versions),
            end=today if None in stops else min(today, max(d for d in stops if d is not None)),
        )
        weeks = _days_in_plan(versions, today) // 7
        ratio = overall(weeks_of[practice_id])
        kept_up = (
            ratio is not None and weeks >= rules.kept_up_weeks and ratio >= rules.kept_up_adherence
        )
        change, responder = _fiqr_outcome(span, assessments, days, flares, rules, today)
        outcomes.append(
            PracticeOutcome(
                practice_id=practice_id,
                weeks=min(weeks, MAX_WEEKS),
                adherence_percent=None if ratio is None else min(100, int(ratio * 10) * 10),
                kept_up=kept_up,
                fiqr_change=change,
                fm30=responder,
                flares_before=_flare_rate(
                    flares,
                    logged,
                    span.start - timedelta(days=rules.flare_before_days),
                    span.start - timedelta(days=1),
                    rules.flare_before_days,
                    rules.flare_before_minimum_logged,
                    rules.flare_step,
                ),
                flares_during=_flare_rate(
                    flares,
                    logged,
                    span.start,
                    span.end,
                    rules.flare_during_minimum_days,
                    rules.flare_during_minimum_logged,
                    rules.flare_step,
                ),
            )
        )
    factors = tuple(
        FactorEffect(
            fit.factor.key, round(fit.estimate.effect, 2), max(round(fit.estimate.se, 3), 0.001)
        )
        for fit in own_fits
        if fit.estimate is not None and fit.factor.key in SHARED_FACTOR_KEYS
    )
    return Contribution(month=month_of(today), practices=tuple(outcomes), factors=factors)
