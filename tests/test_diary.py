"""The pure rules of the diary: values, tags, dates, "same as yesterday"."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fibrotrack.diary import (
    CORE_VARIABLES,
    DayEntry,
    InvalidEntry,
    TagCategory,
    check_day,
    check_value,
    choose_source,
    copy_of_previous_day,
    core_variable,
    day_value,
    known_timezones,
    local_today,
    parse_day,
    parse_tag,
    part_source,
    zone,
)

PAIN = core_variable("pain")
STEPS = core_variable("steps")
SLEEP = core_variable("sleep_hours")


@given(st.integers(min_value=0, max_value=10))
def test_every_whole_rating_from_0_to_10_is_accepted(rating: int) -> None:
    assert PAIN is not None
    assert check_value(PAIN, rating) == rating


@pytest.mark.parametrize("rating", [-1, 11, 5.5, float("nan"), float("inf")])
def test_ratings_outside_the_scale_are_refused_naming_the_variable(rating: float) -> None:
    assert PAIN is not None
    with pytest.raises(InvalidEntry) as raised:
        check_value(PAIN, rating)
    assert raised.value.field == "pain"


def test_numbers_keep_their_unit_range() -> None:
    assert SLEEP is not None and STEPS is not None
    assert check_value(SLEEP, 7.25) == 7.25
    with pytest.raises(InvalidEntry, match="0–24 h"):
        check_value(SLEEP, 25)
    with pytest.raises(InvalidEntry, match="whole number"):
        check_value(STEPS, 1000.5)


def test_core_variables_have_unique_keys_and_a_pillar() -> None:
    keys = [variable.key for variable in CORE_VARIABLES]
    assert len(keys) == len(set(keys))
    assert {"pain", "fatigue", "sleep_quality", "brain_fog", "mood", "stress"} <= set(keys)
    assert all(variable.pillar is not None for variable in CORE_VARIABLES)


def test_tags_get_stable_keys_and_optional_categories() -> None:
    gluten = parse_tag("food: Gluten")
    assert (gluten.key, gluten.label, gluten.category) == ("gluten", "Gluten", TagCategory.FOOD)
    light = parse_tag("Bright  light!")
    assert (light.key, light.category) == ("bright_light", TagCategory.OTHER)
    assert parse_tag("café").key == "café"
    assert parse_tag("note: to self").key == "note_to_self"  # an unknown prefix is kept


@pytest.mark.parametrize("text", ["", "  ", "!!!", "pain", "x" * 61])
def test_unusable_tags_are_refused(text: str) -> None:
    with pytest.raises(InvalidEntry) as raised:
        parse_tag(text)
    assert raised.value.field == "tag"


def test_a_future_day_cannot_be_logged() -> None:
    assert check_day(date(2026, 3, 1), today=date(2026, 3, 1)) == date(2026, 3, 1)
    with pytest.raises(InvalidEntry) as raised:
        check_day(date(2026, 3, 2), today=date(2026, 3, 1))
    assert raised.value.field == "date"


@pytest.mark.parametrize("text", ["2026-02-30", "yesterday", "2026/01/01", ""])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidEntry) as raised:
        parse_day(text)
    assert raised.value.field == "date"


def test_today_is_the_persons_local_date() -> None:
    instant = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert local_today("UTC", instant) == date(2026, 3, 1)
    assert local_today("Asia/Tokyo", instant) == date(2026, 3, 2)
    assert local_today("America/Los_Angeles", instant) == date(2026, 3, 1)
    with pytest.raises(InvalidEntry):
        local_today("Mars/Olympus", instant)


def test_same_as_yesterday_copies_values_and_tags_but_not_the_note() -> None:
    yesterday = DayEntry(
        day=date(2026, 3, 1), values={"pain": 6}, tags=frozenset({"gluten"}), note="rough"
    )
    copy = copy_of_previous_day(yesterday, date(2026, 3, 2))
    assert copy == DayEntry(day=date(2026, 3, 2), values={"pain": 6}, tags=frozenset({"gluten"}))


def test_same_as_yesterday_needs_yesterday() -> None:
    two_days_ago = DayEntry(day=date(2026, 2, 28), values={"pain": 6})
    for previous in (None, two_days_ago):
        with pytest.raises(InvalidEntry) as raised:
            copy_of_previous_day(previous, date(2026, 3, 2))
        assert raised.value.field == "same_as_yesterday"


def test_the_persons_own_checkin_wins_over_imports() -> None:
    assert choose_source(["visible", "checkin", "apple_health"]) == "checkin"
    assert choose_source(["visible", "apple_health"]) == "apple_health"


def test_the_parts_of_a_day_held_by_separate_files_are_added_up() -> None:
    evening, morning = (
        part_source("fitbit", date(2026, 2, 8)),
        part_source("fitbit", date(2026, 2, 9)),
    )
    assert day_value({evening: 5010, morning: 300}) == 5310
    assert day_value({evening: 5010, morning: 300, "fitbit": 5320}) == 5320  # the whole day wins
    assert day_value({evening: 5010, "apple_health": 7000}) == 7000  # first alphabetically
    assert day_value({evening: 5010, morning: 300, "checkin": 4000}) == 4000
    assert day_value({evening: None}) is None
    assert day_value({"checkin": None, "visible": 3}) is None  # the check-in said nothing


@pytest.mark.parametrize("name", ["Europe", "Etc", "x" * 300, "localtime", "Factory", "../etc"])
def test_what_is_not_a_time_zone_is_refused_naming_the_field(name: str) -> None:
    with pytest.raises(InvalidEntry) as raised:
        zone(name)
    assert raised.value.field == "timezone"
    assert len(raised.value.message) < 120


def test_the_time_zones_offered_are_places() -> None:
    offered = known_timezones()
    assert "Europe/London" in offered and "UTC" in offered
    assert "localtime" not in offered and "Factory" not in offered
    assert offered == sorted(offered)
