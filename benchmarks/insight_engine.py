"""Benchmark of fibrotrack's insight engine on synthetic patients with known truth.

    .venv/bin/python benchmarks/insight_engine.py [--patients 100] [--workers 2] [PART ...]

Parts (default all): associations, operating-points, interventions, flares, experiments,
timing. Every run is seeded, so the numbers repeat. Results are printed as Markdown tables
for docs/benchmarks.md.

The generator is ``fibrotrack.analysis.synthetic.synthetic_patient``. Comparators that the
product does not use (plain Pearson, Pearson + BH, segmented regression, the uncalibrated
state-space model) live here only.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np
from scipy import stats

from fibrotrack.analysis.associations import (
    AssociationReport,
    FactorSeries,
    analyse_associations,
    lagged,
)
from fibrotrack.analysis.controls import control_matrix
from fibrotrack.analysis.evidence import EvidenceRules
from fibrotrack.analysis.experiments import analyse_experiment, design_experiment
from fibrotrack.analysis.flares import FLARE_PRESETS, detect_flares
from fibrotrack.analysis.gls import ar1_coefficient, fit_slopes, residuals_on
from fibrotrack.analysis.interventions import EffectRules, estimate_effect, fit_level_change
from fibrotrack.analysis.synthetic import PatientSpec, SyntheticPatient, synthetic_patient

LAGS = (0, 1, 2, 3)
FDR = 0.05


def _map(function: Callable, items: list, workers: int) -> list:
    if workers <= 1:
        return [function(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items, chunksize=max(1, len(items) // (4 * workers))))


def _patient(spec: PatientSpec, seed: int) -> SyntheticPatient:
    return synthetic_patient(np.random.default_rng(seed), spec)


# ---------------------------------------------------------------- associations


@dataclass(frozen=True)
class Discovery:
    """Per method: the strongest significant lag of each discovered factor."""

    factor: str
    lag: int
    effect: float


def pearson_tests(
    patient: SyntheticPatient,
) -> tuple[list[tuple[str, int]], np.ndarray, np.ndarray]:
    """Plain Pearson r of the outcome with each factor at each lag, on the days both exist,
    with the textbook t-test p-value (what a consumer app's correlation shows)."""
    keys, rs, ns = [], [], []
    y = patient.outcome
    for factor in patient.factors:
        for lag in LAGS:
            x = lagged(factor.values, lag)
            both = ~np.isnan(y) & ~np.isnan(x)
            xc = x[both] - x[both].mean()
            yc = y[both] - y[both].mean()
            denominator = np.sqrt(np.sum(xc * xc) * np.sum(yc * yc))
            if both.sum() < 10 or denominator == 0:
                continue
            keys.append((factor.name, lag))
            rs.append(float(np.sum(xc * yc) / denominator))
            ns.append(int(both.sum()))
    r = np.clip(np.array(rs), -0.999999, 0.999999)
    df = np.array(ns, dtype=np.float64) - 2
    t = r * np.sqrt(df / (1 - r * r))
    return keys, 2 * stats.t.sf(np.abs(t), df), r


def strongest(keys: list[tuple[str, int]], p: np.ndarray, effect: np.ndarray, hit: np.ndarray):
    best: dict[str, tuple[float, int, float]] = {}
    for (name, lag), pv, ev, h in zip(keys, p, effect, hit, strict=True):
        if h and (name not in best or pv < best[name][0]):
            best[name] = (pv, lag, ev)
    return [Discovery(name, lag, ev) for name, (_, lag, ev) in best.items()]


@dataclass(frozen=True)
class PatientScore:
    true_found: int
    triggers: int
    discoveries: int
    false: int
    false_trend: int
    right_lag: int
    covered: list[bool]
    opposite: int | None = None  # significant lags of a true trigger with the opposite sign


def score(patient: SyntheticPatient, found: list[Discovery]) -> PatientScore:
    truth = {t.tag: t for t in patient.triggers}
    true_found = right_lag = false = false_trend = 0
    for d in found:
        trigger = truth.get(d.factor)
        if (
            trigger is not None
            and abs(d.lag - trigger.lag) <= 1
            and np.sign(d.effect) == np.sign(trigger.effect)
        ):
            true_found += 1
            right_lag += d.lag == trigger.lag
        else:
            false += 1
            false_trend += patient.factor(d.factor).trend_confounded
    return PatientScore(true_found, len(truth), len(found), false, false_trend, right_lag, [])


def association_job(job: tuple[PatientSpec, int]) -> dict[str, PatientScore]:
    spec, seed = job
    patient = _patient(spec, seed)
    report: AssociationReport = analyse_associations(
        patient.outcome,
        [FactorSeries(f.name, f.values) for f in patient.factors],
        first_day=patient.first_day,
        outcome_name="outcome",
    )
    results: dict[str, PatientScore] = {}
    keys, p, r = pearson_tests(patient)
    results["Pearson p<0.05"] = score(patient, strongest(keys, p, r, p < 0.05))
    q = stats.false_discovery_control(p) if len(p) else p
    results["Pearson + BH"] = score(patient, strongest(keys, p, r, q <= FDR))
    covered = []
    truth = {(t.tag, t.lag): t.effect for t in patient.triggers}
    for f in report.findings:
        if (f.factor, f.lag) in truth:
            covered.append(f.ci[0] <= truth[(f.factor, f.lag)] <= f.ci[1])
    gls = [Discovery(f.factor, f.lag, f.effect) for f in report.strongest()]
    sign = {t.tag: np.sign(t.effect) for t in patient.triggers}
    opposite = sum(
        1
        for f in report.findings
        if f.significant and f.factor in sign and np.sign(f.effect) == -sign[f.factor]
    )
    results["fibrotrack GLS, FDR over factors"] = replace(
        score(patient, gls), covered=covered, opposite=opposite
    )
    likely = [Discovery(f.factor, f.lag, f.effect) for f in report.strongest() if f.likely]
    results["fibrotrack 'likely' tier"] = score(patient, likely)
    return results


ASSOCIATION_SCENARIOS = [
    ("180 days, 30 factors", PatientSpec(n_days=180, n_factors=30)),
    ("365 days, 50 factors", PatientSpec(n_days=365, n_factors=50)),
    ("365 days, 300 factors", PatientSpec(n_days=365, n_factors=300)),
    ("730 days, 120 factors", PatientSpec(n_days=730, n_factors=120)),
    ("730 days, 300 factors", PatientSpec(n_days=730, n_factors=300)),
    ("365 days, 50 factors, no triggers", PatientSpec(n_days=365, n_factors=50, n_triggers=0)),
    ("365 days, 50 factors, half-size effects", PatientSpec(effect_scale=0.5)),
]


def summarise(scores: list[PatientScore]) -> dict[str, float]:
    triggers = sum(s.triggers for s in scores)
    found = sum(s.true_found for s in scores)
    fdp = [s.false / s.discoveries if s.discoveries else 0.0 for s in scores]
    covered = [c for s in scores for c in s.covered]
    false = sum(s.false for s in scores)
    return {
        "recall": found / triggers if triggers else float("nan"),
        "right lag": sum(s.right_lag for s in scores) / found if found else float("nan"),
        "FDP": float(np.mean(fdp)),
        "FP/patient": false / len(scores),
        "FP trend-confounded": sum(s.false_trend for s in scores) / false if false else 0.0,
        "patients ≥1 FP": float(np.mean([s.false > 0 for s in scores])),
        "CI coverage": float(np.mean(covered)) if covered else float("nan"),
        "opposite-sign lags/patient": float(np.mean([s.opposite for s in scores]))
        if all(s.opposite is not None for s in scores)
        else float("nan"),
    }


def run_associations(patients: int, workers: int) -> None:
    print("\n### Factor discovery (lags 0–3, false-discovery control over factors at q = 0.05)\n")
    overall: dict[str, list[PatientScore]] = {}
    for number, (title, spec) in enumerate(ASSOCIATION_SCENARIOS):
        started = time.perf_counter()
        jobs = [(spec, 10_000 * (number + 1) + i) for i in range(patients)]
        results = _map(association_job, jobs, workers)
        print(f"\n**{title}** ({patients} patients, {time.perf_counter() - started:.0f} s)\n")
        columns = list(summarise(results[0]["Pearson p<0.05"] and [results[0]["Pearson p<0.05"]]))
        print("| method | " + " | ".join(columns) + " |")
        print("|---" * (len(columns) + 1) + "|")
        for method in results[0]:
            scores = [r[method] for r in results]
            if spec.n_triggers and spec.effect_scale == 1.0:
                overall.setdefault(method, []).extend(scores)
            row = summarise(scores)
            print(f"| {method} | " + " | ".join(_cell(v) for v in row.values()) + " |")
    print(
        "\n**The five standard scenarios with triggers together "
        "(lengths 180–730, 30–300 factors)**\n"
    )
    print("| method | recall | FDP | CI coverage |\n|---|---|---|---|")
    for method, scores in overall.items():
        row = summarise(scores)
        print(
            f"| {method} | {_cell(row['recall'])} | {_cell(row['FDP'])} | "
            f"{_cell(row['CI coverage'])} |"
        )


def operating_point_job(job: tuple[PatientSpec, int, float]) -> PatientScore:
    """fibrotrack alone on one patient at a given false discovery rate."""
    spec, seed, fdr = job
    patient = _patient(spec, seed)
    report = analyse_associations(
        patient.outcome,
        [FactorSeries(f.name, f.values) for f in patient.factors],
        first_day=patient.first_day,
        outcome_name="outcome",
        rules=EvidenceRules(fdr=fdr),
    )
    truth = {(t.tag, t.lag): t.effect for t in patient.triggers}
    covered = [
        f.ci[0] <= truth[(f.factor, f.lag)] <= f.ci[1]
        for f in report.findings
        if (f.factor, f.lag) in truth
    ]
    found = [Discovery(f.factor, f.lag, f.effect) for f in report.strongest()]
    return replace(score(patient, found), covered=covered)


def run_operating_points(patients: int, workers: int) -> None:
    """Recall against false discoveries as the level ``--fdr`` changes, on the same patients
    as the factor-discovery tables (the five standard scenarios, and the one without
    triggers)."""
    print("\n### Operating points: the level `--fdr` (same patients as above)\n")
    print("| `--fdr` | recall (five scenarios) | FDP | CI coverage | null: ≥ 1 false finding |")
    print("|---|---|---|---|---|")
    for fdr in (0.05, 0.08, 0.10):
        started = time.perf_counter()
        with_triggers: list[PatientScore] = []
        null: list[PatientScore] = []
        for number, (_title, spec) in enumerate(ASSOCIATION_SCENARIOS):
            if spec.effect_scale != 1.0:
                continue
            jobs = [(spec, 10_000 * (number + 1) + i, fdr) for i in range(patients)]
            scores = _map(operating_point_job, jobs, workers)
            (with_triggers if spec.n_triggers else null).extend(scores)
        row, null_row = summarise(with_triggers), summarise(null)
        print(
            f"| {fdr:.2f} | {row['recall']:.3f} | {row['FDP']:.3f} | "
            f"{row['CI coverage']:.2f} | {null_row['patients ≥1 FP']:.3f} |"
            f" ({time.perf_counter() - started:.0f} s)"
        )


def _cell(value: float) -> str:
    return "–" if np.isnan(value) else f"{value:.2f}"


# ---------------------------------------------------------------- interventions


def segmented_ar1(y: np.ndarray, start: int, first_day, onset: int) -> tuple[float, float]:
    """Segmented regression (level, linear trend and its change, weekday) with AR(1) errors by
    the gap-aware GLS; the onset window left out."""
    n = len(y)
    values = y.copy()
    values[start : start + onset] = np.nan
    t = np.arange(n, dtype=np.float64)
    controls = np.column_stack(
        [np.ones(n), t / n, np.maximum(t - start, 0) / n, control_matrix(first_day, n)[:, -6:]]
    )
    step = (t >= start).astype(np.float64)
    ok = ~np.isnan(values)
    design = np.column_stack([controls, step])
    residuals = np.full(n, np.nan)
    residuals[ok] = residuals_on(design[ok], values[ok][:, None])[:, 0]
    fits = fit_slopes(
        values[ok],
        controls[ok],
        step[ok][:, None],
        np.flatnonzero(ok).astype(np.int64),
        ar1_coefficient(residuals),
    )
    return float(fits.effect[0]), float(fits.se[0])


def worst_fortnight(y: np.ndarray, low: int, high: int) -> int:
    means = [
        np.nanmean(y[s - 14 : s]) if np.sum(~np.isnan(y[s - 14 : s])) >= 7 else -1
        for s in range(low, high)
    ]
    return low + int(np.argmax(means))


def intervention_job(job: tuple[float, bool, int]) -> dict[str, tuple[float, float]]:
    """One patient: a start at random between day 120 and 245, or in their worst fortnight
    there; the effect ramps in over 14 days from the start."""
    effect, worst, seed = job
    patient = _patient(PatientSpec(n_days=365, n_factors=0, n_triggers=0), seed)
    base = patient.outcome
    if worst:
        start = worst_fortnight(base, 120, 246)
    else:
        start = int(np.random.default_rng(seed + 1).integers(120, 246))
    ramp = np.clip((np.arange(len(base)) - start + 1) / 14, 0, 1)
    y = np.clip(np.rint(base + effect * ramp), 0, 10)
    rules = EffectRules()
    out: dict[str, tuple[float, float]] = {}
    full = estimate_effect(
        y,
        first_day=patient.first_day,
        start=patient.first_day + timedelta(days=start),
        name="x",
        with_slope=False,
    )
    if full.change is not None and full.ci is not None:
        out["fibrotrack: local level + AR(1), run-up left out, placebo-calibrated"] = (
            full.change,
            (full.ci[1] - full.ci[0]) / (2 * 1.96),
        )
    plain = fit_level_change(y, start, rules)
    if plain is not None:
        out["fibrotrack model, model SE only (no placebo calibration)"] = (plain.change, plain.se)
    design_notes = fit_level_change(y, start, replace(rules, run_up_days=0))
    if design_notes is not None:
        out["local level + AR(1), run-up kept, model SE (design notes)"] = (
            design_notes.change,
            design_notes.se,
        )
    out["segmented regression, AR(1) errors (GLS)"] = segmented_ar1(
        y, start, patient.first_day, rules.onset_days
    )
    before = y[:start]
    after = y[start + rules.onset_days :]
    test = stats.ttest_ind(after[~np.isnan(after)], before[~np.isnan(before)], equal_var=False)
    difference = float(np.nanmean(after) - np.nanmean(before))
    if test.statistic != 0:
        out["naive before/after (Welch t)"] = (difference, abs(difference / test.statistic))
    return out


def run_interventions(patients: int, workers: int) -> None:
    print("\n### Intervention effects (365 days, start between day 120 and 245)\n")
    print(
        "| method | null, random start: bias / FP / coverage | null, worst-fortnight start: "
        "bias / FP | effect −1, random start: bias / power / coverage | effect −1, "
        "worst start: bias / coverage |"
    )
    print("|---|---|---|---|---|")
    cells = [(0.0, False), (0.0, True), (-1.0, False), (-1.0, True)]
    table: dict[str, list[str]] = {}
    started = time.perf_counter()
    for number, (effect, worst) in enumerate(cells):
        jobs = [(effect, worst, 50_000 + 1000 * number + i) for i in range(patients)]
        results = _map(intervention_job, jobs, workers)
        for method in results[0]:
            estimates = np.array([r[method] for r in results if method in r])
            b, se = estimates[:, 0], estimates[:, 1]
            bias = float(np.mean(b) - effect)
            reject = float(np.mean(np.abs(b / se) > 1.96))
            cover = float(np.mean(np.abs(b - effect) <= 1.96 * se))
            if effect == 0 and not worst:
                text = f"{bias:+.2f} / {reject:.2f} / {cover:.2f}"
            elif effect == 0:
                text = f"{bias:+.2f} / {reject:.2f}"
            elif not worst:
                text = f"{bias:+.2f} / {reject:.2f} / {cover:.2f}"
            else:
                text = f"{bias:+.2f} / {cover:.2f}"
            table.setdefault(method, []).append(text)
    for method, texts in table.items():
        print(f"| {method} | " + " | ".join(texts) + " |")
    print(f"\n({patients} patients per column, {time.perf_counter() - started:.0f} s)")


# ---------------------------------------------------------------- flares


def flare_job(job: tuple[str, int]) -> tuple[int, int, list[int], int, int, float]:
    preset, seed = job
    spec = PatientSpec(n_days=730, n_factors=0, n_triggers=0, flares_per_year=3)
    patient = _patient(spec, seed)
    days = patient.days
    episodes = detect_flares(days, patient.outcome, rule=FLARE_PRESETS[preset])
    planted = [((f.start - days[0]).days, (f.end - days[0]).days) for f in patient.flares]
    detected, delays = 0, []
    flagged = np.zeros(len(days), dtype=bool)
    for e in episodes:
        flagged[(e.start - days[0]).days : (e.end - days[0]).days + 1] = True
    for first, last in planted:
        hits = [
            e
            for e in episodes
            if (e.start - days[0]).days <= last and (e.end - days[0]).days >= first
        ]
        if hits:
            detected += 1
            delays.append(max(0, (hits[0].start - days[0]).days - first))
    in_flare = np.zeros(len(days), dtype=bool)
    for first, last in planted:
        in_flare[first : last + 8] = True
    false_alarms = sum(1 for e in episodes if not in_flare[(e.start - days[0]).days])
    truly = np.zeros(len(days), dtype=bool)
    for first, last in planted:
        truly[first : last + 1] = True
    false_days = int(np.sum(flagged & ~truly))
    years = len(days) / 365
    return len(planted), detected, delays, false_alarms, false_days, years


def run_flares(patients: int, workers: int) -> None:
    print(
        "\n### Flare detection (730 days, about 3 flares a year of +2 points lasting 5–21 days)\n"
    )
    print(
        "| preset | flares detected | median delay (days) | false alarms / patient-year | "
        "false flare days / patient-year |"
    )
    print("|---|---|---|---|---|")
    started = time.perf_counter()
    for preset in FLARE_PRESETS:
        results = _map(flare_job, [(preset, 70_000 + i) for i in range(patients)], workers)
        planted = sum(r[0] for r in results)
        detected = sum(r[1] for r in results)
        delays = [d for r in results for d in r[2]]
        years = sum(r[5] for r in results)
        print(
            f"| {preset} | {detected / planted:.2f} | {np.median(delays):.0f} | "
            f"{sum(r[3] for r in results) / years:.2f} | {sum(r[4] for r in results) / years:.1f} |"
        )
    print(f"\n({patients} patients per preset, {time.perf_counter() - started:.0f} s)")


# ---------------------------------------------------------------- experiments


def experiment_job(job: tuple[float, int, int, int]) -> tuple[float, float, float, float]:
    effect, pairs, period, seed = job
    rng = np.random.default_rng(seed)
    days = 2 * pairs * period
    spec = PatientSpec(n_days=days + 120, n_factors=0, n_triggers=0)
    patient = synthetic_patient(rng, spec)
    design = design_experiment(
        rng,
        factor="x",
        outcome="pain",
        start=patient.days[120],
        pairs=pairs,
        period_days=period,
        washout_days=3 if period >= 14 else 2,
    )
    outcome = {}
    for plan in design.schedule():
        index = (plan.day - patient.first_day).days
        value = patient.outcome[index]
        if np.isnan(value):
            continue
        shift = 0.0
        if plan.on:  # a 3-day onset, like the design benchmark
            shift = effect * min(1.0, (plan.day_in_period) / 3)
        outcome[plan.day] = float(np.clip(round(value + shift), 0, 10))
    result = analyse_experiment(design, outcome, {}, today=design.end)
    if result.p is None or result.ci is None or result.effect is None:
        return float("nan"), float("nan"), float("nan"), float("nan")
    return result.p, result.effect, result.ci[0], result.ci[1]


def run_experiments(patients: int, workers: int) -> None:
    print("\n### Randomised self-experiments (same trending, autocorrelated, gappy generator)\n")
    print("| design | effect | trials | rejection at p ≤ 0.05 | mean estimate | CI coverage |")
    print("|---|---|---|---|---|---|")
    started = time.perf_counter()
    trials = max(patients * 5, 1000)
    for pairs, period in ((6, 7), (6, 14), (8, 7)):
        for effect in (0.0, -1.0):
            jobs = [(effect, pairs, period, 90_000 + i) for i in range(trials)]
            results = np.array(_map(experiment_job, jobs, workers))
            results = results[~np.isnan(results[:, 0])]
            p, est, low, high = results.T
            print(
                f"| {pairs} pairs × {period} days | {effect:+.0f} | {len(results)} | "
                f"{np.mean(p <= 0.05):.3f} | {np.mean(est):+.2f} | "
                f"{np.mean((low <= effect) & (effect <= high)):.2f} |"
            )
    print(f"\n({time.perf_counter() - started:.0f} s)")


# ---------------------------------------------------------------- timing


def run_timing() -> None:
    print("\n### Speed: one outcome, 5 years × 300 factors × 4 lags (1,200 tests), one core\n")
    for label, shared in (
        ("missing days shared by all self-logged factors", True),
        ("every factor with its own missing days (worst case)", False),
    ):
        patient = _patient(PatientSpec(n_days=5 * 365, n_factors=300), 1)
        factors = [FactorSeries(f.name, f.values) for f in patient.factors]
        if not shared:
            rng = np.random.default_rng(2)
            factors = [
                FactorSeries(f.name, np.where(rng.random(len(f.values)) < 0.1, np.nan, f.values))
                for f in factors
            ]
        times = []
        for _ in range(5):
            started = time.perf_counter()
            report = analyse_associations(patient.outcome, factors, first_day=patient.first_day)
            times.append(time.perf_counter() - started)
        print(
            f"- {label}: median {np.median(times):.2f} s, best {min(times):.2f} s "
            f"({len(report.findings)} tests)"
        )


PARTS: dict[str, Callable[[int, int], None]] = {
    "associations": run_associations,
    "operating-points": run_operating_points,
    "interventions": run_interventions,
    "flares": run_flares,
    "experiments": run_experiments,
}


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", default=[*PARTS, "timing"])
    parser.add_argument("--patients", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(list(argv) if argv is not None else None)
    started = time.perf_counter()
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} cores")
    for part in args.parts:
        if part == "timing":
            run_timing()
        else:
            PARTS[part](args.patients, args.workers)
    print(f"\nTotal wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
