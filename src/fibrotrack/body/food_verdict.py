"""The verdict on one reintroduced food: did symptoms worsen against the elimination baseline?

The rule, declared before any data is seen (docs/body-systems.md):

1. For each outcome (a daily 0–10 rating such as GI symptoms), the difference
   d = mean over the food's response window − mean over the elimination baseline. The
   worsening is d for a rating where higher is worse (GI symptoms, pain) and −d for one where
   higher is better (mood, sleep quality): a fall in mood is a worsening.
2. Its uncertainty allows for day-to-day persistence: the lag-1 autocorrelation ρ of the
   baseline (consecutive logged days, clipped to [0, 0.8]) inflates the variance of each mean
   by (1 + ρ)/(1 − ρ), the large-sample variance of the mean of an AR(1) series
   (Bayley GV, Hammersley JM, J R Stat Soc Suppl 1946;8:184–197). Each day's variance is at
   least 1/12, the rounding error of a whole-number rating (Sheppard's correction).
3. A Welch t interval (Welch BL, Biometrika 1947;34:28–35) with the effective numbers of
   days gives a confidence interval for d at 95%, Bonferroni-divided over the outcomes.
4. Verdict per outcome, on the worsening and its interval: "likely worsens symptoms" when the
   interval lies above 0 and the worsening is at least the meaningful worsening (default 1
   point on a 0–10 scale); "no clear effect" when the whole interval lies below that
   meaningful worsening (an equivalence-style reading, Lakens D, Soc Psychol Personal Sci
   2017;8(4):355–362); otherwise "inconclusive". Too few days (under 5 baseline or 3 window
   days), or a rating whose better direction is not known, is "inconclusive".
5. Across outcomes: any "likely worsens" makes the food's verdict "likely worsens symptoms";
   all "no clear effect" makes it "no clear effect"; anything else is "inconclusive".

This is a pattern in one person's diary over a few days, not proof of cause: expectation,
other foods and the natural ups and downs of fibromyalgia can all move symptoms.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import mean, variance

from scipy.stats import t as student_t

MEANINGFUL_WORSENING = 1.0
CONFIDENCE = 0.95
MIN_BASELINE_DAYS = 5
MIN_WINDOW_DAYS = 3
MAX_AUTOCORRELATION = 0.8
ROUNDING_VARIANCE = 1 / 12


class Verdict(StrEnum):
    WORSENS = "likely worsens symptoms"
    NO_CLEAR_EFFECT = "no clear effect"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True)
class OutcomeChange:
    """The change in one outcome during a food's response window: ``difference`` and its
    interval are window − baseline in the rating's points, whichever way is worse."""

    outcome: str
    verdict: Verdict
    baseline_days: int
    window_days: int
    higher_is_worse: bool | None = True
    baseline_mean: float | None = None
    window_mean: float | None = None
    difference: float | None = None
    low: float | None = None
    high: float | None = None
    confidence: float = CONFIDENCE
    autocorrelation: float | None = None
    reason: str = ""


@dataclass(frozen=True)
class FoodVerdict:
    food: str
    verdict: Verdict
    outcomes: tuple[OutcomeChange, ...]


def lag1_autocorrelation(series: Mapping[date, float]) -> float:
    """The lag-1 autocorrelation over pairs of consecutive logged days, clipped to
    [0, 0.8]; 0 when it cannot be estimated."""
    if len(series) < 3:
        return 0.0
    centre = mean(series.values())
    spread = sum((value - centre) ** 2 for value in series.values()) / len(series)
    pairs = [
        (value, series[day + timedelta(days=1)])
        for day, value in series.items()
        if day + timedelta(days=1) in series
    ]
    if not pairs or spread == 0:
        return 0.0
    covariance = sum((a - centre) * (b - centre) for a, b in pairs) / len(pairs)
    return min(MAX_AUTOCORRELATION, max(0.0, covariance / spread))


