"""How much data a test of a factor needs, and why a factor without enough is not tested.

For a yes/no factor: at least 10 days with and 10 without it that pair with a logged outcome at
the lag tested. With fewer, a difference of about one point (one typical day-to-day spread)
cannot be told from noise even in the best case: the smallest difference detectable with 80%
power at 10 vs 10 days is 2.8 × √(1/10 + 1/10) ≈ 1.25 spreads. For a number: at least 20 shared
days of which 10 differ from its most common value. The outcome itself needs 28 logged days.

The effects of interest set how the false discovery budget is shared among factors
(``multiplicity.power_weights``): a factor whose data could show a 1-point difference between
days with and without it, or 0.5 points per standard deviation of a number (1 point between a
typical low and a typical high day), gets a larger share than one whose data could not. About
one point on a 0–10 pain scale is the smallest change people with chronic pain rate as
minimally important (Salaffi et al. 2004); about two points, or 30%, as much better (Farrar et
al. 2001).
"""

from dataclasses import dataclass

import numpy as np

from fibrotrack.analysis.baseline import FloatArray
from fibrotrack.diary.errors import InvalidEntry


@dataclass(frozen=True)
class EvidenceRules:
    """How much data a test needs, the false discovery rate, and the effects of interest."""

    fdr: float = 0.05
    yes_no_effect_of_interest: float = 1.0  # points between days with and without
    per_sd_effect_of_interest: float = 0.5  # points per standard deviation of a number
    min_outcome_days: int = 28
    min_exposed: int = 10
    min_unexposed: int = 10
    min_numeric_days: int = 20
    min_varying_days: int = 10
    min_residual_df: int = 10

    def __post_init__(self) -> None:
        if not 0 < self.fdr < 1:
            raise InvalidEntry("fdr", "must be between 0 and 1")
        for name in ("yes_no_effect_of_interest", "per_sd_effect_of_interest"):
            if not getattr(self, name) >= 0:
                raise InvalidEntry(name, "must be 0 or more points")


def untestable_reason(
    values: FloatArray, binary: bool, rules: EvidenceRules, outcome: str
) -> tuple[str | None, int | None]:
    """Why a factor's values (on the days usable at one lag) cannot be tested, and its number
    of exposed days. The days usable at lag L are those with the outcome logged and the factor
    known L days before."""
    if len(values) == 0:
        return f"never known on a day that can be compared with a logged {outcome}", None
    if binary:
        exposed = int(np.sum(values == 1))
        unexposed = len(values) - exposed
        if exposed < rules.min_exposed or unexposed < rules.min_unexposed:
            return (
                f"{exposed} days with it and {unexposed} without it can be compared with a "
                f"logged {outcome}; at least {rules.min_exposed} with and "
                f"{rules.min_unexposed} without are needed to tell a difference of about one "
                "point from day-to-day noise",
                exposed,
            )
        return None, exposed
    _, counts = np.unique(values, return_counts=True)
    varying = len(values) - int(counts.max())
    if varying == 0:
        return "never changes, so there is nothing to compare", None
    if len(values) < rules.min_numeric_days or varying < rules.min_varying_days:
        return (
            f"{len(values)} days can be compared with a logged {outcome}, {varying} of them "
            f"away from its usual value; at least {rules.min_numeric_days} days with "
            f"{rules.min_varying_days} away from the usual value are needed",
            None,
        )
    return None, None


COLLINEAR_REASON = (
    "changes only with the weekly cycle or the slow trend, which the analysis already "
    "accounts for, so nothing is left to compare"
)
