"""Adherence: how much of the planned practice was done, per practice and calendar week.

The arithmetic, for one practice and one week (Monday to Sunday):

- *Days in plan* are the days of the week on which a period of the practice covers the day, up
  to today. A period with ``d`` days a week plans ``d × (its days in plan) / 7`` sessions,
  rounded half up to whole sessions, and the periods in the week add up. So a practice planned
  5 days a week that starts on a Thursday (4 days in plan) has 5 × 4 / 7 = 2.86 → 3 sessions
  planned, and a full week has exactly ``d``.
- *Planned minutes* add up each period's planned sessions × its minutes, when every period in
  the week has minutes.
- *Done sessions* are the days in plan with at least one logged session (two sessions on one
  day count once: the schedule is in days). *Done minutes* add up the logged minutes; sessions
  logged without minutes are counted apart, never as zero.
- *Adherence* is done / planned; it can pass 100%. Over several weeks, ``overall`` caps each
  week at its plan, so an extra week cannot make up for a missed one.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from fibrotrack.program.plan import PlanPeriod
from fibrotrack.program.sessions import PracticeSession

DAYS_IN_WEEK = 7


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


@dataclass(frozen=True)
class WeekAdherence:
    practice_id: str
    week_start: date
    days_in_plan: int
    planned_sessions: int
    done_sessions: int
    planned_minutes: int | None
    done_minutes: float
    sessions_without_minutes: int
    complete: bool

    @property
    def ratio(self) -> float | None:
        """Done over planned sessions, or None when nothing was planned."""
        return self.done_sessions / self.planned_sessions if self.planned_sessions else None


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def week_adherence(
    periods: Iterable[PlanPeriod],
    sessions: Iterable[PracticeSession],
    *,
    practice_id: str,
    monday: date,
    today: date,
) -> WeekAdherence | None:
    """Adherence of one practice in the week starting ``monday``, counting days up to
    ``today``; None when the practice had no weekly schedule in that week."""
    last = min(monday + timedelta(days=DAYS_IN_WEEK - 1), today)
    week_days = _days(monday, last) if last >= monday else []
    scheduled = [
        period
        for period in periods
        if period.practice_id == practice_id and period.schedule.days_per_week is not None
    ]
    planned = 0
    planned_minutes: int | None = 0
    in_plan: set[date] = set()
    for period in scheduled:
        covered = [day for day in week_days if period.covers(day)]
        if not covered:
            continue
        in_plan.update(covered)
        days_per_week = period.schedule.days_per_week or 0
        share = round_half_up(Fraction(days_per_week * len(covered), DAYS_IN_WEEK))
        planned += share
        if planned_minutes is not None and period.schedule.minutes is not None:
            planned_minutes += share * period.schedule.minutes
        else:
            planned_minutes = None
    if not in_plan:
        return None
    counted = [s for s in sessions if s.practice_id == practice_id and s.day in in_plan]
    with_minutes = [s.minutes for s in counted if s.minutes is not None]
    return WeekAdherence(
        practice_id=practice_id,
        week_start=monday,
        days_in_plan=len(in_plan),
        planned_sessions=planned,
        done_sessions=len({s.day for s in counted}),
        planned_minutes=planned_minutes,
        done_minutes=float(sum(with_minutes)),
        sessions_without_minutes=len(counted) - len(with_minutes),
        complete=monday + timedelta(days=DAYS_IN_WEEK - 1) < today,
    )


def weekly_adherence(
    periods: Sequence[PlanPeriod],
    sessions: Sequence[PracticeSession],
    *,
    today: date,
    weeks: int | None = None,
) -> list[WeekAdherence]:
    """Adherence of every scheduled practice for every week it was in the plan, oldest first,
    up to today's week; only the last ``weeks`` weeks when given."""
    scheduled = [p for p in periods if p.schedule.days_per_week is not None and p.start <= today]
    if not scheduled:
        return []
    first = week_start(min(period.start for period in scheduled))
    if weeks is not None:
        first = max(first, week_start(today) - timedelta(weeks=weeks - 1))
    by_practice: dict[str, list[PlanPeriod]] = defaultdict(list)
    for period in scheduled:
        by_practice[period.practice_id].append(period)
    result = []
    monday = first
    while monday <= today:
        for practice_id in sorted(by_practice):
            week = week_adherence(
                by_practice[practice_id],
                sessions,
                practice_id=practice_id,
                monday=monday,
                today=today,
            )
            if week is not None:
                result.append(week)
        monday += timedelta(days=DAYS_IN_WEEK)
    return result


def overall(weeks: Iterable[WeekAdherence]) -> float | None:
    """Done over planned across complete weeks, each week capped at its plan."""
    complete = [week for week in weeks if week.complete and week.planned_sessions]
    planned = sum(week.planned_sessions for week in complete)
    if not planned:
        return None
    done = sum(min(week.done_sessions, week.planned_sessions) for week in complete)
    return done / planned
