"""Which factors go with a person's symptoms, at lags of 0–3 days, with honest statistics.

For one outcome y (pain by default) and every candidate factor x at every lag L:

    y_t = controls_t γ + β x_{t−L} + u_t,   u_t = ρ u_{t−1} + ε_t

The controls are a slow trend and weekday terms (``controls``); ρ is estimated once per outcome
from the residuals of y on the controls, using pairs of consecutive logged days; β is fitted by
gap-aware GLS (``gls``), one vectorised pass per missing-day pattern. β is in the outcome's
points: per unit of a numeric factor, or the difference between days with and without a yes/no
factor (days L after it). Its 95% confidence interval and two-sided p-value come from the t
distribution with the residual degrees of freedom.

False discoveries are controlled over factors, each a family of its lags (``multiplicity``:
Benjamini & Bogomolov 2014): a Simes p-value per factor, Benjamini–Hochberg over factors, then
over the lags of each selected factor. The factors share the error budget by their power
(weighted Benjamini–Hochberg): the power each factor's design — how many days, how often
exposed, how much the trend explains — gives it to show the effects of interest of
``EvidenceRules``, never its own estimate; a finding is *significant* when its q-value is at most
``fdr`` (0.05), which is exactly when that procedure flags it at level ``fdr``. Every test
is then refitted adjusted for the other findings on earlier days (each at its strongest lag of 1
day or more; never same-day findings or other symptoms, which can be consequences of the
outcome), so real triggers stop adding noise to each other's tests and correlated factors do not
share credit, and each significant factor's other lags are refitted adjusted for its own
strongest lag (``_own_leads``), so a real effect does not also show at the next lags with the
opposite sign; this repeats until the findings are stable (at most three rounds). A finding is
*likely* when, in addition, the circular-shift check (``shift_null``) agrees on its direction
and passes its own Benjamini–Hochberg at the same level. Nothing here is called a cause.

A factor is tested at a lag only with enough data (``evidence``); the others are listed with
the reason, none is dropped silently. The report and its wording are in ``findings`` and
``sentences``.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from scipy import stats

from fibrotrack.analysis.baseline import FloatArray
from fibrotrack.analysis.controls import control_matrix
from fibrotrack.analysis.evidence import COLLINEAR_REASON, EvidenceRules, untestable_reason
from fibrotrack.analysis.findings import AssociationReport, Finding, reason_lines, report_warnings
from fibrotrack.analysis.gls import ar1_coefficient, fit_slopes, residuals_on
from fibrotrack.analysis.multiplicity import factor_level_q, power_weights
from fibrotrack.analysis.sentences import display_step, number_sentence, tag_sentence
from fibrotrack.analysis.shift_null import shift_calibrated_z
from fibrotrack.diary.errors import InvalidEntry

__all__ = [
    "DEFAULT_LAGS",
    "AssociationReport",
    "EvidenceRules",
    "FactorSeries",
    "Finding",
    "analyse_associations",
    "lagged",
]

DEFAULT_LAGS: tuple[int, ...] = (0, 1, 2, 3)
MAX_LAG = 14


@dataclass(frozen=True)
class FactorSeries:
    """A candidate factor on the calendar grid of the outcome (NaN where unknown)."""

    name: str
    values: FloatArray
    label: str | None = None
    unit: str | None = None
    adjustable: bool = True  # False for another symptom: a parallel outcome, not a cause

    @property
    def binary(self) -> bool:
        known = self.values[~np.isnan(self.values)]
        return bool(np.all((known == 0) | (known == 1)))


def lagged(values: FloatArray, lag: int) -> FloatArray:
    """``values`` moved ``lag`` days later on the calendar: out[t] = values[t − lag]."""
    out = np.full(values.shape, np.nan)
    if lag == 0:
        return values.copy()
    out[lag:] = values[:-lag]
    return out


@dataclass
class _Tests:
    """Factor × lag tests as they are fitted."""

    factor: list[int] = field(default_factory=list)
    lag: list[int] = field(default_factory=list)
    effect: list[float] = field(default_factory=list)
    se: list[float] = field(default_factory=list)
    df: list[int] = field(default_factory=list)
    n: list[int] = field(default_factory=list)
    exposed: list[int | None] = field(default_factory=list)
    design_se: list[float] = field(default_factory=list)

    def p_values(self) -> FloatArray:
        """Two-sided t p-values of all tests."""
        if not self.factor:
            return np.empty(0)
        effect = np.array(self.effect)
        se = np.array(self.se)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(se > 0, effect / se, np.where(effect == 0, 0.0, np.inf))
        return np.asarray(2 * stats.t.sf(np.abs(t), np.array(self.df, dtype=np.float64)))


def _p_and_q(tests: _Tests, panel: "_Panel") -> tuple[FloatArray, FloatArray]:
    """p-values and factor-level q-values (``multiplicity``) of all tests, the factors
    weighted by their power to show the effects of interest."""
    p = tests.p_values()
    factor = np.array(tests.factor, dtype=np.int64)
    families, family_of = np.unique(factor, return_inverse=True)
    design_se = np.bincount(family_of, weights=np.array(tests.design_se)) / np.bincount(family_of)
    rules = panel.rules
    effect = np.where(
        np.array(panel.binary)[families],
        rules.yes_no_effect_of_interest,
        rules.per_sd_effect_of_interest / panel.spread[families],
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        # An outcome the controls explain entirely (a constant rating) leaves no spread: every
        # effect would show (an infinite noncentrality), so all weights come out equal.
        noncentrality = np.where(design_se > 0, effect / design_se, np.inf)
    return p, factor_level_q(factor, p, power_weights(noncentrality, rules.fdr))


@dataclass(frozen=True)
class _Panel:
    """The outcome and every factor on one calendar grid, with the controls."""

    outcome: FloatArray
    matrix: FloatArray
    binary: list[bool]
    spread: FloatArray  # each factor's standard deviation over its known days
    adjustable: list[bool]
    controls: FloatArray
    lags: list[int]
    rules: EvidenceRules
    outcome_name: str


@dataclass(frozen=True)
class _Adjustment:
    """Columns of the findings each test is adjusted for, and the factor each belongs to; and
    each significant factor's own strongest lag (``own``: factor → that lag and its columns)."""

    columns: FloatArray
    owners: list[int]
    own: dict[int, tuple[int, FloatArray]] = field(default_factory=dict)

    def excluding(self, factor: int) -> FloatArray:
        keep = [i for i, owner in enumerate(self.owners) if owner != factor]
        return self.columns[:, keep]

    def for_test(self, factor: int, lag: int) -> FloatArray:
        """What a test of ``factor`` at ``lag`` is adjusted for: the other factors' findings,
        and the factor's own strongest lag when that is another lag."""
        columns = self.excluding(factor)
        own = self.own.get(factor)
        if own is None or own[0] == lag:
            return columns
        return np.column_stack([columns, own[1]])


