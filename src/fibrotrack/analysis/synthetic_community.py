"""Synthetic communities with known truth: many people whose true effects of the shared factors
vary around a common mean, for testing and benchmarking partial pooling (``pooling``).

Each member is built like a synthetic patient (``synthetic``): a 0–10 pain rating with AR(1)
noise, a slow trend (linear drift and a sinusoid of 90–365 days), a weekly cycle, and whole days
missing in runs (a day not logged has neither pain nor factors). Three shared factors act on
the latent pain: hours of sleep last night (same day), active minutes the day before (per 10
minutes) and a persistent yes/no food the day before. Member i's true effect of factor j is
drawn from N(μ_j, τ_j²), the distribution pooling has to recover.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from fibrotrack.analysis.baseline import FloatArray
from fibrotrack.analysis.synthetic import ar1, missing_days, persistent_exposure

COMMUNITY_FACTORS = ("sleep_hours", "activity_minutes", "gluten")


@dataclass(frozen=True)
class CommunitySpec:
    """How to build a community: its size, each member's days, and per factor the mean and
    between-person SD of the true effects (per hour of sleep, per 10 active minutes, per day
    after the food)."""

    people: int = 100
    n_days: int = 365
    means: Mapping[str, float] = field(
        default_factory=lambda: {"sleep_hours": -0.3, "activity_minutes": 0.1, "gluten": 0.4}
    )
    sds: Mapping[str, float] = field(
        default_factory=lambda: {"sleep_hours": 0.15, "activity_minutes": 0.08, "gluten": 0.3}
    )
    missing_rate: tuple[float, float] = (0.1, 0.3)


@dataclass(frozen=True)
class SyntheticMember:
    """One member's diary on a calendar grid (NaN where not logged) and their true effects."""

    first_day: date
    pain: FloatArray
    factors: dict[str, FloatArray]
    truth: dict[str, float]


def synthetic_member(
    rng: np.random.Generator,
    truth: Mapping[str, float],
    *,
    n_days: int = 365,
    missing_rate: tuple[float, float] = (0.1, 0.3),
    first_day: date = date(2025, 1, 6),
) -> SyntheticMember:
    """A member whose true effects are ``truth`` (keys of ``COMMUNITY_FACTORS``)."""
    n = n_days
    t = np.arange(n, dtype=np.float64)
    trend = float(rng.uniform(-1.2, 1.2)) * t / max(n - 1, 1) + float(rng.uniform(0, 1)) * np.sin(
        2 * np.pi * t / float(rng.uniform(90, 365)) + float(rng.uniform(0, 2 * np.pi))
    )
    weekdays = np.array([(first_day + timedelta(days=int(i))).weekday() for i in t])
    weekly = rng.normal(0, 0.25, 7)[weekdays]

    sleep = np.clip(
        float(rng.uniform(5.5, 7.5)) + ar1(rng, n, 0.4, float(rng.uniform(0.6, 1.0))), 3, 10
    )
    sleep = np.round(sleep * 4) / 4
    activity = np.clip(
        float(rng.uniform(15, 45)) + float(rng.uniform(8, 20)) * ar1(rng, n, 0.5, 0.87), 0, 180
    )
    activity = np.rint(activity)
    food = persistent_exposure(rng, n, float(rng.uniform(0.15, 0.5)), 0.4).astype(np.float64)

    def yesterday(values: FloatArray) -> FloatArray:
        return np.concatenate([[float(np.mean(values))], values[:-1]])

    latent = (
        float(rng.uniform(4.0, 6.0))
        + trend
        + weekly
        + truth["sleep_hours"] * (sleep - float(np.mean(sleep)))
        + truth["activity_minutes"] * (yesterday(activity) - float(np.mean(activity))) / 10
        + truth["gluten"] * np.concatenate([[0.0], food[:-1]])
        + ar1(rng, n, float(rng.uniform(0.3, 0.8)), float(rng.uniform(0.7, 1.0)))
    )
    missing = missing_days(rng, n, float(rng.uniform(*missing_rate)), float(rng.uniform(1.5, 4.0)))
    pain = np.clip(np.rint(latent), 0, 10)
    factors = {"sleep_hours": sleep, "activity_minutes": activity, "gluten": food}
    for values in (pain, *factors.values()):
        values[missing] = np.nan
    return SyntheticMember(first_day, pain, factors, dict(truth))


def synthetic_community(rng: np.random.Generator, spec: CommunitySpec) -> list[SyntheticMember]:
    """``spec.people`` members, each with true effects drawn from N(μ_j, τ_j²)."""
    members = []
    for _ in range(spec.people):
        truth = {
            key: float(rng.normal(spec.means[key], spec.sds[key])) for key in COMMUNITY_FACTORS
        }
        members.append(
            synthetic_member(rng, truth, n_days=spec.n_days, missing_rate=spec.missing_rate)
        )
    return members
