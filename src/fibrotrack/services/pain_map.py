"""The daily pain-location record (the body map) and how often each area hurt."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, check_day
from fibrotrack.diary.pain_areas import AreaFrequency, area_frequencies, check_pain_areas
from fibrotrack.storage.models import PainMap, Person


def record_pain_map(
    session: Session, *, person: Person, day: date, areas: Iterable[str], today: date
) -> tuple[str, ...]:
    """Store the areas that hurt on ``day`` (replacing that day's map); an empty set records
    "nothing hurt". Checks everything before writing."""
    check_day(day, today)
    chosen = check_pain_areas(areas)
    row = session.scalars(
        select(PainMap).where(PainMap.person_id == person.id, PainMap.day == day)
    ).one_or_none()
    if row is None:
        row = PainMap(person_id=person.id, day=day)
        session.add(row)
    row.areas = list(chosen)
    session.flush()
    return chosen


def forget_pain_map(session: Session, *, person: Person, day: date) -> None:
    """Remove the day's record, so the day is "not recorded" again."""
    session.execute(delete(PainMap).where(PainMap.person_id == person.id, PainMap.day == day))


def pain_map_of(session: Session, *, person: Person, day: date) -> tuple[str, ...] | None:
    """The areas recorded for ``day``, or None when the day has no record."""
    row = session.scalars(
        select(PainMap).where(PainMap.person_id == person.id, PainMap.day == day)
    ).one_or_none()
    return tuple(row.areas) if row else None


def pain_maps_between(
    session: Session, *, person: Person, start: date, end: date
) -> dict[date, tuple[str, ...]]:
    if start > end:
        raise InvalidEntry("from", f"{start} is after the end date {end}")
    rows = session.execute(
        select(PainMap.day, PainMap.areas)
        .where(PainMap.person_id == person.id, PainMap.day >= start, PainMap.day <= end)
        .order_by(PainMap.day)
    )
    return {day: tuple(areas) for day, areas in rows}


def pain_frequencies(
    session: Session, *, person: Person, start: date, end: date
) -> list[AreaFrequency]:
    """For each WPI area, on how many recorded days in [start, end] it hurt."""
    maps = pain_maps_between(session, person=person, start=start, end=end)
    return area_frequencies(list(maps.values()))


# The demo person's usual pattern: the areas that hurt first as pain rises.
DEMO_PAIN_ORDER = (
    "neck",
    "upper_back",
    "lower_back",
    "shoulder_left",
    "shoulder_right",
    "hip_right",
    "hip_left",
    "upper_arm_left",
    "upper_leg_right",
    "upper_arm_right",
    "upper_leg_left",
    "jaw_left",
    "lower_leg_right",
    "lower_arm_left",
    "chest",
    "lower_leg_left",
    "lower_arm_right",
    "jaw_right",
    "abdomen",
)


def add_demo_pain_maps(session: Session, *, person: Person, pain: dict[date, float]) -> None:
    """The demo's body maps, on two days in three of the logged days: the more pain that day,
    the more areas hurt, in the demo person's usual order."""
    for day, level in sorted(pain.items()):
        if day.toordinal() % 3:
            count = max(0, min(len(DEMO_PAIN_ORDER), round(level * 1.6) - 3 + day.toordinal() % 2))
            areas = check_pain_areas(DEMO_PAIN_ORDER[:count])
            session.add(PainMap(person_id=person.id, day=day, areas=list(areas)))
