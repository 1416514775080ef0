"""The community's published summary for one month: every practice's outcomes and every shared
factor's distribution, as computed once from the contributions at that moment.

Publishing once a month means a person joining, leaving or refreshing their contribution
changes what anyone can see only at the next month, together with everyone else's changes of
that month (docs/community.md). The summary holds only rounded aggregates and ranges of
counts, never a contribution; it is stored as JSON (``as_json`` / ``from_json``).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fibrotrack.community.borrowing import FactorPrior, factor_priors
from fibrotrack.community.contribution import Contribution
from fibrotrack.community.outcomes import (
    PeopleCount,
    PracticeSummary,
    Share,
    Spread,
    people_count,
    summarise_practices,
)
from fibrotrack.community.rules import CommunityRules


@dataclass(frozen=True)
class CommunitySummary:
    month: str
    min_group: int
    members: PeopleCount | None
    practices: tuple[PracticeSummary, ...]
    factors: tuple[FactorPrior, ...]

    def practice(self, practice_id: str) -> PracticeSummary:
        return next(summary for summary in self.practices if summary.practice_id == practice_id)

    def factor(self, key: str) -> FactorPrior:
        return next(prior for prior in self.factors if prior.factor == key)

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "min_group": self.min_group,
            "members": _count_json(self.members),
            "practices": [
                {
                    "practice": summary.practice_id,
                    "kept_up": _count_json(summary.kept_up),
                    "fiqr_change": _spread_json(summary.fiqr_change),
                    "fm30": None
                    if summary.fm30 is None
                    else {"share": summary.fm30.share, "people": _count_json(summary.fm30.people)},
                    "flare_change": _spread_json(summary.flare_change),
                }
                for summary in self.practices
            ],
            "factors": [
                {
                    "factor": prior.factor,
                    "people": _count_json(prior.people),
                    "mean": prior.mean,
                    "tau": prior.tau,
                    "pooling_tau": prior.pooling_tau,
                    "mean_se": prior.mean_se,
                }
                for prior in self.factors
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CommunitySummary":
        return cls(
            month=str(data["month"]),
            min_group=int(data["min_group"]),
            members=_count(data["members"]),
            practices=tuple(
                PracticeSummary(
                    practice_id=str(item["practice"]),
                    kept_up=_count(item["kept_up"]),
                    fiqr_change=_spread(item["fiqr_change"]),
                    fm30=None
                    if item["fm30"] is None
                    else Share(float(item["fm30"]["share"]), _known(item["fm30"]["people"])),
                    flare_change=_spread(item["flare_change"]),
                )
                for item in data["practices"]
            ),
            factors=tuple(
                FactorPrior(
                    factor=str(item["factor"]),
                    people=_count(item["people"]),
                    mean=item["mean"],
                    tau=item["tau"],
                    pooling_tau=item["pooling_tau"],
                    mean_se=item["mean_se"],
                )
                for item in data["factors"]
            ),
        )


def summarise(
    month: str,
    contributions: Sequence[Contribution],
    *,
    practice_ids: Sequence[str],
    factor_keys: Sequence[str],
    rules: CommunityRules,
) -> CommunitySummary:
    """The summary of ``month`` over every contribution: no other way to choose people."""
    return CommunitySummary(
        month=month,
        min_group=rules.min_group,
        members=people_count(len(contributions), rules.min_group),
        practices=summarise_practices(practice_ids, contributions, rules),
        factors=factor_priors(factor_keys, contributions, rules),
    )


def _count_json(count: PeopleCount | None) -> dict[str, int | None] | None:
    return None if count is None else {"low": count.low, "high": count.high}


def _count(data: Mapping[str, Any] | None) -> PeopleCount | None:
    return None if data is None else PeopleCount(int(data["low"]), data["high"])


def _known(data: Mapping[str, Any]) -> PeopleCount:
    return PeopleCount(int(data["low"]), data["high"])


def _spread_json(spread: Spread | None) -> dict[str, Any] | None:
    if spread is None:
        return None
    return {
        "median": spread.median,
        "low": spread.low,
        "high": spread.high,
        "people": _count_json(spread.people),
    }


def _spread(data: Mapping[str, Any] | None) -> Spread | None:
    if data is None:
        return None
    return Spread(
        float(data["median"]), float(data["low"]), float(data["high"]), _known(data["people"])
    )
