"""The insight engine on a real Visible export: one person with long COVID, a year of data.

    .venv/bin/python benchmarks/visible_real_export.py [PATH]

PATH defaults to shared/data/real-exports/visible_longcovid_2024-04-24_2025-04-24.csv in the
first folder above this script that has it
(CC BY 4.0, Dr. A. M. Mowinckel, drmowinckels.io). The export is long
(date, tracker, category, value); this script pivots it to one row per day itself (the proper
importer belongs to fibrotrack.interop). Free-text notes and the monthly FUNCAP27 items are
left out. Results are printed as Markdown for docs/benchmarks.md.
"""

import csv
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np

from fibrotrack.analysis.associations import AssociationReport, FactorSeries, analyse_associations
from fibrotrack.analysis.baseline import FloatArray, on_calendar
from fibrotrack.analysis.flares import FLARE_PRESETS, detect_flares
from fibrotrack.analysis.pacing import find_boom_bust

EXPORT = "shared/data/real-exports/visible_longcovid_2024-04-24_2025-04-24.csv"
DEFAULT = next(
    (folder / EXPORT for folder in Path(__file__).resolve().parents if (folder / EXPORT).exists()),
    Path("..") / EXPORT,
)
EXERTION = (
    "Physically active",
    "Mentally demanding",
    "Emotionally stressful",
    "Socially demanding",
)
MEASURES = ("HR Variability", "Resting HR", "Stability Score")
NOT_SYMPTOMS = {*EXERTION, *MEASURES, "Crash", "Period", "Sleep", "Note"}


