"""The 19 body areas of the Widespread Pain Index (WPI), as the body map records them.

The areas and their order are those of the ACR 2010/2011/2016 fibromyalgia criteria (Wolfe et
al., Arthritis Care Res 2010;62:600; Semin Arthritis Rheum 2016;46:319). A day's pain-location
record is the set of areas that hurt; a day without a record is missing, never "no pain".
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fibrotrack.diary.errors import InvalidEntry


@dataclass(frozen=True)
class PainArea:
    key: str
    label: str


PAIN_AREAS: tuple[PainArea, ...] = (
    PainArea("jaw_left", "Jaw, left"),
    PainArea("shoulder_left", "Shoulder girdle, left"),
    PainArea("upper_arm_left", "Upper arm, left"),
    PainArea("lower_arm_left", "Lower arm, left"),
    PainArea("jaw_right", "Jaw, right"),
    PainArea("shoulder_right", "Shoulder girdle, right"),
    PainArea("upper_arm_right", "Upper arm, right"),
    PainArea("lower_arm_right", "Lower arm, right"),
    PainArea("hip_left", "Hip (buttock), left"),
    PainArea("upper_leg_left", "Upper leg, left"),
    PainArea("lower_leg_left", "Lower leg, left"),
    PainArea("hip_right", "Hip (buttock), right"),
    PainArea("upper_leg_right", "Upper leg, right"),
    PainArea("lower_leg_right", "Lower leg, right"),
    PainArea("neck", "Neck"),
    PainArea("upper_back", "Upper back"),
    PainArea("lower_back", "Lower back"),
    PainArea("chest", "Chest"),
    PainArea("abdomen", "Abdomen"),
)
PAIN_AREA_KEYS: tuple[str, ...] = tuple(area.key for area in PAIN_AREAS)
_ORDER = {key: index for index, key in enumerate(PAIN_AREA_KEYS)}


def check_pain_areas(keys: Iterable[str]) -> tuple[str, ...]:
    """The distinct areas in WPI order, or ``InvalidEntry('area', ...)`` for an unknown one."""
    chosen = set()
    for key in keys:
        if key not in _ORDER:
            raise InvalidEntry("area", f"{key!r} is not a body area; known: {', '.join(_ORDER)}")
        chosen.add(key)
    return tuple(sorted(chosen, key=_ORDER.__getitem__))


@dataclass(frozen=True)
class AreaFrequency:
    """How often one area hurt: on ``days_hurt`` of the ``days_recorded`` days with a body map."""

    area: PainArea
    days_hurt: int
    days_recorded: int

    @property
    def share(self) -> float | None:
        """The fraction of recorded days, or None when no day was recorded."""
        return self.days_hurt / self.days_recorded if self.days_recorded else None


def area_frequencies(records: Sequence[Iterable[str]]) -> list[AreaFrequency]:
    """For each area in WPI order, on how many of the recorded days it hurt.

    Only recorded days count in the denominator: a day without a body map is missing.
    """
    counts = dict.fromkeys(PAIN_AREA_KEYS, 0)
    for areas in records:
        for key in check_pain_areas(areas):
            counts[key] += 1
    return [AreaFrequency(area, counts[area.key], len(records)) for area in PAIN_AREAS]
