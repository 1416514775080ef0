"""Flare episodes found against the person's own rolling baseline.

There is no validated numeric definition of a fibromyalgia flare (Vincent et al. 2016;
Gomez-Arguelles et al. 2022 say so explicitly). fibrotrack's rule is therefore a documented
product decision, with every threshold configurable (``FlareRule``):

1. Baseline of each day: median and 1.4826 × MAD of the person's ratings on days t−90..t−8
   (the latest week is left out so a flare does not hide itself), spread at least 0.75 points,
   at least 21 logged days.
2. Robust z-score of each symptom, averaged over the symptoms logged that day (default pain and
   fatigue).
3. An exponentially weighted moving average (EWMA; Roberts 1959) e_t = 0.3 z_t + 0.7 e_{t−1},
   carried unchanged over days not logged.
4. Hysteresis: the alarm switches on when e_t > 1.25 and off when e_t < 0.25.
5. The episode is the run of elevated days (z ≥ 1) around the alarm: it starts at the first
   elevated day of the run that set the alarm off and ends at the last elevated day before the
   alarm switched off. Episodes shorter than 3 days are single bad days, not flares.

On synthetic two-year diaries (docs/benchmarks.md) the default finds 62% of +2-point flares of
5–21 days with 1.5 false alarms a year; the "quiet" preset (on > 1.5, off < 0.5) finds 49% with
one false alarm a year. The person's own confirmations are the final word.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from fibrotrack.analysis.baseline import (
    BaselineWindow,
    FloatArray,
    Ratings,
    chosen_symptoms,
    combined_z,
    nanmean_rows,
    on_calendar,
)
from fibrotrack.diary.errors import InvalidEntry

DEFAULT_SYMPTOMS: tuple[str, ...] = ("pain", "fatigue")


@dataclass(frozen=True)
class FlareEpisode:
    """A flare: its first and last day, the day it peaked, the symptoms' mean rating on that
    day (0–10 points) and ``severity``, the mean rise above the personal baseline over the
    episode in the symptoms' own points."""

    start: date
    end: date
    peak_day: date
    peak: float
    severity: float

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class FlareRule:
    """The thresholds of the flare rule (see the module docstring)."""

    baseline_days: int = 90
    skip_recent: int = 7
    min_baseline_days: int = 21
    spread_floor: float = 0.75
    smoothing: float = 0.3
    on_above: float = 1.25
    off_below: float = 0.25
    elevated: float = 1.0
    min_days: int = 3

    def __post_init__(self) -> None:
        if not 0 < self.smoothing <= 1:
            raise InvalidEntry("smoothing", "must be above 0 and at most 1")
        if self.off_below >= self.on_above:
            raise InvalidEntry("off_below", "must be below the switch-on threshold")
        if self.skip_recent < 0 or self.baseline_days <= self.skip_recent:
            raise InvalidEntry("baseline_days", "must be longer than the recent days skipped")
        if self.spread_floor <= 0:
            raise InvalidEntry("spread_floor", "must be above 0")
        if self.min_days < 1:
            raise InvalidEntry("min_days", "must be at least 1")

    @property
    def window(self) -> BaselineWindow:
        return BaselineWindow(
            days=self.baseline_days - self.skip_recent,
            skip_recent=self.skip_recent,
            min_logged=self.min_baseline_days,
            floor=self.spread_floor,
        )


SENSITIVE = FlareRule(on_above=1.25, off_below=0.25)
QUIET = FlareRule(on_above=1.5, off_below=0.5)
FLARE_PRESETS: dict[str, FlareRule] = {"sensitive": SENSITIVE, "quiet": QUIET}
DEFAULT_FLARE_RULE = SENSITIVE


def detect_flares(
    days: Sequence[date],
    ratings: Ratings,
    *,
    symptoms: Sequence[str] = DEFAULT_SYMPTOMS,
    rule: FlareRule = DEFAULT_FLARE_RULE,
) -> list[FlareEpisode]:
    """Flare episodes in daily ratings, oldest first.

    ``days`` are the logged days in order (days not listed are missing); ``ratings`` is one
    series of 0–10 ratings, or several symptoms by name, each with one value per day (None or
    NaN when not logged). Of a mapping, the ``symptoms`` present are combined.
    """
    calendar, grid = on_calendar(days, chosen_symptoms(ratings, symptoms))
    z, rise = combined_z(grid, rule.window)
    level = nanmean_rows(np.vstack(list(grid.values())))
    episodes = []
    for first, last in _alarm_runs(z, rule):
        start, end = _elevated_span(z, first, last, rule.elevated)
        if end - start + 1 < rule.min_days:
            continue
        span = slice(start, end + 1)
        peak_index = start + int(np.nanargmax(rise[span]))
        episodes.append(
            FlareEpisode(
                start=calendar.day(start),
                end=calendar.day(end),
                peak_day=calendar.day(peak_index),
                peak=round(float(level[peak_index]), 2),
                severity=round(float(np.nanmean(rise[span])), 2),
            )
        )
    return episodes


def checkable_days(
    days: Sequence[date],
    ratings: Ratings,
    *,
    symptoms: Sequence[str] = DEFAULT_SYMPTOMS,
    rule: FlareRule = DEFAULT_FLARE_RULE,
) -> list[date]:
    """The days the rule could judge: a symptom was rated and had a baseline of enough earlier
    ratings. On other days "no flare" would mean "not known", not "none"."""
    calendar, grid = on_calendar(days, chosen_symptoms(ratings, symptoms))
    z, _ = combined_z(grid, rule.window)
    return [calendar.day(int(index)) for index in np.flatnonzero(~np.isnan(z))]


def flare_signal(z: FloatArray, smoothing: float) -> FloatArray:
    """The EWMA of the combined z-score, carried over days without a z-score (0 before the
    first one)."""
    signal = np.empty(len(z))
    current = 0.0
    for t, value in enumerate(z):
        if not np.isnan(value):
            current = smoothing * float(value) + (1 - smoothing) * current
        signal[t] = current
    return signal


def _alarm_runs(z: FloatArray, rule: FlareRule) -> list[tuple[int, int]]:
    """(first, last) day indices of each period the alarm was on."""
    signal = flare_signal(z, rule.smoothing)
    runs = []
    on_since: int | None = None
    for t, value in enumerate(signal):
        if on_since is None and value > rule.on_above:
            on_since = t
        elif on_since is not None and value < rule.off_below:
            runs.append((on_since, t - 1))
            on_since = None
    if on_since is not None:
        runs.append((on_since, len(signal) - 1))
    return runs


def _elevated_span(z: FloatArray, first: int, last: int, elevated: float) -> tuple[int, int]:
    """The run of elevated logged days around an alarm from ``first`` to ``last``."""
    start = first
    for t in range(first - 1, -1, -1):
        if np.isnan(z[t]):
            continue
        if z[t] < elevated:
            break
        start = t
    high = [t for t in range(first, last + 1) if not np.isnan(z[t]) and z[t] >= elevated]
    end = high[-1] if high else first
    return start, end
