"""The CBT-I sleep window: first prescription and the weekly adjustment thresholds."""

from datetime import date, time, timedelta

import pytest

from fibrotrack.body.sleep import DiaryEntry, Night, place_night
from fibrotrack.body.sleep_window import (
    DO_NOT_USE_IF,
    MINIMUM_WINDOW,
    WindowChange,
    adjusted,
    first_window,
    next_window,
)
from fibrotrack.diary import InvalidEntry

TODAY = date(2026, 3, 15)


def week(last: date, *, latency: int, count: int = 7, bed: str = "23:00") -> list[Night]:
    """Nights of 8 h in bed (bed 23:00, up 07:00) with ``latency`` minutes awake at the start."""
    return [
        place_night(
            DiaryEntry(
                night=last - timedelta(days=offset),
                bed=time.fromisoformat(bed),
                wake=time(7, 0),
                latency=latency,
            )
        )
        for offset in range(count)
    ]


def test_first_window_is_the_mean_total_sleep_time_with_a_fixed_rise() -> None:
    window = first_window(week(TODAY, latency=120), TODAY)  # 6 h asleep of 8 h in bed
    assert window.minutes == 360
    assert window.rise == time(7, 0)
    assert window.bed == time(1, 0)
    assert window.start == TODAY + timedelta(days=1)
    assert window.efficiency == pytest.approx(75.0)
    assert window.change == WindowChange.FIRST


def test_first_window_never_goes_below_five_hours() -> None:
    window = first_window(week(TODAY, latency=240), TODAY, rise=time(6, 30))  # 4 h asleep
    assert window.minutes == MINIMUM_WINDOW == 300
    assert window.bed == time(1, 30)


def test_a_window_needs_five_logged_nights_of_seven() -> None:
    with pytest.raises(InvalidEntry) as raised:
        first_window(week(TODAY, latency=60, count=4), TODAY)
    assert raised.value.field == "sleep_diary"
    assert first_window(week(TODAY, latency=60, count=5), TODAY).nights == 5


@pytest.mark.parametrize(
    ("efficiency", "minutes", "change"),
    [
        (95.0, 375, WindowChange.EXTENDED),
        (90.0, 375, WindowChange.EXTENDED),
        (89.9, 360, WindowChange.KEPT),
        (85.0, 360, WindowChange.KEPT),
        (84.9, 345, WindowChange.SHORTENED),
    ],
)
def test_weekly_adjustment_thresholds(efficiency: float, minutes: int, change: str) -> None:
    assert adjusted(360, efficiency) == (minutes, change)


def test_shortening_stops_at_the_minimum() -> None:
    assert adjusted(310, 70.0) == (300, WindowChange.AT_MINIMUM)
    assert adjusted(300, 70.0) == (300, WindowChange.AT_MINIMUM)


def test_review_after_a_week_under_the_window() -> None:
    window = first_window(week(TODAY, latency=120), TODAY)
    assert next_window(window, [], TODAY + timedelta(days=3)) == window
    review = window.review_on
    assert review == TODAY + timedelta(days=7)
    efficient = week(review, latency=20, bed="01:00")  # 6 h in bed, 5 h 40 asleep: 94%
    extended = next_window(window, efficient, review)
    assert extended.change == WindowChange.EXTENDED
    assert (extended.minutes, extended.bed, extended.rise) == (375, time(0, 45), time(7, 0))
    assert extended.start == review + timedelta(days=1)
    restless = week(review, latency=90, bed="01:00")  # 6 h in bed, 4 h 30 asleep: 75%
    assert next_window(window, restless, review).minutes == 345
    assert next_window(window, restless[:4], review) == window  # waits for 5 logged nights


def test_the_conditions_where_sleep_restriction_should_not_be_done_are_listed() -> None:
    listed = " ".join(DO_NOT_USE_IF)
    for condition in ("bipolar", "epilepsy", "parasomnia", "apnoea", "pregnancy", "driving"):
        assert condition in listed