MAX_ADJUSTED = 10
ADJUSTMENT_ROUNDS = 3
DUPLICATE_CORRELATION = 0.9


def analyse_associations(
    outcome: FloatArray,
    factors: Sequence[FactorSeries],
    *,
    first_day: date,
    outcome_name: str = "pain",
    lags: Sequence[int] = DEFAULT_LAGS,
    rules: EvidenceRules | None = None,
) -> AssociationReport:
    """Test every factor at every lag against the outcome (all on one calendar grid starting at
    ``first_day``, NaN where not logged); see the module docstring."""
    rules = rules or EvidenceRules()
    lag_list = _checked_lags(lags)
    outcome = np.asarray(outcome, dtype=np.float64)
    for factor in factors:
        if factor.values.shape != outcome.shape:
            raise InvalidEntry(factor.name, "is not on the outcome's calendar")
    logged = ~np.isnan(outcome)
    n_days = int(logged.sum())
    span = len(outcome)
    # Missing days are counted over the outcome's own span, from its first rating to its last:
    # a rating kept only during a diet protocol is not 90% missing.
    rated = np.flatnonzero(logged)
    own_first = int(rated[0]) if n_days else 0
    own_span = int(rated[-1]) - own_first + 1 if n_days else span
    missing_share = 1 - n_days / own_span if own_span else 1.0
    reason = None
    if n_days < rules.min_outcome_days:
        reason = (
            f"only {n_days} day{'s' if n_days != 1 else ''} with {outcome_name} logged; at "
            f"least {rules.min_outcome_days} are needed before a pattern can be told from "
            "day-to-day ups and downs"
        )
    elif np.ptp(outcome[logged]) == 0:
        reason = (
            f"{outcome_name} was {outcome[logged][0]:g} on every logged day; with no ups and "
            "downs there is nothing a factor could go with"
        )
    if reason is not None:
        return AssociationReport(
            outcome=outcome_name,
            n_days=n_days,
            findings=[],
            not_enough_data=[f"{factor.name}: {reason}" for factor in factors],
            warnings=[f"Not enough data yet: {reason}."],
            fdr=rules.fdr,
            missing_share=missing_share,
        )

    panel = _Panel(
        outcome=outcome,
        matrix=np.column_stack([factor.values for factor in factors])
        if factors
        else np.empty((span, 0)),
        binary=[factor.binary for factor in factors],
        spread=np.array([_spread(factor.values) for factor in factors]),
        adjustable=[factor.adjustable for factor in factors],
        controls=control_matrix(first_day, span),
        lags=lag_list,
        rules=rules,
        outcome_name=outcome_name,
    )
    eligible, reasons = _eligible(panel)
    rho = _outcome_rho(outcome, panel.controls)
    tests, collinear = _fit_all(panel, eligible, rho, None)
    for j, lag in collinear:
        reasons.setdefault((j, COLLINEAR_REASON), []).append(lag)
        del eligible[(j, lag)]
    p, q = _p_and_q(tests, panel)
    unadjusted = (tests, p, q, rho)
    chosen: list[tuple[int, int]] = []
    leads: dict[int, int] = {}
    for _ in range(ADJUSTMENT_ROUNDS):
        wanted, wanted_leads = _adjustment_set(panel, tests, p, q), _own_leads(tests, p, q, panel)
        if (wanted, wanted_leads) == (chosen, leads):
            break
        chosen, leads = wanted, wanted_leads
        if not chosen and not leads:
            tests, p, q, rho = unadjusted
            break
        adjustment = _adjustment(panel, chosen, leads)
        rho = _outcome_rho(outcome, np.column_stack([panel.controls, adjustment.columns]))
        tests, tangled = _fit_all(panel, eligible, rho, adjustment)
        p, q = _p_and_q(tests, panel)
        for j, lag in tangled:
            others = sorted({factors[k].name for k, _ in chosen if k != j})
            if j in leads and leads[j] != lag and not others:
                reason = (
                    f"changes together with itself {leads[j]} day{'s' if leads[j] != 1 else ''}"
                    " apart, already a finding at that lag; the two lags cannot be told apart"
                )
            else:
                reason = (
                    f"changes together with {', '.join(others) or 'itself at another lag'}, "
                    "already a finding; the two cannot be told apart"
                )
            reasons.setdefault((j, reason), []).append(lag)
    findings = _findings(tests, p, q, factors, panel)
    warnings = report_warnings(
        n_days,
        missing_share,
        first_day + timedelta(days=own_first),
        own_span,
        outcome_name,
        findings,
        rho,
    )
    return AssociationReport(
        outcome=outcome_name,
        n_days=n_days,
        findings=findings,
        not_enough_data=reason_lines(reasons, [factor.name for factor in factors]),
        warnings=warnings,
        rho=rho,
        fdr=rules.fdr,
        missing_share=missing_share,
    )


