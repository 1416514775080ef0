"""Synthetic patients with known truth: the demo person, and the data tests and benchmarks
check the statistics against.

``synthetic_patient`` builds one patient from a ``PatientSpec``: a 0–10 outcome with AR(1)
noise, a slow trend (linear drift and a sinusoid of 90–365 days) and a weekly cycle; whole days
missing at random in short runs plus longer missing blocks (holidays); candidate factors of
every kind that diaries hold — persistent yes/no exposures, ordinary autocorrelated habits,
weather that is never missing, random walks and trending habits — of which only the planted
triggers act on the outcome, at a known lag and with a known effect; and optionally planted
flares and an intervention with a known effect. Null factors share the outcome's slow trend
in part, as weather and habits do in real diaries, so they tempt naive methods.

The demo person (``demo_diary``) tells a realistic story: a year of daily check-ins with gaps
(scattered days and a holiday block), three flares, a food that really does worsen next-day
pain, a habit that does nothing, and a slow improvement after graded walking and mindfulness
were started.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

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


class FactorRole(StrEnum):
    """What a synthetic factor is, and whether it acts on the outcome."""

    TRIGGER = "trigger"  # acts on the outcome at a known lag
    HABIT = "habit"  # an autocorrelated behaviour that does nothing
    EXPOSURE = "exposure"  # a persistent yes/no food or practice that does nothing
    WEATHER = "weather"  # strongly autocorrelated, never missing, does nothing
    RANDOM_WALK = "random_walk"  # wanders without returning to a mean, does nothing
    TRENDING_HABIT = "trending_habit"  # changes steadily over the period, does nothing


@dataclass(frozen=True)
class PatientSpec:
    """How to build a synthetic patient; ranges are drawn uniformly per patient."""

    n_days: int = 365
    n_factors: int = 50
    n_triggers: int = 3
    effect_scale: float = 1.0
    missing_rate: tuple[float, float] = (0.1, 0.3)
    missing_blocks: tuple[int, int] = (0, 2)
    trend_confounded_share: float = 0.2
    flares_per_year: float = 0.0
    flare_rise: float = 2.0
    intervention_effect: float | None = None
    intervention_ramp_days: int = 14


@dataclass(frozen=True)
class SyntheticFactor:
    """A candidate factor: daily values on the calendar (NaN where not logged)."""

    name: str
    binary: bool
    role: FactorRole
    values: FloatArray
    trend_confounded: bool = False


@dataclass(frozen=True)
class SyntheticPatient:
    """A generated patient on a calendar grid, with the truth planted in it.

    ``outcome`` is a 0–10 rating with NaN on days not logged; trigger effects are per unit of
    the factor (per exposed day for yes/no factors).
    """

    first_day: date
    outcome: FloatArray
    factors: list[SyntheticFactor]
    triggers: list[PlantedTrigger]
    flares: list[PlantedFlare]
    interventions: list[PlantedIntervention]
    noise_phi: float

    @property
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(len(self.outcome))]

    def factor(self, name: str) -> SyntheticFactor:
        return next(factor for factor in self.factors if factor.name == name)


def _standardised(values: FloatArray) -> FloatArray:
    spread = float(np.std(values))
    return (values - np.mean(values)) / (spread if spread > 0 else 1.0)


def _latent_factor(rng: np.random.Generator, n: int, role: FactorRole, t: FloatArray) -> FloatArray:
    """A standardised latent series of the given kind."""
    if role is FactorRole.WEATHER:
        return _standardised(ar1(rng, n, float(rng.uniform(0.6, 0.95)), 1.0))
    if role is FactorRole.RANDOM_WALK:
        return _standardised(np.cumsum(rng.normal(0, 1, n)))
    if role is FactorRole.TRENDING_HABIT:
        slope = float(rng.choice([-1.0, 1.0])) * float(rng.uniform(1.0, 2.5))
        return _standardised(slope * t / max(n - 1, 1) + 0.8 * ar1(rng, n, 0.3, 0.6))
    return _standardised(ar1(rng, n, float(rng.uniform(0.0, 0.7)), 1.0))


def _roles(rng: np.random.Generator, spec: PatientSpec) -> list[FactorRole]:
    """Roles of the factors: triggers first, then a mix like a real diary's."""
    if spec.n_triggers > spec.n_factors:
        raise ValueError("more triggers than factors")
    others = spec.n_factors - spec.n_triggers
    mix = [
        (FactorRole.HABIT, 0.3),
        (FactorRole.EXPOSURE, 0.35),
        (FactorRole.WEATHER, 0.15),
        (FactorRole.RANDOM_WALK, 0.1),
        (FactorRole.TRENDING_HABIT, 0.1),
    ]
    counts = [round(share * others) for _, share in mix]
    counts[1] += others - sum(counts)
    roles = [role for (role, _), count in zip(mix, counts, strict=True) for _ in range(count)]
    rng.shuffle(roles)
    return [FactorRole.TRIGGER] * spec.n_triggers + roles


