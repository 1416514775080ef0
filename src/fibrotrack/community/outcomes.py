""" "People like me": for each practice, the outcomes of the people who kept it up, computed so
that no figure rests on fewer than ``min_group`` people and none can be narrowed.

For every practice of the catalogue (a fixed list, each listed whether or not anyone did it):
among the contributions that kept it up, the median and quartiles of the FIQR change, the share
whose latest visit was an FM30 responder, and the median and quartiles of the change in flares
per year. Each figure is computed only from the people who have a value for it, and only when
there are at least ``min_group`` of them; otherwise it is left out, the same way for 0 people
as for ``min_group − 1``. Medians and quartiles are rounded to ``fiqr_step`` points (flares to
``flare_step``), shares to ``share_step``, and counts are shown as ranges ("10–19 people").

There is no parameter to choose people by: the only groups are "kept up practice P" for the
catalogue's practices, so no query can be narrowed below the minimum (docs/community.md
discusses what differencing between overlapping groups and over time can and cannot reveal).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fibrotrack.community.contribution import Contribution
from fibrotrack.community.rules import CommunityRules

COUNT_EDGES = (10, 20, 50, 100, 200, 500, 1000)
CAVEAT = (
    "People who stick with a practice differ from people who do not: they may have been "
    "getting better anyway, had fewer flares, more time or more support. These figures "
    "describe what happened to them; they are not evidence that the practice works, and "
    "they cannot say what will happen to you."
)


def rounded(value: float, step: float) -> float:
    """``value`` to the nearest multiple of ``step``, halves away from zero (so the result
    never depends on floating-point ties)."""
    steps = abs(value) / step
    whole = math.floor(steps + 0.5 + 1e-9)
    result = math.copysign(whole * step, value) if whole else 0.0
    return round(result, 6)


@dataclass(frozen=True)
class PeopleCount:
    """A number of people as shown: a range, and its lower end."""

    low: int
    high: int | None

    @property
    def text(self) -> str:
        return f"{self.low} or more" if self.high is None else f"{self.low}–{self.high}"


def people_count(n: int, min_group: int) -> PeopleCount | None:
    """``n`` as a range of ``COUNT_EDGES`` starting at ``min_group``; None below it."""
    if n < min_group:
        return None
    low = max(min_group, max(edge for edge in COUNT_EDGES if edge <= n))
    higher = [edge for edge in COUNT_EDGES if edge > n]
    return PeopleCount(low, higher[0] - 1 if higher else None)


@dataclass(frozen=True)
class Spread:
    """A median and its quartiles, rounded, and how many people they come from."""

    median: float
    low: float
    high: float
    people: PeopleCount


@dataclass(frozen=True)
class Share:
    share: float
    people: PeopleCount


@dataclass(frozen=True)
class PracticeSummary:
    """The outcomes of the people who kept up one practice; None where too few have one."""

    practice_id: str
    kept_up: PeopleCount | None
    fiqr_change: Spread | None
    fm30: Share | None
    flare_change: Spread | None

    @property
    def shown(self) -> bool:
        return self.kept_up is not None


def _spread(values: Sequence[float], step: float, rules: CommunityRules) -> Spread | None:
    people = people_count(len(values), rules.min_group)
    if people is None:
        return None
    q1, median, q3 = (
        float(q) for q in np.percentile(np.asarray(values, dtype=float), [25, 50, 75])
    )
    return Spread(rounded(median, step), rounded(q1, step), rounded(q3, step), people)


def summarise_practice(
    practice_id: str, contributions: Sequence[Contribution], rules: CommunityRules
) -> PracticeSummary:
    """The summary of one practice over every contribution."""
    kept = [
        outcome
        for contribution in contributions
        for outcome in contribution.practices
        if outcome.practice_id == practice_id and outcome.kept_up
    ]
    kept_up = people_count(len(kept), rules.min_group)
    if kept_up is None:
        return PracticeSummary(practice_id, None, None, None, None)
    changes = [float(o.fiqr_change) for o in kept if o.fiqr_change is not None]
    responders = [o.fm30 for o in kept if o.fm30 is not None]
    flares = [
        float(o.flares_during - o.flares_before)
        for o in kept
        if o.flares_during is not None and o.flares_before is not None
    ]
    responder_people = people_count(len(responders), rules.min_group)
    fm30 = None
    if responder_people is not None:
        fm30 = Share(rounded(sum(responders) / len(responders), rules.share_step), responder_people)
    return PracticeSummary(
        practice_id=practice_id,
        kept_up=kept_up,
        fiqr_change=_spread(changes, rules.fiqr_step, rules),
        fm30=fm30,
        flare_change=_spread(flares, rules.flare_step, rules),
    )


def summarise_practices(
    practice_ids: Sequence[str], contributions: Sequence[Contribution], rules: CommunityRules
) -> tuple[PracticeSummary, ...]:
    """The summary of every practice in ``practice_ids`` (the catalogue), in that order."""
    return tuple(summarise_practice(pid, contributions, rules) for pid in practice_ids)