def _spread(values: FloatArray) -> float:
    known = values[~np.isnan(values)]
    return float(np.std(known)) if len(known) else float("nan")


def _checked_lags(lags: Sequence[int]) -> list[int]:
    lag_list = sorted(set(int(lag) for lag in lags))
    if not lag_list or lag_list[0] < 0 or lag_list[-1] > MAX_LAG:
        raise InvalidEntry("lags", f"lags must be between 0 and {MAX_LAG} days")
    return lag_list


def _outcome_rho(outcome: FloatArray, controls: FloatArray) -> float:
    logged = ~np.isnan(outcome)
    residuals = np.full(len(outcome), np.nan)
    residuals[logged] = residuals_on(controls[logged], outcome[logged][:, None])[:, 0]
    return ar1_coefficient(residuals)


def _eligible(
    panel: _Panel,
) -> tuple[dict[tuple[int, int], int | None], dict[tuple[int, str], list[int]]]:
    """The factor × lag pairs with enough data (and their exposed days), and the reasons of
    the others."""
    logged = ~np.isnan(panel.outcome)
    eligible: dict[tuple[int, int], int | None] = {}
    reasons: dict[tuple[int, str], list[int]] = {}
    for lag in panel.lags:
        shifted = lagged(panel.matrix, lag)
        usable = logged[:, None] & ~np.isnan(shifted)
        for j in range(panel.matrix.shape[1]):
            rows = usable[:, j]
            reason, exposed = untestable_reason(
                shifted[rows, j], panel.binary[j], panel.rules, panel.outcome_name
            )
            spare = int(rows.sum()) - panel.controls.shape[1] - 1
            if reason is None and spare < panel.rules.min_residual_df:
                reason = (
                    f"{int(rows.sum())} usable days are too few for the trend and weekday terms"
                )
            if reason is None:
                eligible[(j, lag)] = exposed
            else:
                reasons.setdefault((j, reason), []).append(lag)
    return eligible, reasons


