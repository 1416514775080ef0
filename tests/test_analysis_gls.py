"""The gap-aware GLS transform is exact GLS for AR(1) errors observed on irregular days."""

import numpy as np
import statsmodels.api as sm

from fibrotrack.analysis.gls import ar1_coefficient, fit_slopes, prais_winsten
from fibrotrack.analysis.synthetic import ar1


def test_matches_statsmodels_gls_with_ar1_covariance_on_gappy_days() -> None:
    rng = np.random.default_rng(4)
    n = 240
    rho = 0.6
    keep = np.sort(rng.choice(n, size=170, replace=False)).astype(np.int64)
    t = keep.astype(np.float64)
    controls = np.column_stack([np.ones(len(keep)), t / n, np.sin(2 * np.pi * t / n)])
    factors = rng.normal(size=(len(keep), 3))
    outcome = 0.5 * factors[:, 0] + controls @ [3, 1, 0.5] + ar1(rng, n, rho, 1.0)[keep]

    fits = fit_slopes(outcome, controls, factors, keep, rho)

    sigma = rho ** np.abs(keep[:, None] - keep[None, :]).astype(np.float64)
    for j in range(factors.shape[1]):
        design = np.column_stack([controls, factors[:, j]])
        reference = sm.GLS(outcome, design, sigma=sigma).fit()
        assert np.isclose(fits.effect[j], reference.params[-1], rtol=1e-9, atol=1e-12)
        assert np.isclose(fits.se[j], reference.bse[-1], rtol=1e-9)
        assert fits.df == reference.df_resid


def test_rho_zero_is_ordinary_least_squares() -> None:
    rng = np.random.default_rng(5)
    columns = rng.normal(size=(30, 2))
    assert np.array_equal(prais_winsten(columns, np.arange(30, dtype=np.int64), 0.0), columns)


def test_autocorrelation_uses_consecutive_logged_days_only() -> None:
    rng = np.random.default_rng(6)
    series = ar1(rng, 3000, 0.7, 1.0)
    series[::3] = np.nan  # gaps must not pair day t with day t+2
    assert abs(ar1_coefficient(series) - 0.7) < 0.05
    assert ar1_coefficient(np.full(50, np.nan)) == 0.0


def test_a_control_never_seen_or_repeated_counts_once_in_the_degrees_of_freedom() -> None:
    # A weekday with no logged day is a zero column, a copied column adds nothing: the fit is
    # the one without them, and the residual degrees of freedom count the rank, not the columns.
    rng = np.random.default_rng(7)
    n = 200
    rho = 0.5
    keep = np.sort(rng.choice(n, size=150, replace=False)).astype(np.int64)
    t = keep.astype(np.float64)
    base = np.column_stack([np.ones(len(keep)), t / n])
    controls = np.column_stack([base, np.zeros(len(keep)), base[:, 1]])
    factors = rng.normal(size=(len(keep), 2))
    outcome = 0.8 * factors[:, 1] + base @ [2, 1] + ar1(rng, n, rho, 1.0)[keep]

    fits = fit_slopes(outcome, controls, factors, keep, rho)

    sigma = rho ** np.abs(keep[:, None] - keep[None, :]).astype(np.float64)
    for j in range(factors.shape[1]):
        reference = sm.GLS(outcome, np.column_stack([base, factors[:, j]]), sigma=sigma).fit()
        assert np.isclose(fits.effect[j], reference.params[-1], rtol=1e-8)
        assert np.isclose(fits.se[j], reference.bse[-1], rtol=1e-8)
        assert fits.df == reference.df_resid
