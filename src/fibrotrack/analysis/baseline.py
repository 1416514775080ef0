"""Daily series on the calendar and the person's own rolling baseline.

Every analysis works on a calendar grid: one slot per day from the first to the last day, with
NaN where nothing was logged. A missing day stays missing; it is never filled with zero or with
the day before.

The personal baseline of a day is robust: the median of the person's own ratings over a window
of earlier days, and a spread of 1.4826 × the median absolute deviation (MAD), which estimates
the standard deviation for normal data and ignores a minority of extreme days such as a flare
(Hampel 1974; Rousseeuw & Croux 1993).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from fibrotrack.diary.errors import InvalidEntry

FloatArray = NDArray[np.float64]
MAD_TO_SD = 1.4826

# One value per listed day, None or NaN when not logged.
Values = Sequence[float | None] | NDArray[np.float64]
# Ratings as analyses accept them: one series, or several symptoms by name.
Ratings = Mapping[str, Values] | Values


@dataclass(frozen=True)
class Calendar:
    """Consecutive days from ``first`` for ``length`` days."""

    first: date
    length: int

    def day(self, index: int) -> date:
        return self.first + timedelta(days=int(index))

    def index(self, day: date) -> int:
        return (day - self.first).days

    @property
    def last(self) -> date:
        return self.day(self.length - 1)

    @property
    def days(self) -> list[date]:
        return [self.day(i) for i in range(self.length)]


def as_float(values: Values, field: str) -> FloatArray:
    """Values as floats with None → NaN; infinities are rejected."""
    array = np.array([np.nan if value is None else value for value in values], dtype=np.float64)
    if np.isinf(array).any():
        raise InvalidEntry(field, "holds an infinite value")
    return array


def on_calendar(
    days: Sequence[date], columns: Mapping[str, Values]
) -> tuple[Calendar, dict[str, FloatArray]]:
    """Place each column's values on the calendar from the first to the last day.

    ``days`` must be strictly increasing; days that are not listed become NaN, as do None and
    NaN values.
    """
    if not days:
        raise InvalidEntry("days", "no days given")
    ordinals = np.array([day.toordinal() for day in days])
    if np.any(np.diff(ordinals) <= 0):
        raise InvalidEntry("days", "days must be in order, each day at most once")
    calendar = Calendar(days[0], int(ordinals[-1] - ordinals[0]) + 1)
    slots = ordinals - ordinals[0]
    placed: dict[str, FloatArray] = {}
    for name, values in columns.items():
        if len(values) != len(days):
            raise InvalidEntry(name, f"has {len(values)} values for {len(days)} days")
        grid = np.full(calendar.length, np.nan)
        grid[slots] = as_float(values, name)
        placed[name] = grid
    return calendar, placed


def chosen_symptoms(ratings: Ratings, symptoms: Sequence[str]) -> dict[str, Values]:
    """The ``symptoms`` present in a mapping of ratings, or a single series as it is."""
    if not isinstance(ratings, Mapping):
        return {"rating": ratings}
    chosen = {name: ratings[name] for name in symptoms if name in ratings}
    if not chosen:
        raise InvalidEntry("symptoms", f"none of {', '.join(symptoms)} is in the ratings given")
    return chosen


@dataclass(frozen=True)
class BaselineWindow:
    """Which earlier days make a day's baseline: ``days`` days ending ``skip_recent`` days before
    it, of which at least ``min_logged`` must be logged; the spread is at least ``floor``."""

    days: int
    skip_recent: int
    min_logged: int
    floor: float


def rolling_baseline(values: FloatArray, window: BaselineWindow) -> tuple[FloatArray, FloatArray]:
    """Per day, the median and robust spread of the window of earlier days (NaN where the
    window holds fewer than ``min_logged`` logged days)."""
    n = len(values)
    lead = window.days + window.skip_recent
    padded = np.concatenate([np.full(lead, np.nan), values])
    # Window of day t: padded[t : t + window.days] = values[t - lead : t - skip_recent].
    windows = sliding_window_view(padded, window.days)[:n]
    logged = np.sum(~np.isnan(windows), axis=1)
    enough = logged >= max(window.min_logged, 1)
    median = np.full(n, np.nan)
    spread = np.full(n, np.nan)
    if enough.any():
        chosen = windows[enough]
        centre = row_medians(chosen)
        mad = row_medians(np.abs(chosen - centre[:, None]))
        median[enough] = centre
        spread[enough] = np.maximum(MAD_TO_SD * mad, window.floor)
    return median, spread


def row_medians(rows: FloatArray) -> FloatArray:
    """The median of each row over its logged (non-NaN) values; every row must hold at least
    one. The same numbers as ``np.nanmedian(rows, axis=1)``, which on short rows goes through
    masked arrays and costs several times more; the flare rule runs on every Trends page."""
    ordered = np.sort(rows, axis=1)  # NaN sorts last
    counts = np.sum(~np.isnan(rows), axis=1)
    low = np.take_along_axis(ordered, ((counts - 1) // 2)[:, None], axis=1)[:, 0]
    high = np.take_along_axis(ordered, (counts // 2)[:, None], axis=1)[:, 0]
    return (low + high) / 2


def combined_z(
    columns: Mapping[str, FloatArray], window: BaselineWindow
) -> tuple[FloatArray, FloatArray]:
    """The mean robust z-score over the given symptoms per day, and the mean rise above
    baseline in the symptoms' own points. NaN where no symptom has both a value and a baseline.
    """
    zs = []
    rises = []
    for values in columns.values():
        median, spread = rolling_baseline(values, window)
        zs.append((values - median) / spread)
        rises.append(values - median)
    return nanmean_rows(np.vstack(zs)), nanmean_rows(np.vstack(rises))


def nanmean_rows(stack: FloatArray) -> FloatArray:
    """The mean of each column over its non-missing rows; NaN where all are missing."""
    counts = np.sum(~np.isnan(stack), axis=0)
    totals = np.nansum(stack, axis=0)
    return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
