"""Synthetic patients with known truth: the demo person, and the data tests and benchmarks
check the statistics against.

The demo person tells a realistic story: a year of daily check-ins with gaps (scattered days
and a holiday block), three flares, a food that really does worsen next-day pain, a habit that
does nothing, and a slow improvement after graded walking and mindfulness were started.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SyntheticDay:
    day: date
    values: dict[str, float]
    tags: frozenset[str]
    note: str | None = None


@dataclass(frozen=True)
class PlantedFlare:
    start: date
    end: date
    rise: float


@dataclass(frozen=True)
class PlantedTrigger:
    tag: str
    outcome: str
    lag: int
    effect: float


@dataclass(frozen=True)
class PlantedIntervention:
    name: str
    start: date
    effect_on_pain: float


@dataclass(frozen=True)
class SyntheticDiary:
    """A generated diary and the truth that was planted in it."""

    days: list[SyntheticDay]
    flares: list[PlantedFlare] = field(default_factory=list)
    triggers: list[PlantedTrigger] = field(default_factory=list)
    interventions: list[PlantedIntervention] = field(default_factory=list)


def ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> FloatArray:
    """An AR(1) series with coefficient ``phi`` and innovation SD ``sd``, started stationary."""
    noise = rng.normal(0.0, sd, n)
    series = np.empty(n)
    series[0] = noise[0] / np.sqrt(1 - phi**2)
    for t in range(1, n):
        series[t] = phi * series[t - 1] + noise[t]
    return series


def persistent_exposure(
    rng: np.random.Generator, n: int, prevalence: float, phi: float
) -> NDArray[np.bool_]:
    """Yes/no days with persistence: a thresholded latent AR(1) with the given prevalence."""
    latent = ar1(rng, n, phi, 1.0) * np.sqrt(1 - phi**2)
    return np.asarray(latent > np.quantile(latent, 1 - prevalence), dtype=np.bool_)


def missing_days(
    rng: np.random.Generator, n: int, rate: float, mean_gap: float
) -> NDArray[np.bool_]:
    """Whole days missing from a two-state Markov chain with the given rate and mean gap."""
    leave_gap = 1.0 / mean_gap
    enter_gap = rate * leave_gap / (1 - rate)
    missing = np.zeros(n, dtype=np.bool_)
    state = False
    for t in range(n):
        state = rng.random() < (1 - leave_gap if state else enter_gap)
        missing[t] = state
    return missing


def _rating(values: FloatArray) -> FloatArray:
    return np.clip(np.rint(values), 0, 10)


def demo_diary(end: date, *, n_days: int = 365, seed: int = 7) -> SyntheticDiary:
    """The demo person's year up to ``end``: see the module docstring for the story."""
    rng = np.random.default_rng(seed)
    n = n_days
    t = np.arange(n, dtype=np.float64)
    start = end - timedelta(days=n - 1)
    days = [start + timedelta(days=int(i)) for i in range(n)]

    walking_start = int(n * 0.33)
    mindfulness_start = int(n * 0.5)
    improvement = np.where(t >= walking_start, -1.2 * (1 - np.exp(-(t - walking_start) / 60)), 0)
    improvement += np.where(
        t >= mindfulness_start, -0.8 * (1 - np.exp(-(t - mindfulness_start) / 45)), 0
    )
    weekday = np.array([d.weekday() for d in days])
    weekly = np.where(weekday >= 5, -0.3, 0.1)

    flares: list[PlantedFlare] = []
    flare_curve = np.zeros(n)
    for centre, length, rise in ((0.18, 9, 2.6), (0.56, 13, 2.2), (0.83, 7, 2.0)):
        first = int(n * centre)
        last = min(n - 1, first + length - 1)
        ramp = np.minimum(1.0, (t[first : last + 1] - first + 1) / 2)
        flare_curve[first : last + 1] = rise * ramp
        flares.append(PlantedFlare(days[first], days[last], rise))

    gluten = persistent_exposure(rng, n, prevalence=0.3, phi=0.4)
    coffee = persistent_exposure(rng, n, prevalence=0.6, phi=0.6)
    gluten_yesterday = np.concatenate([[False], gluten[:-1]])
    sleep_hours = np.clip(6.4 + 0.004 * t + ar1(rng, n, 0.4, 0.7), 3, 10)

    pain_latent = (
        6.6
        + improvement
        + weekly
        + flare_curve
        + 1.0 * gluten_yesterday
        - 0.35 * (sleep_hours - 6.5)
        + ar1(rng, n, 0.6, 0.75)
    )
    fatigue = pain_latent * 0.8 + 1.4 + ar1(rng, n, 0.5, 0.8)
    brain_fog = fatigue * 0.7 + 0.3 + ar1(rng, n, 0.4, 0.8)
    sleep_quality = 10.5 - 0.55 * pain_latent + 0.6 * (sleep_hours - 6.5) + rng.normal(0, 0.9, n)
    stress = 3.5 + 0.35 * flare_curve + ar1(rng, n, 0.7, 0.8)
    mood = 8.2 - 0.45 * pain_latent - 0.3 * (stress - 3.5) + rng.normal(0, 0.8, n)
    in_flare = flare_curve > 0
    activity = np.clip(
        12
        + 25 * np.clip((t - walking_start) / (n - walking_start), 0, 1)
        - 10 * in_flare
        + rng.normal(0, 6, n),
        0,
        120,
    )
    steps = np.clip(2600 + 95 * activity + rng.normal(0, 700, n), 300, 30000)

    missing = missing_days(rng, n, rate=0.1, mean_gap=1.8)
    holiday = int(n * 0.7)
    missing[holiday : holiday + 11] = True

    notes = {
        int(n * 0.18): "Flare started after a busy week. Everything aches.",
        walking_start: "Started the graded walking plan: 10 minutes a day.",
        mindfulness_start: "First mindfulness session. Hard to sit still.",
        int(n * 0.9): "Walked 30 minutes and felt fine the next day.",
    }
    diary_days = []
    for i, day in enumerate(days):
        if missing[i]:
            continue
        tags = {
            tag
            for tag, present in (
                ("food:gluten", gluten[i]),
                ("coffee", coffee[i]),
                ("practice:walking", i >= walking_start and activity[i] > 10),
                ("practice:mindfulness", i >= mindfulness_start and rng.random() < 0.65),
            )
            if present
        }
        diary_days.append(
            SyntheticDay(
                day=day,
                values={
                    "pain": float(_rating(pain_latent)[i]),
                    "fatigue": float(_rating(fatigue)[i]),
                    "brain_fog": float(_rating(brain_fog)[i]),
                    "sleep_quality": float(_rating(sleep_quality)[i]),
                    "mood": float(_rating(mood)[i]),
                    "stress": float(_rating(stress)[i]),
                    "sleep_hours": round(float(sleep_hours[i]) * 4) / 4,
                    "activity_minutes": float(np.rint(activity[i])),
                    "steps": float(np.rint(steps[i])),
                },
                tags=frozenset(tags),
                note=notes.get(i),
            )
        )
    return SyntheticDiary(
        days=diary_days,
        flares=flares,
        triggers=[PlantedTrigger(tag="gluten", outcome="pain", lag=1, effect=1.0)],
        interventions=[
            PlantedIntervention("walking", days[walking_start], -1.2),
            PlantedIntervention("mindfulness", days[mindfulness_start], -0.8),
        ],
    )
