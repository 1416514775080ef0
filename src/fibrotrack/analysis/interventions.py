"""Did the outcome change after the person started something? Weak evidence, said plainly.

One person's before/after comparison cannot separate a change from natural ups and downs:
symptoms drift for months, and a start made in a bad patch is followed by improvement anyway
(regression to the mean). fibrotrack still answers, with the most honest model its benchmark
found (docs/benchmarks.md) and hedged words:

* **Model.** A local level (a random walk) plus AR(1) noise plus a step at the start date,
  fitted by maximum likelihood with the Kalman filter (statsmodels ``UnobservedComponents``;
  the model of CausalImpact without control series, Brodersen et al. 2015). Days not logged are
  skipped by the filter. The first 14 days after the start are an onset window and the 14 days
  before it a run-up window; both are left out. People often start something in a bad patch, and
  that patch is not their usual level: leaving it out removed the regression-to-the-mean bias of
  a start in the worst fortnight on the benchmark. The step is the level change in the outcome's
  points. A second fit with a slope term after the onset window gives the slope change per 30
  days.
* **Calibration against the person's own swings (placebo starts).** The same model is fitted at
  fake start dates every 14 days in the data before the start and in the data after the onset
  window (in-time placebos; Abadie, Diamond & Hainmueller 2015). The standard error is the
  larger of the model's and the root mean square of the placebo steps, so the interval is at
  least as wide as the jumps the person's own series shows when nothing was started. In the
  benchmark this brought false "it changed" results from 15% to about 7%.
* **Minimum data.** At least 28 logged days before the run-up window and 28 after the onset
  window, within a year on either side.
* **Warnings.** A start during or within 14 days after a flare, or in a high patch (the 14 days
  before the start averaging at least one spread above the median of the 90 days before them),
  is followed by improvement anyway. Two things started within 28 days of each other cannot be
  told apart.
"""

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
from scipy import stats
from statsmodels.tsa.statespace.structural import UnobservedComponents

from fibrotrack.analysis.baseline import MAD_TO_SD, FloatArray
from fibrotrack.analysis.sentences import points, signed
from fibrotrack.diary.errors import InvalidEntry

HEDGE = (
    "Symptoms also rise and fall on their own, so this cannot show that {name} made the "
    "difference; a self-experiment can."
)


@dataclass(frozen=True)
class EffectRules:
    """Windows and minimum data of the before/after model (see the module docstring)."""

    onset_days: int = 14
    run_up_days: int = 14
    min_before: int = 28
    min_after: int = 28
    window_days: int = 365
    close_days: int = 28
    placebo_every: int = 14
    placebo_margin: int = 42
    high_patch_days: int = 14


@dataclass(frozen=True)
class LevelFit:
    """A fitted step (and slope change) with model standard errors; None if the fit failed."""

    change: float
    se: float
    slope: float | None = None
    slope_se: float | None = None


@dataclass(frozen=True)
class InterventionEffect:
    """The estimated change after a start, with its interval, and what to beware of."""

    name: str
    start: date
    outcome: str
    before_days: int
    after_days: int
    before_mean: float | None
    after_mean: float | None
    change: float | None
    ci: tuple[float, float] | None
    p: float | None
    slope_change: float | None = None
    slope_ci: tuple[float, float] | None = None
    placebos: int = 0
    warnings: list[str] = field(default_factory=list)
    sentence: str = ""

    def as_json(self) -> dict[str, object]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else float(f"{value:.4g}")

        return {
            "name": self.name,
            "start": self.start.isoformat(),
            "outcome": self.outcome,
            "before_days": self.before_days,
            "after_days": self.after_days,
            "before_mean": rounded(self.before_mean),
            "after_mean": rounded(self.after_mean),
            "change": rounded(self.change),
            "ci": None if self.ci is None else [rounded(self.ci[0]), rounded(self.ci[1])],
            "p": rounded(self.p),
            "slope_change_per_30_days": rounded(self.slope_change),
            "slope_ci": None
            if self.slope_ci is None
            else [rounded(self.slope_ci[0]), rounded(self.slope_ci[1])],
            "placebos": self.placebos,
            "warnings": self.warnings,
            "sentence": self.sentence,
        }


