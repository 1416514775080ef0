"""Borrowing strength: partial pooling of per-person effect estimates (empirical Bayes).

One person's year of diary finds only large effects (statistics.md §6.2: half-size triggers
were found in about a third of synthetic patients). When many people estimate the effect of the
same factor on their own pain, each estimate b_i (standard error s_i, from the person's own
GLS fit) is treated as

    b_i ~ N(θ_i, s_i²),   θ_i ~ N(μ, τ²)

the normal–normal model of meta-analysis and empirical Bayes (Efron & Morris 1975; Morris
1983). The community's distribution of true effects (μ, τ²) is estimated from everyone's
estimates: τ² by restricted maximum likelihood (REML; Viechtbauer 2005) or by the method of
moments of DerSimonian & Laird (1986), μ as the precision-weighted mean. Each person's pooled
estimate then moves their own estimate toward μ by the share B_i = s_i² / (s_i² + τ²): a
precise own estimate hardly moves, a noisy one moves a lot.

The pooled estimate's variance is Morris's (1983, eq. 4.3; Kass & Steffey 1989), which adds
to the posterior variance s_i²(1 − B_i) the uncertainty of μ̂ (B_i² Var μ̂) and of B_i itself
(2 B_i² (b_i − μ̂)² / (k − 3)), so intervals stay honest when the community is small.

When the effects vary little compared with each person's error (τ² well below s_i²), τ̂² is
poorly determined, and a community whose τ̂² came out low shrinks everyone too far: in the
benchmark (docs/benchmarks.md) intervals then covered the truth only 89% of the time. So the
shrinkage uses τ² raised by one standard error of its estimate, √(2 / Σ w_i²) from the REML
information (Viechtbauer 2005): fibrotrack's product decision, which brought coverage back to
93–96% with no measurable loss of accuracy. τ̂ itself is what is reported.

Pooling is only as good as its model: it assumes the people's true effects are exchangeable
draws from one normal distribution and that each person's own estimate is unbiased with a
correct standard error. A person who is truly unusual is pulled toward the community; the
interval says how far their own data allow.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import optimize, stats

from fibrotrack.diary.errors import InvalidEntry

MINIMUM_PEOPLE = 4  # Morris's B-uncertainty term needs k > 3


class BetweenMethod(StrEnum):
    REML = "reml"
    MOMENTS = "moments"  # DerSimonian & Laird (1986)


@dataclass(frozen=True)
class OwnEstimate:
    """A person's own estimate of an effect and its standard error."""

    effect: float
    se: float


@dataclass(frozen=True)
class CommunityDistribution:
    """The distribution of true effects across people: mean μ, between-person SD τ (the
    estimate), the SD used for shrinkage (τ² raised by one standard error), the standard error
    of μ̂, and how many people it was estimated from."""

    mean: float
    tau: float
    pooling_tau: float
    mean_se: float
    people: int


@dataclass(frozen=True)
class PooledEstimate:
    """A person's effect after borrowing strength: the estimate, its standard error, its 95%
    interval, and the share taken from the community (0: all own data, 1: all community)."""

    effect: float
    se: float
    ci: tuple[float, float]
    shrinkage: float


def _checked(estimates: Sequence[OwnEstimate]) -> tuple[np.ndarray, np.ndarray]:
    if len(estimates) < MINIMUM_PEOPLE:
        raise InvalidEntry(
            "people", f"{len(estimates)} estimates; pooling needs at least {MINIMUM_PEOPLE}"
        )
    b = np.array([estimate.effect for estimate in estimates], dtype=np.float64)
    v = np.array([estimate.se for estimate in estimates], dtype=np.float64) ** 2
    if not (np.all(np.isfinite(b)) and np.all(np.isfinite(v)) and np.all(v > 0)):
        raise InvalidEntry("estimates", "every estimate needs a finite effect and an SE above 0")
    return b, v