def _missing_mask(rng: np.random.Generator, n: int, spec: PatientSpec) -> NDArray[np.bool_]:
    missing = missing_days(
        rng, n, float(rng.uniform(*spec.missing_rate)), float(rng.uniform(1.5, 4.0))
    )
    for _ in range(int(rng.integers(spec.missing_blocks[0], spec.missing_blocks[1] + 1))):
        length = int(rng.integers(7, 22))
        if n > length + 20:
            first = int(rng.integers(10, n - length - 10))
            missing[first : first + length] = True
    return missing


def _planted_flares(
    rng: np.random.Generator, n: int, spec: PatientSpec, first_day: date
) -> tuple[FloatArray, list[PlantedFlare]]:
    curve = np.zeros(n)
    flares: list[PlantedFlare] = []
    expected = spec.flares_per_year * n / 365
    if expected <= 0:
        return curve, flares
    # Flares start after the first 90 days, when a personal baseline exists, and never overlap.
    for _ in range(int(rng.poisson(expected))):
        length = int(rng.integers(5, 22))
        first = int(rng.integers(90, max(91, n - length)))
        if np.any(curve[max(0, first - 30) : first + length + 30] > 0) or first + length > n:
            continue
        ramp = np.minimum(1.0, (np.arange(length) + 1) / 2)
        curve[first : first + length] = spec.flare_rise * ramp
        flares.append(
            PlantedFlare(
                first_day + timedelta(days=first),
                first_day + timedelta(days=first + length - 1),
                spec.flare_rise,
            )
        )
    flares.sort(key=lambda flare: flare.start)
    return curve, flares


def synthetic_patient(
    rng: np.random.Generator, spec: PatientSpec, *, first_day: date = date(2024, 1, 1)
) -> SyntheticPatient:
    """One synthetic patient built from ``spec`` (see the module docstring)."""
    n = spec.n_days
    t = np.arange(n, dtype=np.float64)
    trend = float(rng.uniform(-1.5, 1.5)) * t / max(n - 1, 1) + float(rng.uniform(0, 1)) * np.sin(
        2 * np.pi * t / float(rng.uniform(90, 365)) + float(rng.uniform(0, 2 * np.pi))
    )
    weekday_effect = rng.normal(0, 0.25, 7)
    weekdays = np.array([(first_day + timedelta(days=int(i))).weekday() for i in t])
    phi = float(rng.uniform(0.3, 0.8))
    latent = float(rng.uniform(3.5, 6.5)) + trend + weekday_effect[weekdays] + ar1(rng, n, phi, 1.0)
    trend_z = _standardised(trend) if np.std(trend) > 0 else np.zeros(n)

    factors: list[SyntheticFactor] = []
    triggers: list[PlantedTrigger] = []
    missing = _missing_mask(rng, n, spec)
    for index, role in enumerate(_roles(rng, spec)):
        z = _latent_factor(rng, n, role, t)
        confounded = False
        share = 0.7 if role is FactorRole.WEATHER else spec.trend_confounded_share
        if role is not FactorRole.TRIGGER and rng.random() < share:
            mix = float(rng.uniform(0.3, 0.7))
            z = _standardised(mix * trend_z + np.sqrt(1 - mix**2) * z)
            confounded = True
        binary = role is FactorRole.EXPOSURE or (role is FactorRole.TRIGGER and rng.random() < 0.5)
        if binary:
            prevalence = float(rng.uniform(0.05, 0.5))
            values = np.asarray(z > np.quantile(z, 1 - prevalence), dtype=np.float64)
        else:
            values = float(rng.uniform(1, 10)) + float(rng.uniform(0.5, 3)) * z
        name = f"{role.value}_{index:03d}"
        if role is FactorRole.TRIGGER:
            lag = int(rng.integers(0, 4))
            if binary:
                effect = spec.effect_scale * float(rng.uniform(0.6, 1.2))
            else:
                per_sd = spec.effect_scale * float(rng.uniform(0.3, 0.6))
                effect = float(rng.choice([-1.0, 1.0])) * per_sd / float(np.std(values))
            shifted = np.concatenate([np.full(lag, np.mean(values)), values[: n - lag]])
            latent += effect * (shifted - (0 if binary else np.mean(values)))
            triggers.append(PlantedTrigger(tag=name, outcome="outcome", lag=lag, effect=effect))
        observed = values.copy()
        if role is not FactorRole.WEATHER:
            observed[missing] = np.nan
        factors.append(SyntheticFactor(name, binary, role, observed, confounded))

    flare_curve, flares = _planted_flares(rng, n, spec, first_day)
    latent += flare_curve
    interventions: list[PlantedIntervention] = []
    if spec.intervention_effect is not None:
        start = int(rng.integers(int(n / 3), int(2 * n / 3)))
        ramp = np.clip((t - start + 1) / spec.intervention_ramp_days, 0, 1)
        latent += spec.intervention_effect * ramp
        interventions.append(
            PlantedIntervention(
                "intervention", first_day + timedelta(days=start), spec.intervention_effect
            )
        )
    outcome = _rating(latent)
    outcome[missing] = np.nan
    return SyntheticPatient(
        first_day=first_day,
        outcome=outcome,
        factors=factors,
        triggers=triggers,
        flares=flares,
        interventions=interventions,
        noise_phi=phi,
    )
