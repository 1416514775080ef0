"""The words of the community figures, shared by the web page, the CLI and the API."""

from fibrotrack.analysis.shared_factors import SharedFactor
from fibrotrack.community.borrowing import BorrowedEffect
from fibrotrack.community.contribution import FactorEffect, PracticeOutcome
from fibrotrack.community.outcomes import PeopleCount, PracticeSummary, Share, Spread

OWN_NAME = "From your own data"
POOLED_NAME = "Your own data with the community's (pooled)"
POOLING_NOTE = (
    "The pooled estimate moves your own estimate toward the community's typical effect, by "
    "more when your own data are few or noisy (empirical Bayes; docs/community.md). It assumes "
    "you are like the others in the community; if you are unusual, your own estimate may be "
    "closer to the truth. Both are associations in diaries, not proof that one thing leads to "
    "another."
)


def fewer_than(min_group: int) -> str:
    return f"fewer than {min_group} people: nothing is shown"


def people_text(count: PeopleCount) -> str:
    return f"{count.text} people"


def points(value: float) -> str:
    text = f"{value:+g}" if value else "0"
    return text.replace("-", "−")


def fiqr_text(spread: Spread | None, min_group: int) -> str:
    if spread is None:
        return f"FIQR change: {fewer_than(min_group)}"
    return (
        f"FIQR change: median {points(spread.median)} points (middle half {points(spread.low)} "
        f"to {points(spread.high)}), {people_text(spread.people)}"
    )


def fm30_text(share: Share | None, min_group: int) -> str:
    if share is None:
        return f"FM30 response: {fewer_than(min_group)}"
    return (
        f"FM30 response at the latest visit: about {share.share:.0%} of {people_text(share.people)}"
    )


def flare_text(spread: Spread | None, min_group: int) -> str:
    if spread is None:
        return f"Flares per year, while practising against before: {fewer_than(min_group)}"
    return (
        f"Flares per year, while practising against before: median {points(spread.median)} "
        f"(middle half {points(spread.low)} to {points(spread.high)}), "
        f"{people_text(spread.people)}"
    )


def practice_lines(summary: PracticeSummary, min_group: int) -> list[str]:
    if summary.kept_up is None:
        return [f"Kept it up: {fewer_than(min_group)}"]
    return [
        f"Kept it up (8 weeks or more at 70% adherence or more): {people_text(summary.kept_up)}",
        fiqr_text(summary.fiqr_change, min_group),
        fm30_text(summary.fm30, min_group),
        flare_text(summary.flare_change, min_group),
    ]


def effect_text(factor: SharedFactor, effect: float, ci: tuple[float, float]) -> str:
    direction = "higher" if effect > 0 else "lower"
    return (
        f"pain {abs(effect):.2f} points {direction} {factor.per_text} "
        f"(95% CI {points(round(ci[0], 2))} to {points(round(ci[1], 2))})"
    )


def borrowed_lines(item: BorrowedEffect, min_group: int) -> list[str]:
    factor = item.own.factor
    lines = []
    if item.own.estimate is None:
        lines.append(f"{OWN_NAME}: no estimate ({item.own.reason}).")
    else:
        own = item.own.estimate
        lines.append(
            f"{OWN_NAME}: "
            + effect_text(
                factor, own.effect, (own.effect - 1.96 * own.se, own.effect + 1.96 * own.se)
            )
            + f", over {item.own.days} days."
        )
    prior = item.prior
    if prior.people is None or prior.mean is None or prior.tau is None:
        lines.append(f"The community: {fewer_than(min_group)}.")
    else:
        lines.append(
            f"The community ({people_text(prior.people)}): typical effect {points(prior.mean)} "
            f"points, varying from person to person by about {prior.tau:g} (SD)."
        )
    if item.pooled is not None:
        lines.append(
            f"{POOLED_NAME}: " + effect_text(factor, item.pooled.effect, item.pooled.ci) + "."
        )
    return lines


def outcome_line(outcome: PracticeOutcome, practice_name: str) -> str:
    """One practice of a contribution, every stored field in words."""
    adherence = (
        "no weekly schedule"
        if outcome.adherence_percent is None
        else f"adherence {_tenth(outcome.adherence_percent)}"
    )
    kept = "kept it up" if outcome.kept_up else "not counted as kept up"
    fiqr = (
        "FIQR change: no FIQR before and 8 weeks after the start"
        if outcome.fiqr_change is None
        else f"FIQR change {points(outcome.fiqr_change)} points"
    )
    fm30 = {None: "FM30: not known", True: "FM30 responder", False: "not an FM30 responder"}[
        outcome.fm30
    ]
    before = "not known" if outcome.flares_before is None else str(outcome.flares_before)
    during = "not known" if outcome.flares_during is None else str(outcome.flares_during)
    return (
        f"{practice_name}: {outcome.weeks} weeks, {adherence} ({kept}); {fiqr}; {fm30}; flares "
        f"per year {before} before and {during} while practising"
    )


def _tenth(percent: int) -> str:
    return "100%" if percent >= 100 else f"{percent}–{percent + 9}%"


def factor_line(effect: FactorEffect, factor: SharedFactor) -> str:
    return (
        f"{factor.label}: your estimate {points(effect.effect)} points {factor.per_text} "
        f"(SE {effect.se:g})"
    )