def read_export(path: Path) -> tuple[list[date], dict[str, list[float | None]]]:
    """Days and one column per numeric tracker (None where not recorded)."""
    values: dict[str, dict[date, float]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for day_text, tracker, category, value in reader:
            name, category = tracker.strip(), category.strip()
            if category.startswith("Funcap") or name == "Note":
                continue
            try:
                values[name][date.fromisoformat(day_text.strip())] = float(value.strip())
            except ValueError:
                continue
    days = sorted({day for column in values.values() for day in column})
    return days, {name: [column.get(day) for day in days] for name, column in values.items()}


def show_question(report: AssociationReport, names: tuple[str, ...], lags: tuple[int, ...]) -> None:
    """The asked-for tests whether significant or not: does exertion go with what follows?"""
    for finding in report.findings:
        if finding.factor in names and finding.lag in lags:
            print(
                f"- {finding.factor} → {report.outcome} {finding.lag} day(s) later: "
                f"{finding.effect:+.3f} (95% CI {finding.ci[0]:+.3f} to {finding.ci[1]:+.3f}), "
                f"p = {finding.p:.2g}, q = {finding.q:.2g}"
            )
    print()


def show(report: AssociationReport, top: int = 8) -> None:
    print(
        f"{report.n_days} days; {len(report.findings)} tests; estimated day-to-day "
        f"autocorrelation of the outcome's residuals ρ = {report.rho:.2f}.\n"
    )
    significant = [f for f in report.findings if f.significant]
    print(f"Significant at q ≤ 0.05: {len(significant)} tests; strongest lag per factor:\n")
    for finding in report.strongest()[:top]:
        tier = "likely" if finding.likely else "possible"
        print(
            f"- {finding.factor}, lag {finding.lag}: {finding.effect:+.2f} "
            f"(95% CI {finding.ci[0]:+.2f} to {finding.ci[1]:+.2f}), q = {finding.q:.2g}, "
            f"{tier}"
        )
    for line in report.not_enough_data:
        print(f"- not enough data: {line}")
    print()


def naive_hits(outcome: FloatArray, factors: list[FactorSeries]) -> int:
    """How many factor × lag tests plain Pearson p < 0.05 would flag."""
    from scipy import stats

    from fibrotrack.analysis.associations import lagged

    hits = 0
    for factor in factors:
        for lag in range(4):
            x = lagged(factor.values, lag)
            both = ~np.isnan(outcome) & ~np.isnan(x)
            if both.sum() > 10 and np.std(x[both]) > 0 and np.std(outcome[both]) > 0:
                hits += stats.pearsonr(outcome[both], x[both]).pvalue < 0.05
    return hits


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    days, columns = read_export(path)
    calendar, grid = on_calendar(days, columns)
    symptoms = sorted(name for name in grid if name not in NOT_SYMPTOMS)
    burden = np.nansum(np.vstack([grid[name] for name in symptoms]), axis=0)
    burden[np.all(np.isnan(np.vstack([grid[name] for name in symptoms])), axis=0)] = np.nan
    exertion_total = np.vstack([grid[name] for name in EXERTION]).sum(axis=0)
    print(f"{path.name}: {calendar.length} days from {calendar.first} to {calendar.last}.")
    print(f"Symptom trackers ({len(symptoms)}, each 0–3): {', '.join(symptoms)}.\n")

    behaviours = [
        FactorSeries(name, grid[name]) for name in (*EXERTION, *MEASURES, "Sleep", "Period")
    ]
    behaviours.append(FactorSeries("exertion total (0–12)", exertion_total))

    print("#### Symptom burden (sum of the symptom ratings) on exertion, sleep and measures\n")
    report = analyse_associations(
        burden, behaviours, first_day=calendar.first, outcome_name="burden"
    )
    show(report)
    print(f"Plain Pearson p < 0.05 would flag {naive_hits(burden, behaviours)} of these tests.\n")
    print("Exertion and the burden 1–2 days later (post-exertional worsening would show here):\n")
    show_question(report, ("Physically active", "exertion total (0–12)"), (1, 2))

    print("#### Fatigue (0–3) on the same factors\n")
    fatigue = analyse_associations(
        grid["Fatigue"], behaviours, first_day=calendar.first, outcome_name="fatigue"
    )
    show(fatigue)

    print("#### Crash days (0/1, marked by the person) on exertion\n")
    crash = analyse_associations(
        grid["Crash"],
        [f for f in behaviours if f.name in (*EXERTION, "exertion total (0–12)")],
        first_day=calendar.first,
        outcome_name="crash",
    )
    show(crash)
    print("Exertion and a crash 1–2 days later:\n")
    show_question(crash, ("Physically active", "exertion total (0–12)"), (1, 2))
    crash_mask = grid["Crash"] == 1
    no_crash = grid["Crash"] == 0
    print(
        f"Symptom burden on crash days: mean {np.nanmean(burden[crash_mask]):.1f}; on other "
        f"days with the crash question answered: {np.nanmean(burden[no_crash]):.1f}.\n"
    )

    print("#### Flares in the symptom burden against the person's own crash days\n")
    crash_days = {calendar.day(i) for i in np.flatnonzero(grid["Crash"] == 1)}
    print(f"{len(crash_days)} crash days marked.\n")
    print("| preset | flares | flare days | crash days inside a flare | flares with a crash |")
    print("|---|---|---|---|---|")
    for preset, rule in FLARE_PRESETS.items():
        episodes = detect_flares(calendar.days, burden, rule=rule)
        inside = {day for day in crash_days for e in episodes if e.start <= day <= e.end}
        with_crash = sum(any(e.start <= day <= e.end for day in crash_days) for e in episodes)
        print(
            f"| {preset} | {len(episodes)} | {sum(e.days for e in episodes)} | "
            f"{len(inside)} of {len(crash_days)} | {with_crash} of {len(episodes)} |"
        )
    print()

    print("#### Boom-bust: physical activity (0–3) and the symptom burden\n")
    for activity_name, activity in (
        ("Physically active", grid["Physically active"]),
        ("exertion total", exertion_total),
    ):
        result = find_boom_bust(calendar.days, activity, burden)
        print(
            f"- {activity_name}: {len(result.boom_days)} boom days, {len(result.busts)} busts "
            f"of {result.judged} judged (rate {result.rate:.2f}; after ordinary days "
            f"{result.chance_rate if result.chance_rate is None else round(result.chance_rate, 2)}"
            f"), typical lag {result.typical_lag}"
        )


if __name__ == "__main__":
    main()
