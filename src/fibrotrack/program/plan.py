"""A person's plan: which practices, on what schedule, from when to when.

A plan is a history of periods. Adding a practice opens a period; stopping it closes the period
(its stop day is the last day it was in the plan); changing its schedule closes the period the
day before and opens a new one, so every version stays on record. A change made on the day a
period started corrects that period instead, since it was never followed in its first form.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fibrotrack.diary import InvalidEntry, check_day, check_not_too_early

MAX_DAYS_PER_WEEK = 7
MAX_MINUTES = 600


@dataclass(frozen=True)
class Schedule:
    """How often a practice is planned: days a week and, optionally, minutes each time.

    A practice without days (a clinic visit, a supplement) is in the plan without a weekly
    schedule, and has no adherence to count.
    """

    days_per_week: int | None = None
    minutes: int | None = None

    def describe(self) -> str:
        if self.days_per_week is None:
            return "no weekly schedule"
        days = "every day" if self.days_per_week == 7 else f"{self.days_per_week} days a week"
        return f"{self.minutes} min, {days}" if self.minutes else days


@dataclass(frozen=True)
class PlanPeriod:
    """One version of one practice in the plan: a schedule from ``start`` to ``stop``
    (inclusive; ``None`` while it goes on)."""

    practice_id: str
    schedule: Schedule
    start: date
    stop: date | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.stop is None or day <= self.stop)


def check_schedule(days_per_week: int | None, minutes: int | None) -> Schedule:
    """A schedule, or ``InvalidEntry`` naming the field that is out of range."""
    if days_per_week is not None and not 1 <= days_per_week <= MAX_DAYS_PER_WEEK:
        raise InvalidEntry("days", f"must be from 1 to {MAX_DAYS_PER_WEEK} days a week")
    if minutes is not None:
        if not 1 <= minutes <= MAX_MINUTES:
            raise InvalidEntry("minutes", f"must be from 1 to {MAX_MINUTES} minutes")
        if days_per_week is None:
            raise InvalidEntry("days", "give the days a week the minutes are for")
    return Schedule(days_per_week=days_per_week, minutes=minutes)


def active_period(periods: Iterable[PlanPeriod], practice_id: str) -> PlanPeriod | None:
    """The open period of ``practice_id`` (not stopped), if any."""
    for period in periods:
        if period.practice_id == practice_id and period.stop is None:
            return period
    return None


def check_start(periods: Iterable[PlanPeriod], practice_id: str, start: date, today: date) -> date:
    """``start`` if the practice can be added from then: not in the future, not already in the
    plan, and not overlapping an earlier period of the same practice."""
    if start > today:
        raise InvalidEntry(
            "start", f"{start.isoformat()} is in the future; add a practice on the day you begin"
        )
    check_not_too_early(start, "start")
    periods = list(periods)
    current = active_period(periods, practice_id)
    if current is not None:
        raise InvalidEntry(
            "practice",
            f"{practice_id} is already in your plan since {current.start.isoformat()}; "
            "change or stop it instead",
        )
    for period in periods:
        if period.practice_id == practice_id and period.stop is not None and start <= period.stop:
            raise InvalidEntry(
                "start",
                f"{practice_id} was in your plan until {period.stop.isoformat()}; "
                "start it again after that day",
            )
    return start


def check_stop(period: PlanPeriod, day: date, today: date) -> PlanPeriod:
    """The open ``period`` if it can be stopped on ``day`` (its last day)."""
    practice_id = period.practice_id
    check_day(day, today)
    if day < period.start:
        raise InvalidEntry(
            "date", f"{practice_id} started on {period.start.isoformat()}, after {day.isoformat()}"
        )
    return period


def check_change(period: PlanPeriod, schedule: Schedule, day: date, today: date) -> PlanPeriod:
    """The open ``period`` if its schedule can change to ``schedule`` from ``day`` (the first
    day of the new schedule). A change gives the days a week: one without would leave the
    practice in the plan with nothing to count, so to end it, stop it."""
    practice_id = period.practice_id
    if schedule.days_per_week is None:
        raise InvalidEntry(
            "days", f"give the new days a week (and minutes); to end {practice_id}, stop it"
        )
    check_day(day, today)
    if day < period.start:
        raise InvalidEntry(
            "date", f"{practice_id} started on {period.start.isoformat()}, after {day.isoformat()}"
        )
    if schedule == period.schedule:
        raise InvalidEntry("schedule", f"{practice_id} already has that schedule")
    return period
