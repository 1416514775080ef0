"""Borrowing strength from the community for one person's effect of a shared factor.

The community's distribution of true effects (``fibrotrack.analysis.pooling``: REML for the
between-person SD, the precision-weighted mean) is computed from the contributions' own
estimates, only when at least ``min_group`` people have one, and published coarsely: the mean
and the between-person SD to ``effect_step`` points, the SD used for shrinkage and the mean's
standard error rounded *up* (``effect_step`` and 0.01), and the number of people as a range
whose lower end is used in Morris's variance. Rounding up only widens intervals, so the
published distribution stays on the safe side; rounding at all means a single person's
estimate cannot be read back from the difference between two publications, only which way it
tipped a rounded figure.

A person's pooled estimate combines their own estimate (computed from their own diary when
they look) with that published distribution. Both are always shown, each named: "your own
data" and "your own data with the community's".
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fibrotrack.analysis.pooling import (
    CommunityDistribution,
    OwnEstimate,
    PooledEstimate,
    community_distribution,
    pooled_estimate,
)
from fibrotrack.analysis.shared_factors import OwnFit
from fibrotrack.community.contribution import Contribution
from fibrotrack.community.outcomes import PeopleCount, people_count, rounded
from fibrotrack.community.rules import CommunityRules

MEAN_SE_STEP = 0.01


@dataclass(frozen=True)
class FactorPrior:
    """The published community distribution of one factor's effect, or only its key when too
    few people have an estimate."""

    factor: str
    people: PeopleCount | None
    mean: float | None = None
    tau: float | None = None
    pooling_tau: float | None = None
    mean_se: float | None = None

    @property
    def distribution(self) -> CommunityDistribution | None:
        if (
            self.people is None
            or self.mean is None
            or self.tau is None
            or self.pooling_tau is None
            or self.mean_se is None
        ):
            return None
        return CommunityDistribution(
            self.mean, self.tau, self.pooling_tau, self.mean_se, self.people.low
        )


def _up(value: float, step: float) -> float:
    return round(math.ceil(value / step - 1e-9) * step, 6)


def factor_prior(
    factor: str, contributions: Sequence[Contribution], rules: CommunityRules
) -> FactorPrior:
    estimates = [
        OwnEstimate(effect.effect, effect.se)
        for contribution in contributions
        for effect in contribution.factors
        if effect.factor == factor
    ]
    people = people_count(len(estimates), rules.min_group)
    if people is None:
        return FactorPrior(factor, None)
    found = community_distribution(estimates)
    return FactorPrior(
        factor=factor,
        people=people,
        mean=rounded(found.mean, rules.effect_step),
        tau=rounded(found.tau, rules.effect_step),
        pooling_tau=_up(found.pooling_tau, rules.effect_step),
        mean_se=max(_up(found.mean_se, MEAN_SE_STEP), MEAN_SE_STEP),
    )


def factor_priors(
    factors: Sequence[str], contributions: Sequence[Contribution], rules: CommunityRules
) -> tuple[FactorPrior, ...]:
    return tuple(factor_prior(factor, contributions, rules) for factor in factors)


@dataclass(frozen=True)
class BorrowedEffect:
    """One factor for one person: their own estimate (or why there is none), the community's
    published distribution, and the pooled estimate when both exist."""

    own: OwnFit
    prior: FactorPrior
    pooled: PooledEstimate | None


def borrow(own: OwnFit, prior: FactorPrior) -> BorrowedEffect:
    distribution = prior.distribution
    pooled = None
    if own.estimate is not None and distribution is not None:
        pooled = pooled_estimate(own.estimate, distribution)
    return BorrowedEffect(own, prior, pooled)
