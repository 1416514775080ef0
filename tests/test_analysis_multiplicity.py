"""False-discovery control over factors tested at several lags (Benjamini & Bogomolov 2014)."""

import numpy as np
import pytest
from scipy import stats

from fibrotrack.analysis.multiplicity import WEIGHT_FLOOR, factor_level_q, power_weights


def _simes(p: np.ndarray) -> float:
    ordered = np.sort(p)
    return float(np.min(ordered * len(ordered) / np.arange(1, len(ordered) + 1)))


def _two_level_procedure(factor: np.ndarray, p: np.ndarray, level: float) -> np.ndarray:
    """The procedure written out step by step: Simes per factor, BH over factors at ``level``,
    then BH over the lags of each selected factor at level·R/m."""
    factors = np.unique(factor)
    family_q = stats.false_discovery_control([_simes(p[factor == f]) for f in factors])
    selected = family_q <= level
    flagged = np.zeros(len(p), dtype=bool)
    for f, chosen in zip(factors, selected, strict=True):
        if chosen:
            lags = np.flatnonzero(factor == f)
            within = stats.false_discovery_control(p[lags])
            flagged[lags] = within <= level * selected.sum() / len(factors)
    return flagged


def test_a_worked_example() -> None:
    # Three factors at two lags each. Simes per factor: 0.002, 0.04, 0.6; BH over the three
    # factors: 0.006, 0.06, 0.6. Within factor A the second lag needs level·R/m ≥ 0.04, which
    # first holds at level 0.06 (R = 2 of m = 3).
    factor = np.array([0, 0, 1, 1, 2, 2], dtype=np.int64)
    p = np.array([0.001, 0.04, 0.02, 0.5, 0.3, 0.9])
    q = factor_level_q(factor, p)
    assert q == pytest.approx([0.006, 0.06, 0.06, 0.6, 0.6, 0.9])
    # Plain BH over the six tests would give A's second lag 0.08: the factor-level procedure
    # flags it together with B at 0.06.
    assert stats.false_discovery_control(p)[1] == pytest.approx(0.08)


@pytest.mark.parametrize("seed", range(20))
def test_q_at_most_the_level_is_exactly_what_the_procedure_flags(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_factors = int(rng.integers(1, 60))
    factor = np.repeat(np.arange(n_factors), rng.integers(1, 5, n_factors)).astype(np.int64)
    rng.shuffle(factor)
    p = rng.uniform(size=len(factor)) ** rng.uniform(1, 12)  # some small, most not
    q = factor_level_q(factor, p)
    for level in (0.001, 0.01, 0.05, 0.1, 0.25, 0.5):
        assert np.array_equal(q <= level, _two_level_procedure(factor, p, level))


def test_factor_q_values_are_benjamini_hochberg_of_the_simes_p_values() -> None:
    rng = np.random.default_rng(7)
    factor = np.repeat(np.arange(40), 4).astype(np.int64)
    p = rng.uniform(size=160) ** 3
    q = factor_level_q(factor, p)
    simes = np.array([_simes(p[factor == f]) for f in range(40)])
    per_factor = np.array([q[factor == f].min() for f in range(40)])
    assert per_factor == pytest.approx(stats.false_discovery_control(simes))
    in_simes_order = per_factor[np.argsort(simes, kind="stable")]
    assert np.all(np.diff(in_simes_order) >= 0)  # step-up: a smaller Simes p never has a larger q
    for f in range(40):  # the strongest lag carries the factor's q; the others no less
        lags = np.flatnonzero(factor == f)
        assert q[lags[np.argmin(p[lags])]] == pytest.approx(per_factor[f])


def test_one_lag_per_factor_is_plain_benjamini_hochberg() -> None:
    p = np.random.default_rng(3).uniform(size=50) ** 4
    q = factor_level_q(np.arange(50, dtype=np.int64), p)
    assert q == pytest.approx(stats.false_discovery_control(p))


def test_no_tests() -> None:
    assert len(factor_level_q(np.empty(0, dtype=np.int64), np.empty(0))) == 0


def test_weights_are_the_procedure_on_p_values_divided_by_them() -> None:
    # Weighted Benjamini–Hochberg (Genovese, Roeder & Wasserman 2006): factor A, with weight 2,
    # has Simes p 0.002 / 2 = 0.001; B, weight 0.5, 0.04 / 0.5 = 0.08; C, weight 0.5, 0.6 / 0.5
    # = 1. BH over the three: 0.003, 0.12, 1.
    factor = np.array([0, 0, 1, 1, 2, 2], dtype=np.int64)
    p = np.array([0.001, 0.04, 0.02, 0.5, 0.3, 0.9])
    weights = np.array([2.0, 0.5, 0.5])
    q = factor_level_q(factor, p, weights)
    assert q[[0, 2, 4]] == pytest.approx([0.003, 0.12, 1.0])
    assert np.array_equal(q, factor_level_q(factor, np.minimum(p / weights[factor], 1)))
    assert np.array_equal(factor_level_q(factor, p, np.ones(3)), factor_level_q(factor, p))


def test_power_weights_follow_power_and_average_one() -> None:
    # Ten factors that could show the effect of interest about as well as a z of 5, ten that
    # could hardly show it (z of 1): at level 0.05 over 20 factors the first have power 0.98,
    # the second 0.02.
    weights = power_weights(np.array([5.0] * 10 + [1.0] * 10), 0.05)
    assert weights.mean() == pytest.approx(1.0)
    assert weights[:10] == pytest.approx(weights[0])
    assert weights[0] > 1.7 and weights[-1] >= WEIGHT_FLOOR
    assert weights[-1] == pytest.approx(WEIGHT_FLOOR, abs=0.05)
    assert power_weights(np.full(7, 3.0), 0.05) == pytest.approx(np.ones(7))
    assert power_weights(np.zeros(4), 0.05) == pytest.approx(np.ones(4))
    assert len(power_weights(np.empty(0), 0.05)) == 0
