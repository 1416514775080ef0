"""The day-by-day arithmetic of the report: a rating over the period with its 7-day means, the
flares within the period, and the weeks of the graded activity plan.

A day not logged is missing (None), never zero: a 7-day mean is the mean of the logged days
among the 7 ending on that day, and only when at least 4 of them were logged.
"""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from statistics import mean

from fibrotrack.reports.model import FlareSummary, Period

MEAN_DAYS = 7
MEAN_MINIMUM_DAYS = 4


def on_period(period: Period, by_day: Mapping[date, float]) -> tuple[float | None, ...]:
    """The value of each day of the period, None where not logged."""
    return tuple(by_day.get(day) for day in period.each_day())


def seven_day_means(period: Period, by_day: Mapping[date, float]) -> tuple[float | None, ...]:
    """For each day of the period, the mean of the logged days among the 7 ending on it (days
    before the period count), or None when fewer than 4 of them were logged."""
    means: list[float | None] = []
    for day in period.each_day():
        window = [
            by_day[earlier]
            for offset in range(MEAN_DAYS)
            if (earlier := day - timedelta(days=offset)) in by_day
        ]
        means.append(mean(window) if len(window) >= MEAN_MINIMUM_DAYS else None)
    return tuple(means)


def flares_in(
    period: Period, flares: Sequence[tuple[date, date]], checked: Sequence[date]
) -> FlareSummary:
    """The flares overlapping the period, clipped to it: count, days in all, the longest; and
    how many of the period's days the rule could judge (``checked``)."""
    clipped = sorted(
        (max(start, period.start), min(end, period.end))
        for start, end in flares
        if start <= period.end and end >= period.start
    )
    lengths = [(end - start).days + 1 for start, end in clipped]
    return FlareSummary(
        episodes=tuple(clipped),
        total_days=sum(lengths),
        longest_days=max(lengths, default=0),
        checked_days=sum(1 for day in set(checked) if period.covers(day)),
        period_days=period.days,
    )


def week_mean(by_day: Mapping[date, float], monday: date, last: date) -> tuple[float | None, int]:
    """The mean of the logged days from ``monday`` to the Sunday after it (not after
    ``last``), and how many days were logged."""
    days = [
        by_day[day]
        for offset in range(7)
        if (day := monday + timedelta(days=offset)) <= last and day in by_day
    ]
    return (mean(days) if days else None), len(days)


def date_ticks(start: date, end: date, most: int = 13) -> list[tuple[date, str]]:
    """Ticks for a date axis from ``start`` to ``end``: Mondays for up to 6 weeks, the 1st and
    15th of each month for up to 5 months, else the first of every month, or of every second
    or third month to keep to ``most`` ticks (its name; the year at January and at the first
    tick)."""
    days = (end - start).days + 1
    if days <= 42:
        first = start + timedelta(days=(7 - start.weekday()) % 7)
        return [
            (day, f"{day.day} {day:%b}")
            for day in (first + timedelta(weeks=week) for week in range(days // 7 + 1))
            if day <= end
        ]
    ticks = []
    month = date(start.year, start.month, 1)
    while month <= end:
        for day in (month, month.replace(day=15)) if days <= 150 else (month,):
            if start <= day <= end:
                ticks.append(day)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    every = 1
    while len(ticks[::every]) > most:
        every += 1
    ticks = ticks[::every]
    labels = []
    for index, day in enumerate(ticks):
        if day.day == 15:
            labels.append("15")
        elif index == 0 or day.month == 1:
            labels.append(f"{day:%b %Y}")
        else:
            labels.append(f"{day:%b}")
    return list(zip(ticks, labels, strict=True))
