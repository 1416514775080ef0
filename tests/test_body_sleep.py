"""Sleep diary metrics against hand-worked nights, and impossible nights refused."""

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from fibrotrack.body.sleep import (
    DiaryEntry,
    check_no_overlap,
    place_night,
    summarise,
    wake_time_spread,
    weekly_summaries,
)
from fibrotrack.diary import InvalidEntry


def entry(night: date, bed: str, wake: str, **kwargs: object) -> DiaryEntry:
    clocks = {
        key: time.fromisoformat(value)
        for key, value in kwargs.items()
        if key in {"lights_out", "out_of_bed"} and isinstance(value, str)
    }
    others = {key: value for key, value in kwargs.items() if key not in clocks}
    return DiaryEntry(
        night=night, bed=time.fromisoformat(bed), wake=time.fromisoformat(wake), **clocks, **others
    )


def test_hand_worked_night() -> None:
    # In bed 22:30, lights out 23:00, 30 min to fall asleep, 2 wakings of 45 min in all,
    # final wake 06:30, up at 07:00.
    # TIB 22:30→07:00 = 510 min; TST = (23:00→06:30 = 450) − 30 − 45 = 375 min;
    # SE = 375 / 510 = 73.5%.
    night = place_night(
        entry(
            date(2026, 3, 10),
            "22:30",
            "06:30",
            lights_out="23:00",
            latency=30,
            wakings=2,
            awake=45,
            out_of_bed="07:00",
            quality=4,
        )
    )
    assert night.bed.isoformat() == "2026-03-09T22:30:00"
    assert night.out_of_bed.isoformat() == "2026-03-10T07:00:00"
    assert night.time_in_bed == 510
    assert night.total_sleep == 375
    assert night.efficiency == pytest.approx(73.53, abs=0.01)
    assert (night.latency, night.awake, night.wakings, night.quality) == (30, 45, 2, 4)


def test_bed_after_midnight_is_the_same_morning() -> None:
    night = place_night(entry(date(2026, 3, 10), "01:15", "07:00", latency=15))
    assert night.bed.isoformat() == "2026-03-10T01:15:00"
    assert night.time_in_bed == 345
    assert night.total_sleep == 330


def test_a_night_when_the_clocks_go_back_is_an_hour_longer() -> None:
    # Europe/London leaves summer time at 02:00 on 25 October 2026.
    diary = entry(date(2026, 10, 25), "23:00", "07:00")
    assert place_night(diary).time_in_bed == 480
    assert place_night(diary, ZoneInfo("Europe/London")).time_in_bed == 540
    assert place_night(diary, ZoneInfo("Europe/London")).total_sleep == 540


@pytest.mark.parametrize(
    ("diary", "field"),
    [
        (entry(date(2026, 3, 10), "23:00", "22:00"), "wake"),
        (entry(date(2026, 3, 10), "23:00", "07:00", latency=481), "latency"),
        (entry(date(2026, 3, 10), "23:00", "07:00", latency=400, wakings=1, awake=81), "awake"),
        (entry(date(2026, 3, 10), "23:00", "07:00", out_of_bed="06:30"), "out_of_bed"),
        (entry(date(2026, 3, 10), "23:00", "07:00", lights_out="22:30"), "lights_out"),
        (entry(date(2026, 3, 10), "23:00", "07:00", lights_out="07:30"), "lights_out"),
        (entry(date(2026, 3, 10), "23:00", "07:00", awake=30), "wakings"),
        (entry(date(2026, 3, 10), "23:00", "07:00", quality=11), "quality"),
        (entry(date(2026, 3, 10), "23:00", "07:00", latency=-5), "latency"),
    ],
)
def test_impossible_nights_name_the_field(diary: DiaryEntry, field: str) -> None:
    with pytest.raises(InvalidEntry) as raised:
        place_night(diary)
    assert raised.value.field == field


def test_a_whole_night_awake_is_possible() -> None:
    night = place_night(entry(date(2026, 3, 10), "23:00", "07:00", latency=480))
    assert night.total_sleep == 0
    assert night.efficiency == 0


def test_overlapping_nights_are_refused() -> None:
    evening = place_night(entry(date(2026, 3, 10), "21:00", "23:30"))
    night = place_night(entry(date(2026, 3, 11), "23:00", "07:00"))
    with pytest.raises(InvalidEntry) as raised:
        check_no_overlap(night, [evening])
    assert raised.value.field == "bed"
    assert "overlaps the night of 2026-03-10" in raised.value.message
    with pytest.raises(InvalidEntry) as raised:
        check_no_overlap(evening, [night])
    assert raised.value.field == "out_of_bed"
    following = place_night(entry(date(2026, 3, 12), "23:00", "07:00"))
    check_no_overlap(night, [following])  # back-to-back nights do not overlap


def test_wake_time_spread_is_the_standard_deviation_in_minutes() -> None:
    nights = [
        place_night(entry(date(2026, 3, d), "23:00", wake))
        for d, wake in ((10, "06:00"), (11, "07:00"), (12, "08:00"))
    ]
    assert wake_time_spread(nights) == pytest.approx(60.0)
    assert wake_time_spread(nights[:1]) is None
    around_midnight = [
        place_night(entry(date(2026, 3, 10), "18:00", "23:50")),
        place_night(entry(date(2026, 3, 12), "18:00", "00:10")),
    ]
    assert wake_time_spread(around_midnight) == pytest.approx(14.142, abs=0.01)


def test_weekly_summaries_use_logged_nights_only() -> None:
    # Monday 9 March to Sunday 15 March 2026, then one night in the next week.
    nights = [
        place_night(entry(date(2026, 3, 9), "23:00", "07:00", latency=60, quality=5)),
        place_night(entry(date(2026, 3, 11), "23:00", "07:00", wakings=1, awake=60, quality=7)),
        place_night(entry(date(2026, 3, 15), "22:00", "06:00")),
        place_night(entry(date(2026, 3, 17), "23:00", "06:00", latency=30)),
    ]
    first, second = weekly_summaries(nights)
    assert (first.first, first.last, first.nights) == (date(2026, 3, 9), date(2026, 3, 15), 3)
    assert first.time_in_bed == 480
    assert first.total_sleep == pytest.approx((420 + 420 + 480) / 3)
    assert first.efficiency == pytest.approx(100 * 1320 / 1440)
    assert first.onset_latency == 20
    assert first.waso == 20
    assert first.quality == 6
    assert second.nights == 1
    assert second.efficiency == pytest.approx(100 * 390 / 420)
    assert summarise(nights, date(2026, 3, 1), date(2026, 3, 8)) is None
