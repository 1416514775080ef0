"""What the association engine reports: each factor × lag finding, the report, its JSON
document, the list of factors without enough data, and the report's warnings."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Finding:
    """One factor at one lag: effect in the outcome's points with its 95% CI, p, and q (the
    smallest false discovery rate at which the factor-level procedure flags it)."""

    factor: str
    lag: int
    effect: float
    ci: tuple[float, float]
    p: float
    q: float
    significant: bool
    likely: bool
    n: int
    exposed: int | None
    sentence: str


@dataclass(frozen=True)
class AssociationReport:
    """Every factor × lag tested, what could not be tested and why, and warnings."""

    outcome: str
    n_days: int
    findings: list[Finding]
    not_enough_data: list[str]
    warnings: list[str]
    rho: float = 0.0
    fdr: float = 0.05
    missing_share: float = 0.0

    def strongest(self) -> list[Finding]:
        """Per factor with a significant lag, the significant lag with the smallest p."""
        best: dict[str, Finding] = {}
        for finding in self.findings:
            if finding.significant and (
                finding.factor not in best or finding.p < best[finding.factor].p
            ):
                best[finding.factor] = finding
        return sorted(best.values(), key=lambda finding: finding.p)

    def as_json(self) -> dict[str, object]:
        """The JSON document of ``fibrotrack analyze --json``."""
        return {
            "outcome": self.outcome,
            "n_days": self.n_days,
            "findings": [
                {
                    "factor": f.factor,
                    "lag": f.lag,
                    "effect": _rounded(f.effect),
                    "ci": [_rounded(f.ci[0]), _rounded(f.ci[1])],
                    "p": _rounded(f.p),
                    "q": _rounded(f.q),
                    "significant": f.significant,
                    "likely": f.likely,
                    "n": f.n,
                    "sentence": f.sentence,
                }
                for f in self.findings
            ],
            "not_enough_data": self.not_enough_data,
            "warnings": self.warnings,
        }


def _rounded(value: float) -> float:
    return float(f"{value:.4g}")


def reason_lines(reasons: dict[tuple[int, str], list[int]], names: Sequence[str]) -> list[str]:
    """One line per factor and reason: "gluten (lags 2, 3): …"."""
    lines = []
    for (j, reason), lags in sorted(reasons.items(), key=lambda item: (item[0][0], item[1])):
        which = "lag" if len(lags) == 1 else "lags"
        lines.append(f"{names[j]} ({which} {', '.join(str(lag) for lag in lags)}): {reason}")
    return lines


def report_warnings(
    n_days: int,
    missing_share: float,
    first_day: date,
    span: int,
    outcome: str,
    findings: list[Finding],
    rho: float,
) -> list[str]:
    warnings = []
    last_day = first_day + timedelta(days=span - 1)
    if missing_share > 0.3:
        warnings.append(
            f"{missing_share:.0%} of the days from {first_day} to {last_day} have no {outcome} "
            "rating. People often skip logging on bad days, so patterns may be biased; treat "
            "them with extra caution."
        )
    if n_days < 90:
        warnings.append(
            f"Only {n_days} days of {outcome}: patterns found in under three months often fade "
            "as more days come in."
        )
    if rho >= 0.9:
        warnings.append(
            f"Your {outcome} changes very slowly from day to day (day-to-day correlation "
            f"{rho:.2f}), so day-level patterns are hard to see."
        )
    if any(finding.significant for finding in findings):
        warnings.append(
            "Findings are patterns in your own data; they do not show that one thing leads to "
            "another. Something else that changes at the same time can explain any of them. "
            "To test one, run a self-experiment (fibrotrack experiment start)."
        )
    return warnings
