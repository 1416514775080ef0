"""The 19 WPI areas of the body map (ACR 2010/2016) and how often each hurt."""

import pytest

from fibrotrack.diary import InvalidEntry
from fibrotrack.diary.pain_areas import PAIN_AREA_KEYS, area_frequencies, check_pain_areas
from fibrotrack.web.body_figure import VIEWS


def test_the_nineteen_areas_in_the_order_of_the_criteria() -> None:
    assert PAIN_AREA_KEYS == (
        "jaw_left", "shoulder_left", "upper_arm_left", "lower_arm_left",
        "jaw_right", "shoulder_right", "upper_arm_right", "lower_arm_right",
        "hip_left", "upper_leg_left", "lower_leg_left",
        "hip_right", "upper_leg_right", "lower_leg_right",
        "neck", "upper_back", "lower_back", "chest", "abdomen",
    )  # fmt: skip


def test_areas_are_checked_deduplicated_and_put_in_order() -> None:
    assert check_pain_areas(["neck", "jaw_left", "neck"]) == ("jaw_left", "neck")
    with pytest.raises(InvalidEntry) as raised:
        check_pain_areas(["neck", "wrist"])
    assert raised.value.field == "area"


def test_frequencies_count_recorded_days_only() -> None:
    frequencies = {f.area.key: f for f in area_frequencies([["neck"], ["neck", "chest"], []])}
    assert (frequencies["neck"].days_hurt, frequencies["neck"].days_recorded) == (2, 3)
    assert frequencies["chest"].share == pytest.approx(1 / 3)
    assert frequencies["abdomen"].share == 0
    assert area_frequencies([])[0].share is None  # nothing recorded: unknown, not "never"


def test_every_area_is_drawn_and_large_enough_to_tap() -> None:
    drawn = {shape.area for shapes in VIEWS.values() for shape in shapes if shape.area}
    assert drawn == set(PAIN_AREA_KEYS)
    for view, shapes in VIEWS.items():
        areas = [s for s in shapes if s.area]
        assert len({s.area for s in areas}) == len(areas), view
        for shape in areas:
            # At 320 px a figure is about 288 px wide (1.44 px per unit): at least 24 px
            # (WCAG 2.5.8); the list of areas beside it has 44 px targets.
            assert min(shape.width, shape.height) * 1.44 >= 20, shape
            assert shape.width * shape.height * 1.44**2 >= 24 * 24, shape
        for first in areas:
            for second in areas:
                if first is not second:
                    overlap_x = min(first.x + first.width, second.x + second.width) - max(
                        first.x, second.x
                    )
                    overlap_y = min(first.y + first.height, second.y + second.height) - max(
                        first.y, second.y
                    )
                    assert overlap_x <= 0 or overlap_y <= 0, (first.area, second.area)
