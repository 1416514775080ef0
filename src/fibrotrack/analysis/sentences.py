"""Findings in plain words. A finding is a pattern in the person's own data: the words say how
big it is, how sure, and never that one thing causes another."""

import math

CAVEAT = "This is a pattern in your data; it does not show that one leads to the other."
LAG_AFTER = {0: "On days with", 1: "On days after", 2: "Two days after", 3: "Three days after"}
LAG_LATER = {0: "the same day", 1: "the next day", 2: "two days later", 3: "three days later"}


def points(value: float) -> str:
    """A size in points, without a sign: 0.93 → "0.9", 0.04 → "0.04"."""
    size = abs(value)
    return f"{size:.1f}" if size >= 0.095 else f"{size:.2g}"


def signed(value: float) -> str:
    text = points(value)
    return text if value >= 0 or text.strip("0.") == "" else f"−{text}"


def interval(low: float, high: float) -> str:
    """ "95% CI −0.3 to 0.1"; with a second decimal when the ends would read the same."""
    ends = (signed(low), signed(high))
    if ends[0] == ends[1]:
        ends = (f"{low:.2f}".replace("-", "−"), f"{high:.2f}".replace("-", "−"))
    return f"95% CI {ends[0]} to {ends[1]}"


def display_step(spread: float) -> float:
    """A round amount of a numeric factor to describe its effect per (1, 10, 1000 …), close to
    its day-to-day spread, so "per 1,000 steps" rather than "per step"."""
    if not math.isfinite(spread) or spread <= 0:
        return 1.0
    return float(10 ** math.floor(math.log10(2 * spread)))


def _when(lag: int) -> str:
    return LAG_LATER.get(lag, f"{lag} days later")


def _after(lag: int) -> str:
    return LAG_AFTER.get(lag, f"{lag} days after")


def _strength(significant: bool, likely: bool) -> str:
    if likely:
        return "Likely pattern"
    return "Possible pattern" if significant else "No clear pattern"


def _tail(significant: bool) -> str:
    return CAVEAT if significant else "This could easily be chance."


def tag_sentence(
    *,
    factor: str,
    outcome: str,
    lag: int,
    effect: float,
    ci: tuple[float, float],
    exposed: int,
    n: int,
    significant: bool,
    likely: bool,
) -> str:
    """ "Possible pattern: on days after gluten your pain was 0.9 points higher (95% CI 0.4 to
    1.4), over 41 such days of 290. This is a pattern in your data; …" """
    direction = "higher" if effect >= 0 else "lower"
    return (
        f"{_strength(significant, likely)}: {_after(lag).lower()} {factor} your {outcome} was "
        f"{points(effect)} points {direction} ({interval(*ci)}), "
        f"over {exposed} such days of {n}. {_tail(significant)}"
    )


def number_sentence(
    *,
    factor: str,
    unit: str | None,
    outcome: str,
    lag: int,
    effect: float,
    ci: tuple[float, float],
    step: float,
    n: int,
    significant: bool,
    likely: bool,
) -> str:
    """ "No clear pattern: per 1 h more sleep, your pain the next day was 0.1 points lower
    (95% CI −0.3 to 0.1), over 250 days. This could easily be chance." """
    direction = "higher" if effect >= 0 else "lower"
    amount = f"{step:,.0f}" if step >= 1 else f"{step:g}"
    unit_text = f" {unit}" if unit else ""
    more = (
        f"{amount} more {factor}"
        if unit and unit.casefold() == factor.casefold()
        else f"{amount}{unit_text} more {factor}"
    )
    return (
        f"{_strength(significant, likely)}: per {more}, your "
        f"{outcome} {_when(lag)} was {points(effect * step)} points {direction} "
        f"({interval(ci[0] * step, ci[1] * step)}), over {n} days. "
        f"{_tail(significant)}"
    )
