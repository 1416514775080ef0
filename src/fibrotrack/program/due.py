"""The practices of today's plan, and which of them are still due today.

A practice with a weekly schedule is *due* today while it has not been logged today and this
week's sessions (Monday to Sunday, as ``adherence`` counts them) are fewer than the week asks
for. A practice logged today is shown as done; one whose week is already complete is not due,
so a person doing 3 days a week is not asked again on the fourth day. Practices without a
weekly schedule (a clinic visit, a supplement) are never due.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fibrotrack.program.adherence import DAYS_IN_WEEK, week_adherence, week_start
from fibrotrack.program.plan import PlanPeriod, Schedule
from fibrotrack.program.sessions import PracticeSession


@dataclass(frozen=True)
class PracticeToday:
    """A scheduled practice of today's plan: this week's sessions so far and whether it was
    logged today."""

    practice_id: str
    schedule: Schedule
    week_sessions: int
    week_done: int
    done_today: bool

    @property
    def due(self) -> bool:
        return not self.done_today and self.week_done < self.week_sessions


def practices_today(
    periods: Sequence[PlanPeriod], sessions: Sequence[PracticeSession], *, today: date
) -> tuple[PracticeToday, ...]:
    """Every practice with a weekly schedule in today's plan, due ones first, then by id."""
    monday = week_start(today)
    sunday = monday + timedelta(days=DAYS_IN_WEEK - 1)
    logged_today = {s.practice_id for s in sessions if s.day == today}
    found = []
    for period in periods:
        if not period.covers(today) or period.schedule.days_per_week is None:
            continue
        week = week_adherence(
            periods,
            [s for s in sessions if s.day <= today],
            practice_id=period.practice_id,
            monday=monday,
            today=sunday,
        )
        if week is None:
            continue
        found.append(
            PracticeToday(
                practice_id=period.practice_id,
                schedule=period.schedule,
                week_sessions=week.planned_sessions,
                week_done=week.done_sessions,
                done_today=period.practice_id in logged_today,
            )
        )
    return tuple(sorted(found, key=lambda practice: (not practice.due, practice.practice_id)))
