"""Community outcomes on a shared server: what one person shares when they opt in
(``contribution``), the "people like me" outcomes per practice (``outcomes``), the community's
distribution of shared factors' effects for borrowing strength (``borrowing``), and the monthly
summary that publishes both (``summary``), under the rules in ``rules``.

Pure: plain values in and out, no storage. Every figure rests on at least ``min_group`` people
(never fewer than 10) and no function takes a parameter that could choose people.
"""

from fibrotrack.community.borrowing import BorrowedEffect, FactorPrior, borrow, factor_prior
from fibrotrack.community.contribution import (
    Contribution,
    FactorEffect,
    PracticeOutcome,
    derive_contribution,
    month_of,
)
from fibrotrack.community.outcomes import (
    CAVEAT,
    PeopleCount,
    PracticeSummary,
    Share,
    Spread,
    people_count,
    rounded,
    summarise_practice,
)
from fibrotrack.community.rules import MINIMUM_GROUP_FLOOR, CommunityRules
from fibrotrack.community.summary import CommunitySummary, summarise

__all__ = [
    "CAVEAT",
    "MINIMUM_GROUP_FLOOR",
    "BorrowedEffect",
    "CommunityRules",
    "CommunitySummary",
    "Contribution",
    "FactorEffect",
    "FactorPrior",
    "PeopleCount",
    "PracticeOutcome",
    "PracticeSummary",
    "Share",
    "Spread",
    "borrow",
    "derive_contribution",
    "factor_prior",
    "month_of",
    "people_count",
    "rounded",
    "summarise",
    "summarise_practice",
]