def fit_level_change(
    outcome: FloatArray, start: int, rules: EffectRules, *, with_slope: bool = False
) -> LevelFit | None:
    """The local level + AR(1) model with a step at index ``start``; the run-up days before
    it and the onset days after it are left out."""
    y = outcome.copy()
    y[max(0, start - rules.run_up_days) : start + rules.onset_days] = np.nan
    t = np.arange(len(y), dtype=np.float64)
    columns = [np.asarray(t >= start, dtype=np.float64)]
    if with_slope:
        columns.append(np.maximum(t - start - rules.onset_days, 0.0) / 30.0)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            model = UnobservedComponents(
                y, level="llevel", autoregressive=1, exog=np.column_stack(columns)
            )
            result = model.fit(disp=False, method="lbfgs", maxiter=200)
            params = np.asarray(result.params)[-len(columns) :]
            bse = np.asarray(result.bse)[-len(columns) :]
        except (ValueError, np.linalg.LinAlgError):
            return None
    if not np.all(np.isfinite(params)) or not np.all(np.isfinite(bse)) or np.any(bse <= 0):
        return None
    return LevelFit(
        change=float(params[0]),
        se=float(bse[0]),
        slope=float(params[1]) if with_slope else None,
        slope_se=float(bse[1]) if with_slope else None,
    )


def placebo_steps(
    outcome: FloatArray,
    start: int,
    rules: EffectRules,
    *,
    with_slope: bool,
    avoid: Sequence[int] = (),
) -> tuple[list[float], list[float]]:
    """Steps (and slope changes) fitted at fake start dates before the start and after the
    onset window, where nothing was started: fake starts within ``placebo_margin`` days of
    another start (indices in ``avoid``) are skipped. The steps come from the level-only model
    whether or not slopes are asked for, so the level's interval is the same either way."""
    steps: list[float] = []
    slopes: list[float] = []
    after = start + rules.onset_days
    before = outcome[: max(0, start - rules.run_up_days)]
    for offset, segment in ((0, before), (after, outcome[after:])):
        last = len(segment) - rules.placebo_margin
        for fake in range(rules.placebo_margin, last + 1, rules.placebo_every):
            if any(abs(offset + fake - other) < rules.placebo_margin for other in avoid):
                continue
            logged_before = np.sum(~np.isnan(segment[: max(0, fake - rules.run_up_days)]))
            logged_after = np.sum(~np.isnan(segment[fake + rules.onset_days :]))
            if logged_before < rules.min_before or logged_after < rules.min_after:
                continue
            fit = fit_level_change(segment, fake, rules)
            if fit is not None:
                steps.append(fit.change)
            sloped = fit_level_change(segment, fake, rules, with_slope=True) if with_slope else None
            if sloped is not None and sloped.slope is not None:
                slopes.append(sloped.slope)
    return steps, slopes


def estimate_effect(
    outcome: FloatArray,
    *,
    first_day: date,
    start: date,
    name: str,
    outcome_name: str = "pain",
    other_starts: Sequence[tuple[str, date]] = (),
    flares: Sequence[tuple[date, date]] = (),
    rules: EffectRules | None = None,
    with_slope: bool = True,
    end: date | None = None,
) -> InterventionEffect:
    """The change in ``outcome`` (a calendar grid from ``first_day``, NaN where not logged)
    after ``start``; ``flares`` are (first, last) days of the person's flares. See the module
    docstring."""
    rules = rules or EffectRules()
    start_index = (start - first_day).days
    if start_index <= 0 or start_index >= len(outcome):
        raise InvalidEntry("start", f"{start} is not inside the logged period of {outcome_name}")
    low = max(0, start_index - rules.window_days)
    high = min(len(outcome), start_index + rules.onset_days + rules.window_days)
    if end is not None:
        high = min(high, max(start_index, (end - first_day).days + 1))
    window = np.asarray(outcome[low:high], dtype=np.float64)
    local_start = start_index - low
    before = window[: max(0, local_start - rules.run_up_days)]
    after = window[local_start + rules.onset_days :]
    before_days = int(np.sum(~np.isnan(before)))
    after_days = int(np.sum(~np.isnan(after)))
    notes = _warnings(outcome, start_index, first_day, name, other_starts, flares, rules)
    if end is not None:
        notes.append(f"{name} was stopped on {end}: only the days up to then count as after it.")
    empty = InterventionEffect(
        name=name,
        start=start,
        outcome=outcome_name,
        before_days=before_days,
        after_days=after_days,
        before_mean=float(np.nanmean(before)) if before_days else None,
        after_mean=float(np.nanmean(after)) if after_days else None,
        change=None,
        ci=None,
        p=None,
        warnings=notes,
    )
    if before_days < rules.min_before or after_days < rules.min_after:
        return replace(
            empty,
            sentence=(
                f"Not enough data: {before_days} days with {outcome_name} logged before "
                f"{start} (leaving out the {rules.run_up_days} days just before it) and "
                f"{after_days} after its first {rules.onset_days} days; at least "
                f"{rules.min_before} before and {rules.min_after} after are needed to see past "
                "ordinary week-to-week swings."
            ),
        )
    fit = fit_level_change(window, local_start, rules)
    if fit is None:
        return replace(
            empty, sentence="The model could not be fitted to these data; no estimate is given."
        )
    avoid = [(other - first_day).days - low for _, other in other_starts if other != start]
    steps, slopes = placebo_steps(window, local_start, rules, with_slope=with_slope, avoid=avoid)
    se = _calibrated(fit.se, steps)
    if len(steps) < 3:
        notes.append(
            "Too little data around the start to check the interval against your own natural "
            "swings; the interval is probably too narrow."
        )
    ci = (fit.change - 1.96 * se, fit.change + 1.96 * se)
    effect = replace(
        empty,
        change=fit.change,
        ci=ci,
        p=float(2 * stats.norm.sf(abs(fit.change) / se)),
        placebos=len(steps),
        sentence=_sentence(name, start, outcome_name, fit.change, ci),
    )
    if not with_slope:
        return effect
    sloped = fit_level_change(window, local_start, rules, with_slope=True)
    if sloped is None or sloped.slope is None or sloped.slope_se is None:
        return effect
    slope_se = _calibrated(sloped.slope_se, slopes)
    return replace(
        effect,
        slope_change=sloped.slope,
        slope_ci=(sloped.slope - 1.96 * slope_se, sloped.slope + 1.96 * slope_se),
    )


