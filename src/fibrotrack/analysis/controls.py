"""What every regression on a diary controls for: a slow trend and the weekly cycle.

Symptoms drift over months (seasons, a slow improvement, a medication change) and habits drift
too; without a trend term every drifting factor looks associated (Granger & Newbold 1974).
The trend is an intercept, a straight line and Fourier pairs cos/sin(2πkt/T), k = 1..K, over the
span of T days, with K = round(3T/365): about three pairs per year, so swings slower than about
four months are absorbed whatever the length of the history. Keeping K fixed while the history
grows lets trend confounding back in (the design benchmark's false discoveries rose from 0.06 to
0.12 at two years with three pairs). Weekday indicators take out the weekly cycle.
"""

from datetime import date

import numpy as np

from fibrotrack.analysis.baseline import FloatArray

PAIRS_PER_YEAR = 3.0


def fourier_pairs(span_days: int) -> int:
    """How many Fourier pairs the trend uses over ``span_days`` days."""
    return round(PAIRS_PER_YEAR * span_days / 365.0)


def control_matrix(first_day: date, n_days: int, *, weekdays: bool = True) -> FloatArray:
    """Columns: intercept, linear time, the Fourier pairs, and 6 weekday indicators."""
    t = np.arange(n_days, dtype=np.float64)
    span = max(n_days, 2)
    columns = [np.ones(n_days), t / (span - 1) - 0.5]
    for k in range(1, fourier_pairs(n_days) + 1):
        angle = 2 * np.pi * k * t / span
        columns.extend([np.cos(angle), np.sin(angle)])
    if weekdays:
        weekday = (first_day.weekday() + np.arange(n_days)) % 7
        columns.extend(np.asarray(weekday == day, dtype=np.float64) for day in range(1, 7))
    return np.column_stack(columns)
