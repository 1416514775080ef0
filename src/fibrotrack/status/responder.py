"""FM30 responder definitions (Arnold et al. 2012, OMERACT fibromyalgia working group).

Both versions need ≥30% less pain and ≥10% better physical function. The short version (their
version 3) adds ≥30% better sleep or fatigue; the long version (version 6) adds ≥30% better in
2 of sleep, fatigue, depression, anxiety and cognition. Improvement is a fall: every measure
used is higher-is-worse. A domain not measured at both visits is unknown, and the result is
unknown (None) only when the known domains cannot settle it.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from fibrotrack.status.change import improvement_percent
from fibrotrack.status.measures import FM30_DOMAINS, MEASURE_LABELS
from fibrotrack.status.rules import StatusRules

SLEEP_OR_FATIGUE = ("sleep", "fatigue")
LONG_SYMPTOMS = ("sleep", "fatigue", "depression", "anxiety", "cognition")


@dataclass(frozen=True)
class DomainChange:
    """One domain between baseline and a visit. ``met`` is None when it was not measured at
    both with the same measure."""

    domain: str
    measure: str | None
    baseline: float | None
    value: float | None
    improvement_percent: float | None
    threshold_percent: float
    met: bool | None


@dataclass(frozen=True)
class ResponderResult:
    version: str  # "short" or "long"
    responder: bool | None
    domains: tuple[DomainChange, ...]
    reason: str

    @property
    def verdict(self) -> str:
        if self.responder is None:
            return "cannot be determined"
        return "responder" if self.responder else "not a responder"


def domain_change(
    domain: str,
    baseline: Mapping[str, float],
    follow_up: Mapping[str, float],
    threshold: float,
) -> DomainChange:
    for measure in FM30_DOMAINS[domain]:
        if measure in baseline and measure in follow_up:
            improvement = improvement_percent(baseline[measure], follow_up[measure])
            return DomainChange(
                domain=domain,
                measure=measure,
                baseline=baseline[measure],
                value=follow_up[measure],
                improvement_percent=None if improvement is None else round(improvement, 1),
                threshold_percent=threshold,
                met=improvement is not None and improvement >= threshold,
            )
    return DomainChange(domain, None, None, None, None, threshold, None)


def _all(values: list[bool | None]) -> bool | None:
    """Three-valued AND: False if any is False, else None if any is unknown."""
    if any(value is False for value in values):
        return False
    return None if any(value is None for value in values) else True


def _at_least(count: int, values: list[bool | None]) -> bool | None:
    """Three-valued "at least ``count`` are True"."""
    met = sum(value is True for value in values)
    unknown = sum(value is None for value in values)
    if met >= count:
        return True
    return None if met + unknown >= count else False


def fm30(
    baseline: Mapping[str, float], follow_up: Mapping[str, float], rules: StatusRules
) -> tuple[ResponderResult, ResponderResult]:
    """The FM30 short and long results for ``follow_up`` against ``baseline`` (measure id →
    value, see ``measures``)."""
    pain = domain_change("pain", baseline, follow_up, rules.fm30_pain_percent)
    function = domain_change("function", baseline, follow_up, rules.fm30_function_percent)
    symptoms = {
        domain: domain_change(domain, baseline, follow_up, rules.fm30_symptom_percent)
        for domain in LONG_SYMPTOMS
    }
    core = [pain.met, function.met]
    either = _at_least(1, [symptoms[domain].met for domain in SLEEP_OR_FATIGUE])
    short = _all([*core, either])
    enough = _at_least(rules.fm30_long_domains, [change.met for change in symptoms.values()])
    long = _all([*core, enough])
    short_domains = (pain, function, *(symptoms[domain] for domain in SLEEP_OR_FATIGUE))
    long_domains = (pain, function, *symptoms.values())
    return (
        ResponderResult("short", short, short_domains, _reason(short_domains)),
        ResponderResult("long", long, long_domains, _reason(long_domains)),
    )


def _reason(domains: tuple[DomainChange, ...]) -> str:
    """Each domain's change against its threshold, in words."""
    parts = []
    for change in domains:
        if change.met is None:
            parts.append(f"{change.domain} not measured at both visits")
            continue
        measure = MEASURE_LABELS[change.measure or ""]
        if change.improvement_percent is None:
            detail = "0 at baseline, nothing to improve"
        elif change.improvement_percent >= 0:
            detail = f"{change.improvement_percent:.1f}% better"
        else:
            detail = f"{-change.improvement_percent:.1f}% worse"
        mark = "met" if change.met else "not met"
        parts.append(
            f"{change.domain} {detail} (≥{change.threshold_percent:g}% needed, {mark}; "
            f"{measure} {_number(change.baseline)} → {_number(change.value)})"
        )
    return "; ".join(parts)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{round(value, 2):g}"
