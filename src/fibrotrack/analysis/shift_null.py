"""The circular-shift check: is the factor's alignment with the outcome unusual for these two
particular series?

Both series are residualised on the trend and weekday controls. The covariance of the outcome
with the factor L days earlier is compared with its covariances at every circular shift s of
15 to T−15 days, which keep each series' own autocorrelation and break their alignment (the
idea of surrogate-data tests; Theiler et al. 1992). The shift distribution calibrates a
z-score, z = c(L) / RMS(c(s)), referred to N(0, 1): with a year of data there are only about 335
shifts, far too few for an empirical p-value to survive Benjamini–Hochberg over hundreds of
tests (``statistics.md`` §2.3), so the shifts estimate the spread instead. Missing days are
zeros in the products and counted out of the denominators (amplitude modulation; Datta & Du
2012). All shifts of all factors come from one FFT per factor.
"""

import numpy as np
from numpy.typing import NDArray

from fibrotrack.analysis.baseline import FloatArray
from fibrotrack.analysis.gls import residuals_on

MIN_SHIFT = 15


def _residuals_on_grid(values: FloatArray, controls: FloatArray) -> FloatArray:
    """Residuals of each column on the controls over its logged days; 0 where not logged."""
    out = np.zeros_like(values)
    masks = ~np.isnan(values)
    patterns: dict[bytes, list[int]] = {}
    for column in range(values.shape[1]):
        patterns.setdefault(masks[:, column].tobytes(), []).append(column)
    for members in patterns.values():
        rows = np.flatnonzero(masks[:, members[0]])
        if len(rows) <= controls.shape[1]:
            continue
        columns = np.array(members)
        out[np.ix_(rows, columns)] = residuals_on(controls[rows], values[np.ix_(rows, columns)])
    return out


def shift_calibrated_z(
    outcome: FloatArray,
    factors: FloatArray,
    controls: FloatArray,
    lags: NDArray[np.int64],
) -> FloatArray:
    """The shift-calibrated z-scores, factors × lags; NaN where the series are too short for
    shifts (fewer than 2 × 15 + 20 days) or share fewer than 10 logged days."""
    n, k = factors.shape
    result = np.full((k, len(lags)), np.nan)
    if n < 2 * MIN_SHIFT + 20 or k == 0:
        return result
    y = _residuals_on_grid(outcome[:, None], controls)[:, 0]
    x = _residuals_on_grid(factors, controls)
    y_mask = (~np.isnan(outcome)).astype(np.float64)
    x_mask = (~np.isnan(factors)).astype(np.float64)
    y_f = np.fft.rfft(y)
    m_f = np.fft.rfft(y_mask)
    products = np.fft.irfft(y_f[None, :] * np.conj(np.fft.rfft(x.T, axis=1)), n=n, axis=1)
    counts = np.fft.irfft(m_f[None, :] * np.conj(np.fft.rfft(x_mask.T, axis=1)), n=n, axis=1)
    shifts = np.arange(MIN_SHIFT, n - MIN_SHIFT + 1)
    shifted_counts = np.rint(counts[:, shifts])
    usable = shifted_counts >= 10
    null = np.where(usable, products[:, shifts] / np.maximum(shifted_counts, 1), 0.0)
    spread = np.sqrt(np.sum(null * null, axis=1) / np.maximum(usable.sum(axis=1), 1))
    for column, lag in enumerate(lags):
        observed = y[lag:, None] * x[: n - lag]
        pairs = y_mask[lag:, None] * x_mask[: n - lag]
        count = pairs.sum(axis=0)
        covariance = observed.sum(axis=0) / np.maximum(count, 1)
        ok = (spread > 0) & (count >= 10)
        result[:, column] = np.where(ok, covariance / np.where(spread > 0, spread, 1.0), np.nan)
    return result