def compare(
    outcome: str,
    baseline: Mapping[date, float],
    window: Mapping[date, float],
    *,
    higher_is_worse: bool | None = True,
    meaningful: float = MEANINGFUL_WORSENING,
    confidence: float = CONFIDENCE,
) -> OutcomeChange:
    """Steps 1–4 of the rule for one outcome (see the module docstring); ``higher_is_worse``
    says which way the rating worsens, None when that is not known."""
    n_base, n_window = len(baseline), len(window)
    if higher_is_worse is None or n_base < MIN_BASELINE_DAYS or n_window < MIN_WINDOW_DAYS:
        return OutcomeChange(
            outcome=outcome,
            verdict=Verdict.INCONCLUSIVE,
            baseline_days=n_base,
            window_days=n_window,
            higher_is_worse=higher_is_worse,
            confidence=confidence,
            reason=(
                "whether a rise or a fall of this rating is worse is not known"
                if higher_is_worse is None
                else f"too few logged days ({n_base} baseline, {n_window} challenge; needs at "
                f"least {MIN_BASELINE_DAYS} and {MIN_WINDOW_DAYS})"
            ),
        )
    rho = lag1_autocorrelation(baseline)
    inflation = (1 + rho) / (1 - rho)
    base_values, window_values = list(baseline.values()), list(window.values())
    difference = mean(window_values) - mean(base_values)
    var_base = max(variance(base_values), ROUNDING_VARIANCE) * inflation / n_base
    var_window = max(variance(window_values), ROUNDING_VARIANCE) * inflation / n_window
    effective_base = max(2.0, n_base / inflation)
    effective_window = max(2.0, n_window / inflation)
    freedom = (var_base + var_window) ** 2 / (
        var_base**2 / (effective_base - 1) + var_window**2 / (effective_window - 1)
    )
    half = float(student_t.ppf(1 - (1 - confidence) / 2, freedom)) * math.sqrt(
        var_base + var_window
    )
    low, high = difference - half, difference + half
    worsening = difference if higher_is_worse else -difference
    move, moved, side = ("rise", "rose", "above") if higher_is_worse else ("fall", "fell", "below")
    if worsening - half > 0 and worsening >= meaningful:
        verdict = Verdict.WORSENS
        reason = f"{moved} by {abs(difference):.1f} points, and the interval lies {side} 0"
    elif worsening + half < meaningful:
        verdict = Verdict.NO_CLEAR_EFFECT
        limit = meaningful if higher_is_worse else -meaningful
        reason = (
            f"any {move} is smaller than {meaningful:g} point(s): the interval lies "
            f"{'below' if higher_is_worse else 'above'} {limit:+g}"
        )
    else:
        verdict = Verdict.INCONCLUSIVE
        reason = f"the interval is too wide to tell a meaningful {move} from none"
    return OutcomeChange(
        outcome=outcome,
        verdict=verdict,
        baseline_days=n_base,
        window_days=n_window,
        higher_is_worse=higher_is_worse,
        baseline_mean=mean(base_values),
        window_mean=mean(window_values),
        difference=difference,
        low=low,
        high=high,
        confidence=confidence,
        autocorrelation=rho,
        reason=reason,
    )


def food_verdict(
    food: str,
    baselines: Mapping[str, Mapping[date, float]],
    windows: Mapping[str, Mapping[date, float]],
    *,
    higher_is_worse: Mapping[str, bool | None] | None = None,
    meaningful: float = MEANINGFUL_WORSENING,
    confidence: float = CONFIDENCE,
) -> FoodVerdict:
    """The verdict on ``food`` over every outcome in ``baselines`` (step 5 of the rule).
    ``higher_is_worse`` gives each outcome's direction; without it, every outcome is a
    symptom rating where higher is worse."""
    outcomes: Sequence[str] = sorted(baselines)
    per_outcome = 1 - (1 - confidence) / max(1, len(outcomes))
    changes = tuple(
        compare(
            outcome,
            baselines[outcome],
            windows.get(outcome, {}),
            higher_is_worse=True if higher_is_worse is None else higher_is_worse.get(outcome),
            meaningful=meaningful,
            confidence=per_outcome,
        )
        for outcome in outcomes
    )
    verdicts = {change.verdict for change in changes}
    if Verdict.WORSENS in verdicts:
        overall = Verdict.WORSENS
    elif verdicts == {Verdict.NO_CLEAR_EFFECT}:
        overall = Verdict.NO_CLEAR_EFFECT
    else:
        overall = Verdict.INCONCLUSIVE
    return FoodVerdict(food=food, verdict=overall, outcomes=changes)