def weighted_mean(b: np.ndarray, v: np.ndarray, tau2: float) -> tuple[float, float]:
    """The precision-weighted mean of ``b`` given between-person variance ``tau2``, and the
    sum of the weights 1 / (v_i + τ²)."""
    w = 1.0 / (v + tau2)
    return float(np.sum(w * b) / np.sum(w)), float(np.sum(w))


def moments_tau2(b: np.ndarray, v: np.ndarray) -> float:
    """DerSimonian & Laird's (1986) method-of-moments between-person variance."""
    w = 1.0 / v
    fixed = float(np.sum(w * b) / np.sum(w))
    q = float(np.sum(w * (b - fixed) ** 2))
    denominator = float(np.sum(w) - np.sum(w * w) / np.sum(w))
    return max(0.0, (q - (len(b) - 1)) / denominator)


def restricted_loglik(tau2: float, b: np.ndarray, v: np.ndarray) -> float:
    """The restricted (REML) log-likelihood of τ², up to a constant (Viechtbauer 2005)."""
    total = v + tau2
    w = 1.0 / total
    mean = float(np.sum(w * b) / np.sum(w))
    return float(
        -0.5 * np.sum(np.log(total))
        - 0.5 * math.log(float(np.sum(w)))
        - 0.5 * np.sum(w * (b - mean) ** 2)
    )


def reml_tau2(b: np.ndarray, v: np.ndarray) -> float:
    """The REML between-person variance, maximised over [0, an upper bound well beyond the
    spread of the estimates]; 0 when the estimates vary no more than their errors explain."""
    upper = 10.0 * (float(np.var(b)) + float(np.max(v))) + 1e-12
    found = optimize.minimize_scalar(
        lambda tau2: -restricted_loglik(tau2, b, v),
        bounds=(0.0, upper),
        method="bounded",
        options={"xatol": upper * 1e-10},
    )
    best = float(found.x)
    if restricted_loglik(0.0, b, v) >= restricted_loglik(best, b, v):
        return 0.0
    return best


def tau2_se(v: np.ndarray, tau2: float) -> float:
    """The standard error of τ̂² from the (RE)ML information, √(2 / Σ w_i²)."""
    w = 1.0 / (v + tau2)
    return math.sqrt(2.0 / float(np.sum(w * w)))


def community_distribution(
    estimates: Sequence[OwnEstimate], method: BetweenMethod = BetweenMethod.REML
) -> CommunityDistribution:
    """μ, τ, the shrinkage SD and the standard error of μ̂ from everyone's own estimates."""
    b, v = _checked(estimates)
    tau2 = reml_tau2(b, v) if method is BetweenMethod.REML else moments_tau2(b, v)
    guarded = tau2 + tau2_se(v, tau2)
    mean, weight = weighted_mean(b, v, guarded)
    return CommunityDistribution(
        mean=mean,
        tau=math.sqrt(tau2),
        pooling_tau=math.sqrt(guarded),
        mean_se=math.sqrt(1.0 / weight),
        people=len(b),
    )


def pooled_estimate(
    own: OwnEstimate, community: CommunityDistribution, level: float = 0.95
) -> PooledEstimate:
    """The person's effect shrunk toward the community mean, with Morris's variance."""
    if community.people < MINIMUM_PEOPLE:
        raise InvalidEntry("people", f"pooling needs at least {MINIMUM_PEOPLE} people")
    if not (math.isfinite(own.effect) and math.isfinite(own.se) and own.se > 0):
        raise InvalidEntry("estimate", "needs a finite effect and an SE above 0")
    s2 = own.se**2
    tau2 = community.pooling_tau**2
    shrinkage = s2 / (s2 + tau2)
    gap = own.effect - community.mean
    effect = community.mean + (1.0 - shrinkage) * gap
    variance = (
        s2 * (1.0 - shrinkage)
        + shrinkage**2 * community.mean_se**2
        + 2.0 * shrinkage**2 * gap**2 / (community.people - 3)
    )
    se = math.sqrt(variance)
    half = float(stats.norm.ppf(0.5 + level / 2)) * se
    return PooledEstimate(
        effect=effect, se=se, ci=(effect - half, effect + half), shrinkage=shrinkage
    )
