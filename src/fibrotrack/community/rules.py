"""The rules of community outcomes, each with the reason for its value (docs/community.md).

``min_group`` is the smallest number of people any figure may be computed from. It can be
raised by the server's operator (``FIBROTRACK_COMMUNITY_MIN_GROUP``), never lowered below
``MINIMUM_GROUP_FLOOR``: the floor is enforced here, so no caller can ask for less.
"""

from dataclasses import dataclass

from fibrotrack.diary.errors import InvalidEntry

MINIMUM_GROUP_FLOOR = 10


@dataclass(frozen=True)
class CommunityRules:
    # No figure is computed from fewer people than this (never below MINIMUM_GROUP_FLOOR).
    min_group: int = MINIMUM_GROUP_FLOOR
    # "Kept it up": at least 8 weeks in the plan at 70% adherence or more over its complete
    # weeks (the definition; 8 weeks is the shortest course in most practice trials).
    kept_up_weeks: int = 8
    kept_up_adherence: float = 0.7
    # Coarse steps of what is shown: FIQR change to 5 points (about a fifth of the spread of
    # FIQR change in trials), shares to 10%, flares per year to whole flares, the pooled
    # community mean and SD of an effect to 0.05 points.
    fiqr_step: float = 5.0
    share_step: float = 0.1
    flare_step: float = 1.0
    effect_step: float = 0.05
    # A practice's FIQR before: the one closest to its start, from 8 weeks before to 1 week
    # after; after: the latest from 8 weeks after the start to 4 weeks after it stopped.
    baseline_before_days: int = 56
    baseline_after_days: int = 7
    follow_up_after_stop_days: int = 28
    # Flares per year before a practice: the 180 days before its start, with at least 90 of
    # them logged; while practising: at least 56 days, 42 of them logged.
    flare_before_days: int = 180
    flare_before_minimum_logged: int = 90
    flare_during_minimum_days: int = 56
    flare_during_minimum_logged: int = 42

    def __post_init__(self) -> None:
        if self.min_group < MINIMUM_GROUP_FLOOR:
            raise InvalidEntry(
                "min_group",
                f"{self.min_group} is below {MINIMUM_GROUP_FLOOR}: community figures are never "
                f"computed from fewer than {MINIMUM_GROUP_FLOOR} people",
            )
        if self.kept_up_weeks < 1 or not 0 < self.kept_up_adherence <= 1:
            raise InvalidEntry("kept_up", "needs at least 1 week and an adherence in (0, 1]")