def _calibrated(model_se: float, placebos: Sequence[float]) -> float:
    if len(placebos) < 3:
        return model_se
    return max(model_se, float(np.sqrt(np.mean(np.square(placebos)))))


def _sentence(name: str, start: date, outcome: str, change: float, ci: tuple[float, float]) -> str:
    interval = f"95% CI {signed(ci[0])} to {signed(ci[1])}"
    if ci[0] <= 0 <= ci[1]:
        head = (
            f"No clear change after you started {name} on {start}: your {outcome} level "
            f"moved by {signed(change)} points ({interval}), which is within your usual swings."
        )
    else:
        direction = "lower" if change < 0 else "higher"
        head = (
            f"After you started {name} on {start}, your {outcome} level was {points(change)} "
            f"points {direction} than before ({interval}), allowing for slow drift."
        )
    return f"{head} {HEDGE.format(name=name)}"


def _warnings(
    outcome: FloatArray,
    start: int,
    first_day: date,
    name: str,
    other_starts: Sequence[tuple[str, date]],
    flares: Sequence[tuple[date, date]],
    rules: EffectRules,
) -> list[str]:
    notes = []
    start_day = first_day + timedelta(days=start)
    for flare_start, flare_end in flares:
        if flare_start <= start_day <= flare_end + timedelta(days=rules.high_patch_days):
            notes.append(
                f"You started {name} during or right after a flare ({flare_start} to "
                f"{flare_end}). Symptoms usually ease after a flare anyway (regression to the "
                "mean), so part of any improvement would have happened without it."
            )
            break
    else:
        split = start - rules.high_patch_days
        recent = outcome[max(0, split) : start]
        earlier = outcome[max(0, split - 90) : max(0, split)]
        if np.sum(~np.isnan(recent)) >= 7 and np.sum(~np.isnan(earlier)) >= 21:
            median = float(np.nanmedian(earlier))
            spread = max(MAD_TO_SD * float(np.nanmedian(np.abs(earlier - median))), 0.75)
            if float(np.nanmean(recent)) >= median + spread:
                notes.append(
                    f"You started {name} in a high patch: the {rules.high_patch_days} days "
                    "before were well above your usual level. Symptoms usually come back down "
                    "after a peak anyway (regression to the mean)."
                )
    for other, other_start in sorted(set(other_starts)):
        gap = abs((other_start - start_day).days)
        if other != name and gap <= rules.close_days:
            when = (
                "on the same day as"
                if gap == 0
                else f"{gap} day{'s' if gap != 1 else ''} "
                f"{'after' if other_start > start_day else 'before'}"
            )
            notes.append(f"{other} started {when} {name}; their effects cannot be told apart.")
    return notes
