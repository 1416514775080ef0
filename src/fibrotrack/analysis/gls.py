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
from scipy.linalg import lapack

from fibrotrack.analysis.baseline import FloatArray

MAX_RHO = 0.95
# A factor whose variation the controls explain to within this share has nothing left to test.
COLLINEAR_SHARE = 1e-6


def gram_solve(gram: FloatArray, rhs: FloatArray) -> tuple[FloatArray, int]:
    """``gram``⁺ ``rhs`` for a symmetric positive semi-definite cross-product matrix, and its rank.

    Scaled to unit diagonal first; solved with its Cholesky factor when it is well conditioned
    (the usual case: intercept, trend, Fourier and weekday columns), else with the Moore–Penrose
    inverse on the eigenvalues that are not numerically zero (a weekday never seen, duplicate
    columns).
    """
    size = gram.shape[0]
    if size == 0:
        return np.zeros((0, rhs.shape[1])), 0
    scale = np.sqrt(np.clip(np.diag(gram), 0.0, None))
    present = scale > 0
    safe = np.where(present, scale, 1.0)
    scaled = gram / np.outer(safe, safe)
    scaled_rhs = rhs / safe[:, None]
    if present.all():
        factor, info = lapack.dpotrf(scaled, lower=1)
        if info == 0 and np.min(np.diag(factor)) ** 2 > 1e-10:
            solution, _ = lapack.dpotrs(factor, scaled_rhs, lower=1)
            return np.asarray(solution / safe[:, None]), size
    values, vectors = np.linalg.eigh(np.where(np.outer(present, present), scaled, 0.0))
    keep = values > max(float(values.max()), 0.0) * size * 1e-12
    solution = (vectors[:, keep] / values[keep]) @ (vectors[:, keep].T @ scaled_rhs)
    return np.asarray(solution / safe[:, None]), int(keep.sum())


def residuals_on(controls: FloatArray, columns: FloatArray) -> FloatArray:
    """``columns`` minus their least-squares projection on ``controls`` (same rows)."""
    coefficients, _ = gram_solve(controls.T @ controls, controls.T @ columns)
    return np.asarray(columns - controls @ coefficients)


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
    # In place: temporaries the size of the design cost more than the arithmetic.
    np.multiply(columns[:-1], -w[:, None], out=out[1:])
    out[1:] += columns[1:]
    out[1:] *= scale[:, None]
    return out


@dataclass(frozen=True)
class SlopeFits:
    """Per factor: the GLS slope, its standard error, residual degrees of freedom, whether
    the controls left anything of the factor to test, and the standard error the slope would
    have if the factor explained nothing of the outcome (what the design alone gives it)."""

    effect: FloatArray
    se: FloatArray
    df: int
    testable: NDArray[np.bool_]
    design_se: FloatArray


def fit_slopes(
    outcome: FloatArray,
    controls: FloatArray,
    factors: FloatArray,
    positions: NDArray[np.int64],
    rho: float,
) -> SlopeFits:
    """GLS slopes of ``outcome`` on each column of ``factors`` separately, each adjusted for
    ``controls``, with AR(1) errors of coefficient ``rho``. All arrays hold the same rows,
    observed on calendar days ``positions``.

    The residualisation on the controls works on cross-products (``gram_solve``), so a
    factor with its own missing days costs a few small matrix products rather than a
    decomposition of the whole design."""
    k = controls.shape[1]
    transformed = prais_winsten(np.column_stack([controls, outcome, factors]), positions, rho)
    head = transformed[:, : k + 1]
    x = transformed[:, k + 1 :]
    gram = head.T @ head
    cross = head.T @ x
    zy, zx = gram[:k, k], cross[:k]
    solution, rank = gram_solve(gram[:k, :k], np.column_stack([zy, zx]))
    sxy = cross[k] - zx.T @ solution[:, 0]
    total = np.sum(x * x, axis=0)
    sxx = total - np.sum(zx * solution[:, 1:], axis=0)
    syy = float(gram[k, k] - zy @ solution[:, 0])
    testable = sxx > COLLINEAR_SHARE * np.maximum(total, np.finfo(np.float64).tiny)
    safe_sxx = np.where(testable, sxx, 1.0)
    effect = sxy / safe_sxx
    df = len(positions) - rank - 1
    rss = np.maximum(syy - effect * effect * safe_sxx, 0.0)
    se = np.sqrt(rss / max(df, 1) / safe_sxx)
    return SlopeFits(
        effect=np.where(testable, effect, np.nan),
        se=np.where(testable, se, np.nan),
        df=df,
        testable=np.asarray(testable, dtype=np.bool_),
        design_se=np.where(testable, np.sqrt(max(syy, 0.0) / max(df, 1) / safe_sxx), np.nan),
    )
