"""Boom and bust: days of much more activity than usual, followed by a symptom rise.

Post-exertional worsening typically starts 12–72 hours after the exertion (Chu et al. 2018,
PLoS One 13:e0197811), and overactivity followed by enforced rest is a recognised pattern in
chronic pain (Andrews et al. 2012, Arch Phys Med Rehabil 93:2109). fibrotrack counts it plainly:

* A **boom day** has activity at least ``ratio`` (default 1.5) times the median of the person's
  previous 28 days (at least 14 of them logged): an acute:chronic load ratio, the measure used
  for training load (Gabbett 2016, Br J Sports Med 50:273, where ratios above 1.5 marked risk).
* A **symptom rise** is a day whose symptoms (mean robust z-score of pain and fatigue by
  default) are at least 1 spread above the median of the 28 days ending 4 days before it, so
  the days right after a boom never count in their own baseline.
* A **bust** is a boom day followed by a symptom rise 1 to 3 days later. The rate is busts per
  boom day with symptoms logged on at least one of those days; the typical lag is the most
  common number of days to the first rise.
* **By chance**: the same rate on the other days. A rise within three days happens after some
  ordinary days too; only a boom rate clearly above the chance rate says something, and even
  then it is a pattern, not proof: a bad spell can also follow a good day for other reasons.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from fibrotrack.analysis.baseline import (
    BaselineWindow,
    FloatArray,
    Ratings,
    Values,
    chosen_symptoms,
    combined_z,
    on_calendar,
    rolling_baseline,
)
from fibrotrack.analysis.flares import DEFAULT_SYMPTOMS
from fibrotrack.diary.errors import InvalidEntry


@dataclass(frozen=True)
class BoomRule:
    """The thresholds of the boom-bust count (see the module docstring)."""

    baseline_days: int = 28
    min_baseline_days: int = 14
    ratio: float = 1.5
    first_lag: int = 1
    last_lag: int = 3
    rise_z: float = 1.0
    spread_floor: float = 0.75

    def __post_init__(self) -> None:
        if self.ratio <= 1:
            raise InvalidEntry("ratio", "must be above 1 (more activity than usual)")
        if not 1 <= self.first_lag <= self.last_lag:
            raise InvalidEntry("last_lag", "lags must satisfy 1 ≤ first ≤ last")
        if self.min_baseline_days < 1 or self.baseline_days < self.min_baseline_days:
            raise InvalidEntry("baseline_days", "must hold at least the minimum logged days")


@dataclass(frozen=True)
class BoomBust:
    """Boom days, the busts among them, and how often and how soon busts follow."""

    boom_days: list[date]
    busts: list[date]
    rate: float
    typical_lag: int | None
    judged: int
    chance_rate: float | None
    lag_counts: dict[int, int] = field(default_factory=dict)


def find_boom_bust(
    days: Sequence[date],
    activity: Values,
    ratings: Ratings,
    *,
    symptoms: Sequence[str] = DEFAULT_SYMPTOMS,
    rule: BoomRule | None = None,
) -> BoomBust:
    """Boom days in ``activity`` (steps, active minutes, …) and how often ``ratings`` rose
    1–3 days after them. ``rate`` is 0.0 when no boom day could be judged; ``typical_lag`` is
    None when there was no bust."""
    rule = rule or BoomRule()
    columns = chosen_symptoms(ratings, symptoms)
    if "activity" in columns:
        raise InvalidEntry("symptoms", "a symptom cannot be named 'activity'")
    calendar, grid = on_calendar(days, {"activity": activity, **columns})
    load = grid.pop("activity")
    boom = _boom_mask(load, rule)
    z, _ = combined_z(
        grid,
        BaselineWindow(
            days=rule.baseline_days,
            skip_recent=rule.last_lag,
            min_logged=rule.min_baseline_days,
            floor=rule.spread_floor,
        ),
    )
    first_rise = _first_rise_lag(z, rule)
    judged = ~np.isnan(first_rise)
    booms = np.flatnonzero(boom)
    judged_booms = booms[judged[booms]]
    lags = first_rise[judged_booms]
    bust_index = judged_booms[lags > 0]
    lag_counts = Counter(int(lag) for lag in lags[lags > 0])
    others = judged & ~boom & ~np.isnan(load)
    return BoomBust(
        boom_days=[calendar.day(int(i)) for i in booms],
        busts=[calendar.day(int(i)) for i in bust_index],
        rate=len(bust_index) / len(judged_booms) if len(judged_booms) else 0.0,
        typical_lag=min(lag_counts, key=lambda lag: (-lag_counts[lag], lag))
        if lag_counts
        else None,
        judged=len(judged_booms),
        chance_rate=float(np.mean(first_rise[others] > 0)) if others.any() else None,
        lag_counts=dict(sorted(lag_counts.items())),
    )


def _boom_mask(load: FloatArray, rule: BoomRule) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
    median, _ = rolling_baseline(
        load,
        BaselineWindow(
            days=rule.baseline_days, skip_recent=0, min_logged=rule.min_baseline_days, floor=0.0
        ),
    )
    usual = np.where(np.isnan(median), np.inf, median)
    return np.asarray((usual > 0) & (load >= rule.ratio * usual), dtype=np.bool_)


def _first_rise_lag(z: FloatArray, rule: BoomRule) -> FloatArray:
    """Per day d: the first lag in first..last with a symptom rise on day d + lag; 0 when the
    symptoms were logged on some of those days without a rise; NaN when none was logged."""
    n = len(z)
    result = np.full(n, np.nan)
    for lag in range(rule.last_lag, rule.first_lag - 1, -1):
        later = np.full(n, np.nan)
        later[: max(n - lag, 0)] = z[lag:]
        logged = ~np.isnan(later)
        rose = logged & (np.nan_to_num(later, nan=-np.inf) >= rule.rise_z)
        result = np.where(rose, lag, np.where(logged & np.isnan(result), 0.0, result))
    return result