def _fit_all(
    panel: _Panel,
    eligible: dict[tuple[int, int], int | None],
    rho: float,
    adjustment: _Adjustment | None,
) -> tuple[_Tests, list[tuple[int, int]]]:
    """Fit every eligible test, each adjusted for the findings in ``adjustment`` other than
    itself. Also returns the tests the controls leave nothing of (reported as collinear with
    the trend when unadjusted, else as tangled with the findings)."""
    logged = ~np.isnan(panel.outcome)
    tests = _Tests()
    tangled: list[tuple[int, int]] = []
    special = set(adjustment.owners) | set(adjustment.own) if adjustment else set()
    # The controls of each test: the trend and weekday terms, plus the findings it is adjusted
    # for, which exclude its own factor's and add its own strongest lag (key: that factor and
    # lag, or -1 for a factor among neither).
    controls: dict[tuple[int, int], FloatArray] = {}
    for lag in panel.lags:
        shifted = lagged(panel.matrix, lag)
        usable = logged[:, None] & ~np.isnan(shifted)
        groups: dict[tuple[bytes, int], list[int]] = {}
        for j in range(panel.matrix.shape[1]):
            if (j, lag) in eligible:
                key = (usable[:, j].tobytes(), j if j in special else -1)
                groups.setdefault(key, []).append(j)
        for (_, excluded), members in groups.items():
            if (excluded, lag) not in controls:
                controls[(excluded, lag)] = (
                    panel.controls
                    if adjustment is None
                    else np.column_stack([panel.controls, adjustment.for_test(excluded, lag)])
                )
            positions = np.flatnonzero(usable[:, members[0]]).astype(np.int64)
            fits = fit_slopes(
                panel.outcome[positions],
                controls[(excluded, lag)][positions],
                shifted[np.ix_(positions, np.array(members, dtype=np.int64))],
                positions,
                rho,
            )
            for column, j in enumerate(members):
                if not fits.testable[column]:
                    tangled.append((j, lag))
                    continue
                tests.factor.append(j)
                tests.lag.append(lag)
                tests.effect.append(float(fits.effect[column]))
                tests.se.append(float(fits.se[column]))
                tests.df.append(fits.df)
                tests.n.append(len(positions))
                tests.exposed.append(eligible[(j, lag)])
                tests.design_se.append(float(fits.design_se[column]))
    return tests, tangled


def _adjustment_set(
    panel: _Panel, tests: _Tests, p: FloatArray, q: FloatArray
) -> list[tuple[int, int]]:
    """The findings to adjust every test for: the strongest earlier-day lag (1 or more) of each
    significant adjustable factor, strongest first, skipping any that is nearly a copy of one
    already chosen. Same-day findings and other symptoms are never adjusted for: they can be
    consequences of the outcome (less activity on a painful day, fatigue with pain), and
    adjusting for a consequence would bias every other estimate."""
    best: dict[int, tuple[float, int]] = {}
    for j, lag, pv, qv in zip(tests.factor, tests.lag, p, q, strict=True):
        if (
            qv <= panel.rules.fdr
            and lag > 0
            and panel.adjustable[j]
            and (j not in best or pv < best[j][0])
        ):
            best[j] = (float(pv), lag)
    chosen: list[tuple[int, int]] = []
    for j, (_, lag) in sorted(best.items(), key=lambda item: item[1][0]):
        if len(chosen) == MAX_ADJUSTED:
            break
        x = lagged(panel.matrix[:, j], lag)
        if all(
            abs(_correlation(x, lagged(panel.matrix[:, k], other))) < DUPLICATE_CORRELATION
            for k, other in chosen
        ):
            chosen.append((j, lag))
    return sorted(chosen)


def _own_leads(tests: _Tests, p: FloatArray, q: FloatArray, panel: _Panel) -> dict[int, int]:
    """Each significant factor's strongest lag, which its other lags are adjusted for. Left
    out, a real effect at one lag shows at the next lags with the opposite sign: the AR(1)
    transform subtracts ρ × the day before, so y_t − ρ y_{t−1} carries −ρ β x at the lag after
    (and before) the real one. With it in, each other lag tells what it adds to that lag."""
    leads: dict[int, tuple[float, int]] = {}
    for j, lag, pv, qv in zip(tests.factor, tests.lag, p, q, strict=True):
        if qv <= panel.rules.fdr and (j not in leads or pv < leads[j][0]):
            leads[j] = (float(pv), lag)
    return {j: lag for j, (_, lag) in sorted(leads.items())}


