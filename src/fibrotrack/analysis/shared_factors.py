"""Factors many people log in the same way, and one person's own estimate of each one's effect
on their pain: the numbers a community can pool (``pooling``).

The list is fixed and declared before looking at anyone's data, each with its lag and unit:
hours of sleep last night (same day's pain), active minutes (next day's pain, per 10 minutes),
and a few common foods logged as tags (next day's pain, days after it against days after
none). A fixed list means a contribution never holds a tag a person named themselves.

The estimate is the insight engine's model for one factor at one lag (``associations``): pain
regressed on the lagged factor with the slow trend and weekday controls (``controls``) and AR(1)
errors fitted by gap-aware GLS (``gls``), with the same evidence rules (``evidence``): a factor
without enough days is not estimated.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np

from fibrotrack.analysis.associations import lagged
from fibrotrack.analysis.baseline import FloatArray
from fibrotrack.analysis.controls import control_matrix
from fibrotrack.analysis.evidence import EvidenceRules, untestable_reason
from fibrotrack.analysis.gls import ar1_coefficient, fit_slopes, residuals_on
from fibrotrack.analysis.pooling import OwnEstimate


@dataclass(frozen=True)
class SharedFactor:
    """A factor pooled across people: its diary key, words, lag in days, and the step its
    effect is given per (1 for yes/no factors)."""

    key: str
    label: str
    lag: int
    per: float
    unit: str | None
    binary: bool

    @property
    def per_text(self) -> str:
        if self.binary:
            return f"on days after {self.label}" if self.lag else f"on days with {self.label}"
        step = f"{self.per:g} {self.unit}" if self.unit else f"{self.per:g}"
        return f"per {step} more {self.label}"


SHARED_FACTORS: tuple[SharedFactor, ...] = (
    SharedFactor("sleep_hours", "sleep last night", 0, 1.0, "h", binary=False),
    SharedFactor("activity_minutes", "active minutes the day before", 1, 10.0, "min", False),
    SharedFactor("gluten", "gluten", 1, 1.0, None, binary=True),
    SharedFactor("dairy", "dairy", 1, 1.0, None, binary=True),
    SharedFactor("sugar", "sugar", 1, 1.0, None, binary=True),
    SharedFactor("alcohol", "alcohol", 1, 1.0, None, binary=True),
    SharedFactor("coffee", "coffee", 1, 1.0, None, binary=True),
)
SHARED_FACTOR_KEYS = tuple(factor.key for factor in SHARED_FACTORS)


def shared_factor(key: str) -> SharedFactor:
    for factor in SHARED_FACTORS:
        if factor.key == key:
            return factor
    raise KeyError(key)


@dataclass(frozen=True)
class OwnFit:
    """A person's own estimate of a shared factor, or why there is none."""

    factor: SharedFactor
    estimate: OwnEstimate | None
    days: int
    reason: str | None = None


def own_estimate(
    outcome: FloatArray,
    values: FloatArray,
    *,
    first_day: date,
    factor: SharedFactor,
    rules: EvidenceRules | None = None,
) -> OwnFit:
    """The person's own GLS estimate of ``factor`` on ``outcome`` (both on one calendar grid
    from ``first_day``, NaN where not logged), per ``factor.per``."""
    rules = rules or EvidenceRules()
    outcome = np.asarray(outcome, dtype=np.float64)
    logged = ~np.isnan(outcome)
    if int(logged.sum()) < rules.min_outcome_days:
        return OwnFit(
            factor, None, int(logged.sum()), f"fewer than {rules.min_outcome_days} days of pain"
        )
    shifted = lagged(np.asarray(values, dtype=np.float64), factor.lag)
    rows = logged & ~np.isnan(shifted)
    reason, _ = untestable_reason(shifted[rows], factor.binary, rules, "pain")
    controls = control_matrix(first_day, len(outcome))
    if reason is None and int(rows.sum()) - controls.shape[1] - 1 < rules.min_residual_df:
        reason = f"{int(rows.sum())} usable days are too few for the trend and weekday terms"
    if reason is not None:
        return OwnFit(factor, None, int(rows.sum()), reason)
    residuals = np.full(len(outcome), np.nan)
    residuals[logged] = residuals_on(controls[logged], outcome[logged][:, None])[:, 0]
    rho = ar1_coefficient(residuals)
    positions = np.flatnonzero(rows).astype(np.int64)
    fits = fit_slopes(outcome[rows], controls[rows], shifted[rows][:, None], positions, rho)
    if not fits.testable[0]:
        return OwnFit(factor, None, int(rows.sum()), "changes only with the trend or weekday")
    return OwnFit(
        factor,
        OwnEstimate(effect=float(fits.effect[0]) * factor.per, se=float(fits.se[0]) * factor.per),
        int(rows.sum()),
    )
