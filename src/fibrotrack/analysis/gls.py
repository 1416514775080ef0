"""Regression with AR(1) errors on days that may have gaps, vectorised over many factors.

Daily symptoms are autocorrelated: today's pain resembles yesterday's. Ordinary least squares
then understates the uncertainty of every slope (Granger & Newbold 1974). With AR(1) errors,
u_t = ρ u_{t−1} + ε_t, the covariance of two days g days apart is σ² ρ^g, whatever lies
between them, so generalised least squares (GLS) stays exact when days are missing: the
Prais–Winsten transform (Prais & Winsten 1954) uses the actual gap between consecutive logged
days. For row i with gap g, w = ρ^g and every column A becomes (A_i − w A_{i−1}) / √(1 − w²);
the first row is kept. OLS on the transformed rows is GLS; ``statistics.md`` §2.2 checked this
against statsmodels GLS with Σ_ij = ρ^|t_i − t_j|, and ``tests/test_analysis_gls.py`` does too.

Each factor's slope comes from the Frisch–Waugh–Lovell theorem: residualise the outcome and all
factors on the controls once, then β = Σx̃ỹ / Σx̃², so hundreds of factors cost one pass.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fibrotrack.analysis.baseline import FloatArray

MAX_RHO = 0.95
# A factor whose variation the controls explain to within this share has nothing left to test.
COLLINEAR_SHARE = 1e-6


def orthonormal_basis(matrix: FloatArray) -> FloatArray:
    """An orthonormal basis of the column space of ``matrix`` (rank-deficient columns dropped)."""
    if matrix.shape[1] == 0:
        return matrix
    u, s, _ = np.linalg.svd(matrix, full_matrices=False)
    if s[0] == 0:
        return u[:, :0]
    keep = s > s[0] * max(matrix.shape) * np.finfo(np.float64).eps
    return np.asarray(u[:, keep])


def residualise(basis: FloatArray, columns: FloatArray) -> FloatArray:
    """``columns`` minus their projection on the space spanned by ``basis``."""
    return np.asarray(columns - basis @ (basis.T @ columns))


def ar1_coefficient(residuals: FloatArray) -> float:
    """The lag-1 autocorrelation of residuals on the calendar (NaN where not logged), from
    pairs of consecutive logged days, clipped to [0, 0.95]; 0 with fewer than 10 pairs."""
    before, after = residuals[:-1], residuals[1:]
    both = ~np.isnan(before) & ~np.isnan(after)
    if both.sum() < 10:
        return 0.0
    a, b = before[both], after[both]
    denominator = float(np.sqrt(np.sum(a * a) * np.sum(b * b)))
    if denominator == 0:
        return 0.0
    return float(np.clip(np.sum(a * b) / denominator, 0.0, MAX_RHO))


def prais_winsten(columns: FloatArray, positions: NDArray[np.int64], rho: float) -> FloatArray:
    """The gap-aware Prais–Winsten transform of the rows of ``columns`` observed on the calendar
    days ``positions`` (increasing)."""
    if rho == 0 or len(positions) < 2:
        return columns.copy()
    w = rho ** np.diff(positions).astype(np.float64)
    scale = 1 / np.sqrt(1 - w * w)
    out = np.empty_like(columns)
    out[0] = columns[0]
    out[1:] = (columns[1:] - w[:, None] * columns[:-1]) * scale[:, None]
    return out


@dataclass(frozen=True)
class SlopeFits:
    """Per factor: the GLS slope, its standard error, residual degrees of freedom, and whether
    the controls left anything of the factor to test."""

    effect: FloatArray
    se: FloatArray
    df: int
    testable: NDArray[np.bool_]


def fit_slopes(
    outcome: FloatArray,
    controls: FloatArray,
    factors: FloatArray,
    positions: NDArray[np.int64],
    rho: float,
) -> SlopeFits:
    """GLS slopes of ``outcome`` on each column of ``factors`` separately, each adjusted for
    ``controls``, with AR(1) errors of coefficient ``rho``. All arrays hold the same rows,
    observed on calendar days ``positions``."""
    k_controls = controls.shape[1]
    transformed = prais_winsten(np.column_stack([outcome, controls, factors]), positions, rho)
    y_star = transformed[:, 0]
    basis = orthonormal_basis(transformed[:, 1 : 1 + k_controls])
    x_star = transformed[:, 1 + k_controls :]
    y_tilde = residualise(basis, y_star[:, None])[:, 0]
    x_tilde = residualise(basis, x_star)
    sxx = np.sum(x_tilde * x_tilde, axis=0)
    total = np.sum(x_star * x_star, axis=0)
    testable = sxx > COLLINEAR_SHARE * np.maximum(total, np.finfo(np.float64).tiny)
    safe_sxx = np.where(testable, sxx, 1.0)
    effect = (x_tilde.T @ y_tilde) / safe_sxx
    df = len(positions) - basis.shape[1] - 1
    rss = np.maximum(float(y_tilde @ y_tilde) - effect * effect * safe_sxx, 0.0)
    sigma2 = rss / max(df, 1)
    se = np.sqrt(sigma2 / safe_sxx)
    return SlopeFits(
        effect=np.where(testable, effect, np.nan),
        se=np.where(testable, se, np.nan),
        df=df,
        testable=np.asarray(testable, dtype=np.bool_),
    )
