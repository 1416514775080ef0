"""Daily series as charts show them: a trailing mean that respects missing days."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


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
    by_ordinal = {day.toordinal(): value for day, value in values.items()}
    means: dict[date, float] = {}
    for ordinal in range(start.toordinal(), end.toordinal() + 1):
        logged = [
            by_ordinal[d] for d in range(ordinal, ordinal - window.days, -1) if d in by_ordinal
        ]
        if len(logged) >= window.min_days:
            means[date.fromordinal(ordinal)] = sum(logged) / len(logged)
    return means
