"""Cycle days and phases with irregular cycles, and symptoms by phase with uncertainty."""

from datetime import date

import pytest

from fibrotrack.body.cycle import (
    CyclePhase,
    Period,
    check_periods,
    cycle_day_of,
    cycle_days,
    cycles,
    predicted_length,
    symptoms_by_phase,
)
from fibrotrack.diary import InvalidEntry

# Irregular cycles: 26, 35 and 30 days, then an unfinished one.
PERIODS = [
    Period(date(2026, 1, 1), date(2026, 1, 5)),
    Period(date(2026, 1, 27), date(2026, 1, 31)),
    Period(date(2026, 3, 3)),
    Period(date(2026, 4, 2), date(2026, 4, 5)),
]


def phase(day: date) -> CyclePhase:
    entry = cycle_day_of(cycles(PERIODS), day)
    assert entry is not None
    return entry.phase


def test_cycle_lengths_come_from_the_logged_starts() -> None:
    found = cycles(PERIODS)
    assert [cycle.length for cycle in found] == [26, 35, 30, None]
    assert [cycle.bleeding_days for cycle in found] == [5, 5, 5, 4]
    assert found[2].bleeding_logged is False  # end not logged: the person's usual 5 days
    assert predicted_length(found) == 30


def test_phases_of_a_26_day_cycle() -> None:
    # Ovulation estimated on day 26 − 14 = 12; ovulatory days 11–13.
    assert phase(date(2026, 1, 5)) == CyclePhase.MENSTRUAL  # day 5
    assert phase(date(2026, 1, 6)) == CyclePhase.FOLLICULAR  # day 6
    assert phase(date(2026, 1, 10)) == CyclePhase.FOLLICULAR  # day 10
    assert phase(date(2026, 1, 11)) == CyclePhase.OVULATORY  # day 11
    assert phase(date(2026, 1, 13)) == CyclePhase.OVULATORY  # day 13
    assert phase(date(2026, 1, 14)) == CyclePhase.LUTEAL  # day 14
    assert phase(date(2026, 1, 26)) == CyclePhase.LUTEAL  # day 26


def test_phases_of_a_35_day_cycle_move_ovulation_later() -> None:
    # Ovulation estimated on day 35 − 14 = 21 (27 Jan + 20 days = 16 Feb).
    assert phase(date(2026, 2, 14)) == CyclePhase.FOLLICULAR  # day 19
    assert phase(date(2026, 2, 16)) == CyclePhase.OVULATORY  # day 21
    assert phase(date(2026, 2, 18)) == CyclePhase.LUTEAL  # day 23
    entry = cycle_day_of(cycles(PERIODS), date(2026, 3, 2))
    assert entry is not None
    assert (entry.cycle_day, entry.phase, entry.provisional) == (35, CyclePhase.LUTEAL, False)


def test_the_current_cycle_is_provisional_from_the_median_length() -> None:
    found = cycles(PERIODS)
    day16 = cycle_day_of(found, date(2026, 4, 17))
    assert day16 is not None
    assert (day16.cycle_day, day16.phase, day16.provisional) == (16, CyclePhase.OVULATORY, True)
    late = cycle_day_of(found, date(2026, 5, 3))  # day 32 of a usually 30-day cycle
    assert late is not None
    assert (late.cycle_day, late.phase) == (32, CyclePhase.UNKNOWN)


def test_before_the_first_period_there_is_no_cycle_day() -> None:
    assert cycle_day_of(cycles(PERIODS), date(2025, 12, 31)) is None
    assert cycle_days(PERIODS, date(2025, 12, 30), date(2026, 1, 2))[0].day == date(2026, 1, 1)


def test_a_gap_of_more_than_90_days_is_not_phased() -> None:
    found = cycles([Period(date(2026, 1, 1), date(2026, 1, 4)), Period(date(2026, 5, 1))])
    assert found[0].length == 120
    assert cycle_day_of(found, date(2026, 1, 3)).phase == CyclePhase.MENSTRUAL  # type: ignore[union-attr]
    assert cycle_day_of(found, date(2026, 3, 1)).phase == CyclePhase.UNKNOWN  # type: ignore[union-attr]


def test_a_single_period_gives_only_bleeding_days() -> None:
    found = cycles([Period(date(2026, 1, 1))])
    assert cycle_day_of(found, date(2026, 1, 3)).phase == CyclePhase.MENSTRUAL  # type: ignore[union-attr]
    assert cycle_day_of(found, date(2026, 1, 10)).phase == CyclePhase.UNKNOWN  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("periods", "field"),
    [
        ([Period(date(2026, 1, 5), date(2026, 1, 3))], "end"),
        ([Period(date(2026, 1, 1), date(2026, 1, 20))], "end"),
        ([Period(date(2026, 7, 1))], "start"),
        ([Period(date(2026, 1, 1), date(2026, 1, 6)), Period(date(2026, 1, 5))], "start"),
        ([Period(date(2026, 1, 1)), Period(date(2026, 1, 1))], "start"),
    ],
)
def test_bad_periods_name_the_field(periods: list[Period], field: str) -> None:
    with pytest.raises(InvalidEntry) as raised:
        check_periods(periods, today=date(2026, 6, 1))
    assert raised.value.field == field


def test_symptoms_by_phase_use_one_mean_per_cycle() -> None:
    # Pain 6 in the luteal phase, 4 elsewhere, plus 1 extra per cycle index, over the three
    # finished cycles; the unfinished cycle (pain 9) must be left out.
    days = cycle_days(PERIODS, date(2026, 1, 1), date(2026, 4, 30))
    starts = sorted({entry.cycle_start for entry in days})
    pain = {
        entry.day: (9.0 if entry.provisional else 0.0)
        + (6.0 if entry.phase == CyclePhase.LUTEAL else 4.0)
        + starts.index(entry.cycle_start)
        for entry in days
    }
    by_phase = {row.phase: row for row in symptoms_by_phase(days, pain)}
    luteal = by_phase[CyclePhase.LUTEAL]
    assert luteal.cycles == 3
    assert luteal.mean == pytest.approx(7.0)  # 6 + mean(0, 1, 2)
    # t interval over 3 cycle means 6, 7, 8: 7 ± 4.303 × 1 / √3.
    assert luteal.low == pytest.approx(7 - 4.303 * (1 / 3**0.5), abs=1e-3)
    assert by_phase[CyclePhase.FOLLICULAR].mean == pytest.approx(5.0)
    assert luteal.days == 3 * 13  # days L−12..L of each finished cycle


def test_symptoms_by_phase_with_one_cycle_has_no_interval() -> None:
    periods = [Period(date(2026, 1, 1), date(2026, 1, 5)), Period(date(2026, 1, 29))]
    days = cycle_days(periods, date(2026, 1, 1), date(2026, 1, 28))
    rows = symptoms_by_phase(days, {d.day: 5.0 for d in days if d.day.day % 2})
    luteal = next(row for row in rows if row.phase == CyclePhase.LUTEAL)
    assert luteal.cycles == 1
    assert luteal.low is None and luteal.mean == 5.0