def _correlation(a: FloatArray, b: FloatArray) -> float:
    both = ~np.isnan(a) & ~np.isnan(b)
    if both.sum() < 3:
        return 0.0
    x, y = a[both] - a[both].mean(), b[both] - b[both].mean()
    denominator = float(np.sqrt(np.sum(x * x) * np.sum(y * y)))
    return float(np.sum(x * y) / denominator) if denominator > 0 else 0.0


def _adjustment(panel: _Panel, chosen: list[tuple[int, int]], leads: dict[int, int]) -> _Adjustment:
    """The chosen findings and each factor's own strongest lag as control columns."""
    columns: list[FloatArray] = []
    owners: list[int] = []
    for j, lag in chosen:
        filled = _filled(lagged(panel.matrix[:, j], lag))
        columns += filled
        owners += [j] * len(filled)
    span = len(panel.outcome)
    own = {
        j: (lag, np.column_stack(_filled(lagged(panel.matrix[:, j], lag))))
        for j, lag in leads.items()
    }
    matrix = np.column_stack(columns) if columns else np.empty((span, 0))
    return _Adjustment(matrix, owners, own)


def _filled(x: FloatArray) -> list[FloatArray]:
    """A lagged factor as control columns: filled with its mean where unknown, plus an
    indicator of the unknown days (so no day is dropped for them)."""
    unknown = np.isnan(x)
    columns = [np.where(unknown, float(np.nanmean(x)), x)]
    if unknown.any() and not unknown.all():
        columns.append(unknown.astype(np.float64))
    return columns


def _findings(
    tests: _Tests,
    p: FloatArray,
    q: FloatArray,
    factors: Sequence[FactorSeries],
    panel: _Panel,
) -> list[Finding]:
    if not tests.factor:
        return []
    rules = panel.rules
    effect = np.array(tests.effect)
    se = np.array(tests.se)
    half = stats.t.ppf(0.975, np.array(tests.df, dtype=np.float64)) * se
    significant = q <= rules.fdr

    z = shift_calibrated_z(
        panel.outcome, panel.matrix, panel.controls, np.array(panel.lags, dtype=np.int64)
    )
    lag_column = {lag: i for i, lag in enumerate(panel.lags)}
    shift_z = np.array(
        [z[j, lag_column[lag]] for j, lag in zip(tests.factor, tests.lag, strict=True)]
    )
    shift_p = np.where(np.isnan(shift_z), 1.0, 2 * stats.norm.sf(np.abs(shift_z)))
    shift_q = np.asarray(stats.false_discovery_control(shift_p, method="bh"))
    likely = significant & (shift_q <= rules.fdr) & (np.sign(shift_z) == np.sign(effect))

    steps = {j: display_step(float(panel.spread[j])) for j in set(tests.factor)}
    findings = []
    for i, (j, lag) in enumerate(zip(tests.factor, tests.lag, strict=True)):
        factor = factors[j]
        ci = (float(effect[i] - half[i]), float(effect[i] + half[i]))
        label = factor.label or factor.name
        exposed = tests.exposed[i]
        if exposed is not None:
            sentence = tag_sentence(
                factor=label,
                outcome=panel.outcome_name,
                lag=lag,
                effect=float(effect[i]),
                ci=ci,
                exposed=exposed,
                n=tests.n[i],
                significant=bool(significant[i]),
                likely=bool(likely[i]),
            )
        else:
            sentence = number_sentence(
                factor=label,
                unit=factor.unit,
                outcome=panel.outcome_name,
                lag=lag,
                effect=float(effect[i]),
                ci=ci,
                step=steps[j],
                n=tests.n[i],
                significant=bool(significant[i]),
                likely=bool(likely[i]),
            )
        findings.append(
            Finding(
                factor=factor.name,
                lag=lag,
                effect=float(effect[i]),
                ci=ci,
                p=float(p[i]),
                q=float(q[i]),
                significant=bool(significant[i]),
                likely=bool(likely[i]),
                n=tests.n[i],
                exposed=exposed,
                sentence=sentence,
            )
        )
    findings.sort(key=lambda f: (not f.significant, f.q, f.p, f.factor, f.lag))
    return findings
