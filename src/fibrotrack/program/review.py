"""The weekly review: what was planned, what was done, and how the symptoms moved.

Symptoms are compared as the mean of the days logged this week against the mean of the days
logged the week before. Days not logged are left out, never counted as zero, and a week with
fewer than ``MIN_DAYS_TO_COMPARE`` logged days is not compared at all. A change between two
weeks is a description, not a cause: many things move symptoms from one week to the next.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fibrotrack.program.adherence import WeekAdherence, week_adherence, week_start
from fibrotrack.program.plan import PlanPeriod
from fibrotrack.program.sessions import PracticeSession

MIN_DAYS_TO_COMPARE = 3
MIN_CHANGE_TO_NAME = 0.5


@dataclass(frozen=True)
class SymptomWeek:
    """One variable in two consecutive weeks: means over the days logged in each."""

    key: str
    mean: float | None
    days_logged: int
    previous_mean: float | None
    previous_days_logged: int

    @property
    def change(self) -> float | None:
        """This week's mean minus last week's, when both weeks have enough logged days."""
        if (
            self.mean is None
            or self.previous_mean is None
            or self.days_logged < MIN_DAYS_TO_COMPARE
            or self.previous_days_logged < MIN_DAYS_TO_COMPARE
        ):
            return None
        return self.mean - self.previous_mean


@dataclass(frozen=True)
class WeeklyReview:
    week_start: date
    week_end: date
    planned: tuple[WeekAdherence, ...]
    unplanned_sessions: Mapping[str, int]
    symptoms: tuple[SymptomWeek, ...]


def _mean(values: Mapping[date, float], first: date, last: date) -> tuple[float | None, int]:
    logged = [value for day, value in values.items() if first <= day <= last]
    return (sum(logged) / len(logged) if logged else None), len(logged)


def weekly_review(
    periods: Sequence[PlanPeriod],
    sessions: Sequence[PracticeSession],
    symptoms: Mapping[str, Mapping[date, float]],
    *,
    day: date,
    today: date,
) -> WeeklyReview:
    """The review of the week (Monday to Sunday) that contains ``day``, counting up to today.

    ``symptoms`` maps a variable key (pain, fatigue, …) to its logged values by day.
    """
    monday = week_start(day)
    sunday = monday + timedelta(days=6)
    last = min(sunday, today)
    practice_ids = sorted({period.practice_id for period in periods})
    planned = []
    for practice_id in practice_ids:
        week = week_adherence(
            periods, sessions, practice_id=practice_id, monday=monday, today=today
        )
        if week is not None:
            planned.append(week)
    unplanned: dict[str, int] = {}
    for session in sessions:
        if not monday <= session.day <= last:
            continue
        if any(p.practice_id == session.practice_id and p.covers(session.day) for p in periods):
            continue
        unplanned[session.practice_id] = unplanned.get(session.practice_id, 0) + 1
    moves = []
    for key, values in symptoms.items():
        mean, days = _mean(values, monday, last)
        previous, previous_days = _mean(values, monday - timedelta(days=7), monday - timedelta(1))
        moves.append(SymptomWeek(key, mean, days, previous, previous_days))
    return WeeklyReview(
        week_start=monday,
        week_end=sunday,
        planned=tuple(planned),
        unplanned_sessions=dict(sorted(unplanned.items())),
        symptoms=tuple(moves),
    )


@dataclass(frozen=True)
class WentWell:
    """What the review can name plainly: practices whose planned sessions were all done, and
    symptoms that moved by at least ``MIN_CHANGE_TO_NAME`` points (0–10) between two weeks
    that both had enough logged days. Smaller moves are not named either way."""

    practices_done: tuple[str, ...]
    better: tuple[SymptomWeek, ...]
    worse: tuple[SymptomWeek, ...]


def went_well(review: WeeklyReview, higher_is_worse: Mapping[str, bool]) -> WentWell:
    """The review's plain highlights; ``higher_is_worse`` gives each rating's direction."""
    done = tuple(
        week.practice_id
        for week in review.planned
        if week.planned_sessions and week.done_sessions >= week.planned_sessions
    )
    better: list[SymptomWeek] = []
    worse: list[SymptomWeek] = []
    for move in review.symptoms:
        change = move.change
        if change is None or abs(change) < MIN_CHANGE_TO_NAME or move.key not in higher_is_worse:
            continue
        improved = change < 0 if higher_is_worse[move.key] else change > 0
        (better if improved else worse).append(move)
    return WentWell(done, tuple(better), tuple(worse))
