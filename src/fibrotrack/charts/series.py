"""Daily series as charts show them: a trailing mean that respects missing days."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class MeanWindow:
    """A trailing window of ``days`` days; the mean is shown only when at least ``min_days``
    of them were logged, so a mean never stands on one or two days."""

    days: int = 7
    min_days: int = 4


def rolling_mean(
    values: Mapping[date, float], start: date, end: date, window: MeanWindow = MeanWindow()
) -> dict[date, float]:
    """The trailing mean for each day in [start, end] with enough logged days in its window.

    Days before ``start`` that are in ``values`` feed the first windows. Missing days are
    left out of the mean (never counted as zero); a day whose window holds fewer than
    ``window.min_days`` values has no mean.
    """
    means: dict[date, float] = {}
    day = start
    while day <= end:
        logged = [
            values[d]
            for offset in range(window.days)
            if (d := day - timedelta(days=offset)) in values
        ]
        if len(logged) >= window.min_days:
            means[day] = sum(logged) / len(logged)
        day += timedelta(days=1)
    return means
