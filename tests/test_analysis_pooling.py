"""Borrowing strength: the between-person variance against statsmodels and a brute-force
likelihood, shrinkage with known answers, and the benchmark's logic on synthetic communities
with known true effects (pooled beats own, intervals still cover the truth)."""

import math

import numpy as np
import pytest
from statsmodels.stats.meta_analysis import combine_effects

from fibrotrack.analysis.pooling import (
    BetweenMethod,
    CommunityDistribution,
    OwnEstimate,
    community_distribution,
    moments_tau2,
    pooled_estimate,
    reml_tau2,
    restricted_loglik,
)
from fibrotrack.analysis.shared_factors import own_estimate, shared_factor
from fibrotrack.analysis.synthetic_community import (
    COMMUNITY_FACTORS,
    CommunitySpec,
    synthetic_community,
    synthetic_member,
)
from fibrotrack.diary import InvalidEntry


def _draws(seed: int, k: int, tau: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    se = rng.uniform(0.05, 0.3, k)
    truth = rng.normal(-0.3, tau, k)
    return truth + rng.normal(0, se), se**2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_moments_tau2_is_dersimonian_laird_as_statsmodels_computes_it(seed: int) -> None:
    b, v = _draws(seed, 40, 0.15)
    expected = combine_effects(b, v, method_re="chi2").tau2
    assert moments_tau2(b, v) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_reml_tau2_maximises_the_restricted_likelihood(seed: int) -> None:
    b, v = _draws(seed, 60, 0.12)
    found = reml_tau2(b, v)
    grid = np.linspace(0, 0.2, 20001)
    best = grid[np.argmax([restricted_loglik(t, b, v) for t in grid])]
    assert found == pytest.approx(best, abs=2e-5)


def test_reml_is_zero_when_estimates_vary_less_than_their_errors() -> None:
    rng = np.random.default_rng(5)
    v = np.full(50, 0.04)
    b = rng.normal(0.2, 0.05, 50)  # spread far below the errors' 0.2
    assert reml_tau2(b, v) == 0.0
    assert moments_tau2(b, v) == 0.0


def test_shrinkage_follows_the_normal_normal_posterior() -> None:
    community = CommunityDistribution(mean=-0.3, tau=0.2, pooling_tau=0.2, mean_se=0.0, people=1000)
    own = OwnEstimate(effect=0.1, se=0.2)
    pooled = pooled_estimate(own, community)
    # Equal variances: half-way, posterior variance halved, plus Morris's term for the
    # uncertainty of B: 2 B² (b − μ)² / (k − 3).
    assert pooled.shrinkage == pytest.approx(0.5)
    assert pooled.effect == pytest.approx(-0.1)
    assert pooled.se == pytest.approx(math.sqrt(0.02 + 2 * 0.25 * 0.16 / 997))
    precise = pooled_estimate(OwnEstimate(effect=0.1, se=0.01), community)
    assert precise.effect == pytest.approx(0.1, abs=0.001)
    noisy = pooled_estimate(OwnEstimate(effect=0.1, se=2.0), community)
    assert noisy.effect == pytest.approx(-0.3, abs=0.01)


def test_shrinkage_uses_tau_squared_raised_by_one_standard_error() -> None:
    b, v = _draws(7, 80, 0.1)
    found = community_distribution(
        [OwnEstimate(e, math.sqrt(x)) for e, x in zip(b, v, strict=True)]
    )
    tau2 = reml_tau2(b, v)
    w = 1 / (v + tau2)
    assert found.tau == pytest.approx(math.sqrt(tau2))
    assert found.pooling_tau**2 == pytest.approx(tau2 + math.sqrt(2 / np.sum(w * w)))
    assert found.pooling_tau > found.tau


def test_morris_variance_widens_the_interval_for_a_small_community() -> None:
    own = OwnEstimate(effect=0.5, se=0.2)
    large = pooled_estimate(own, CommunityDistribution(-0.3, 0.1, 0.1, 0.02, 1000))
    small = pooled_estimate(own, CommunityDistribution(-0.3, 0.1, 0.1, 0.02, 10))
    assert small.effect == pytest.approx(large.effect)
    assert small.se > large.se


def test_pooling_refuses_too_few_people_or_broken_estimates() -> None:
    with pytest.raises(InvalidEntry):
        community_distribution([OwnEstimate(0.1, 0.1)] * 3)
    with pytest.raises(InvalidEntry):
        community_distribution([OwnEstimate(0.1, 0.0)] * 10)
    with pytest.raises(InvalidEntry):
        pooled_estimate(
            OwnEstimate(0.1, float("nan")), CommunityDistribution(0, 0.1, 0.1, 0.01, 50)
        )


def test_own_estimate_recovers_a_members_true_effects_over_two_years() -> None:
    rng = np.random.default_rng(11)
    truth = {"sleep_hours": -0.5, "activity_minutes": 0.2, "gluten": 0.8}
    member = synthetic_member(rng, truth, n_days=730)
    for key in COMMUNITY_FACTORS:
        fit = own_estimate(
            member.pain, member.factors[key], first_day=member.first_day, factor=shared_factor(key)
        )
        assert fit.estimate is not None, fit.reason
        assert abs(fit.estimate.effect - truth[key]) < 3 * fit.estimate.se, key


def test_own_estimate_says_why_when_there_is_too_little() -> None:
    rng = np.random.default_rng(3)
    member = synthetic_member(rng, {k: 0.0 for k in COMMUNITY_FACTORS}, n_days=20)
    fit = own_estimate(
        member.pain,
        member.factors["gluten"],
        first_day=member.first_day,
        factor=shared_factor("gluten"),
    )
    assert fit.estimate is None
    assert "days of pain" in (fit.reason or "")


@pytest.mark.parametrize(("people", "days"), [(60, 365), (150, 180)])
def test_pooled_estimates_beat_own_ones_and_still_cover_the_truth(people: int, days: int) -> None:
    """The benchmark's logic (benchmarks/community_pooling.py) on one community each."""
    rng = np.random.default_rng(people + days)
    members = synthetic_community(rng, CommunitySpec(people=people, n_days=days))
    for key in COMMUNITY_FACTORS:
        factor = shared_factor(key)
        fits = [
            (own_estimate(m.pain, m.factors[key], first_day=m.first_day, factor=factor), m)
            for m in members
        ]
        usable = [(fit.estimate, m.truth[key]) for fit, m in fits if fit.estimate is not None]
        assert len(usable) >= 0.9 * people
        own = [estimate for estimate, _ in usable]
        truth = np.array([value for _, value in usable])
        for method in BetweenMethod:
            community = community_distribution(own, method)
            pooled = [pooled_estimate(estimate, community) for estimate in own]
            own_error = np.sqrt(np.mean((np.array([e.effect for e in own]) - truth) ** 2))
            pooled_error = np.sqrt(np.mean((np.array([p.effect for p in pooled]) - truth) ** 2))
            coverage = np.mean(
                [p.ci[0] <= t <= p.ci[1] for p, t in zip(pooled, truth, strict=True)]
            )
            assert pooled_error < own_error, (key, method)
            assert coverage >= 0.9, (key, method, coverage)
