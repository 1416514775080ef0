"""Change since baseline: absolute and percent, and the IMMPACT words for a fall in pain.

No minimal clinically important difference is published for the FIQR, so none is invented:
its change is reported as numbers only. Pain alone gets words (Dworkin et al. 2008).
"""

from dataclasses import dataclass

from fibrotrack.status.rules import StatusRules


@dataclass(frozen=True)
class Change:
    """``value`` against ``baseline``. For every measure here higher is worse, so a negative
    change is an improvement. ``percent`` is None when the baseline is 0."""

    measure: str
    label: str
    baseline: float
    value: float
    absolute: float
    percent: float | None


def change_since(measure: str, label: str, baseline: float, value: float) -> Change:
    percent = None if baseline == 0 else round((value - baseline) / baseline * 100, 1)
    return Change(
        measure=measure,
        label=label,
        baseline=round(baseline, 2),
        value=round(value, 2),
        absolute=round(value - baseline, 2),
        percent=percent,
    )


def improvement_percent(baseline: float, value: float) -> float | None:
    """How much lower ``value`` is than ``baseline``, in percent of the baseline (positive is
    better); None when the baseline is 0 and there was nothing to improve."""
    if baseline <= 0:
        return None
    return round((baseline - value) / baseline * 100, 6)


def pain_importance(baseline: float, value: float, rules: StatusRules) -> str | None:
    """IMMPACT's words for a fall in pain: "substantial" (≥50%), "moderately important"
    (≥30%), else None."""
    improvement = improvement_percent(baseline, value)
    if improvement is None:
        return None
    if improvement >= rules.pain_substantial_percent:
        return "substantial"
    if improvement >= rules.pain_moderate_percent:
        return "moderately important"
    return None
