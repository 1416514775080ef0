"""Cycle days and phases with irregular cycles, and symptoms by phase with uncertainty."""

from datetime import date

import pytest

from fibrotrack.body.cycle import (
    CyclePhase,
    Period,
    check_period,
    cycle_day_of,
    cycle_days,
    cycle_lengths,
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


# A period with no last day yet (from 23 Nov) and one from 1 to 5 Nov.
OPEN = Period(date(2026, 11, 23))
CLOSED = Period(date(2026, 11, 1), date(2026, 11, 5))
NOVEMBER = [CLOSED, OPEN]
TODAY = date(2026, 11, 30)


def refused(period: Period, others: list[Period]) -> InvalidEntry:
    with pytest.raises(InvalidEntry) as raised:
        check_period(period, others, today=TODAY)
    return raised.value


@pytest.mark.parametrize(
    ("period", "field"),
    [
        (Period(date(2026, 1, 5), date(2026, 1, 3)), "end"),
        (Period(date(2026, 1, 1), date(2026, 1, 20)), "end"),
        (Period(date(2026, 12, 1)), "start"),
        (Period(date(2026, 11, 29), date(2026, 12, 1)), "end"),
    ],
)
def test_bad_dates_name_the_field(period: Period, field: str) -> None:
    assert refused(period, []).field == field


def test_a_first_day_while_a_period_is_open_is_refused() -> None:
    # The defect: 24 Nov was taken for a new period, making a 1-day cycle, and the last day
    # then closed it instead of the period from 23 Nov.
    error = refused(Period(date(2026, 11, 24)), NOVEMBER)
    assert error.field == "start"
    assert "2026-11-23, which has no last day yet" in error.message
    assert "give that period's last day first" in error.message
    # It could last 15 days (1 to 15 Oct): 16 Oct is right after it, 17 Oct the first free day.
    october = [Period(date(2026, 10, 1))]
    assert refused(Period(date(2026, 10, 16), date(2026, 10, 20)), october).field == "start"
    check_period(Period(date(2026, 10, 17), date(2026, 10, 20)), october, today=TODAY)


@pytest.mark.parametrize(
    "period",
    [
        Period(date(2026, 11, 1)),  # the same first day
        Period(date(2026, 11, 3), date(2026, 11, 8)),  # inside
        Period(date(2026, 11, 6), date(2026, 11, 9)),  # right after: one period of 9 days
    ],
)
def test_a_first_day_inside_or_right_after_a_closed_period_is_refused(period: Period) -> None:
    error = refused(period, NOVEMBER)
    assert error.field == "start"
    assert "inside or right after the period from 2026-11-01 to 2026-11-05" in error.message


@pytest.mark.parametrize(
    "period",
    [
        Period(date(2026, 10, 29), date(2026, 11, 2)),  # into the period from 1 Nov
        Period(date(2026, 10, 27), date(2026, 10, 31)),  # right before it
        Period(date(2026, 10, 30), date(2026, 11, 8)),  # around it
    ],
)
def test_a_last_day_inside_or_right_before_a_later_period_is_refused(period: Period) -> None:
    error = refused(period, NOVEMBER)
    assert error.field == "end"
    assert "the period from 2026-11-01 to 2026-11-05" in error.message


def test_a_period_with_no_last_day_before_another_needs_one() -> None:
    error = refused(Period(date(2026, 10, 25)), NOVEMBER)
    assert error.field == "end"
    assert "starts 7 days after 2026-10-25; give this period's last day" in error.message
    check_period(Period(date(2026, 10, 25), date(2026, 10, 30)), NOVEMBER, today=TODAY)


def test_a_day_without_bleeding_between_periods_is_enough() -> None:
    check_period(Period(date(2026, 11, 7), date(2026, 11, 9)), [CLOSED], today=TODAY)
    check_period(Period(date(2026, 10, 25), date(2026, 10, 30)), [CLOSED], today=TODAY)
    # Changing a period is checked against the others only, not against itself.
    check_period(Period(date(2026, 11, 23), date(2026, 11, 27)), [CLOSED], today=TODAY)


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


def test_a_gap_of_more_than_90_days_is_not_a_cycle_length() -> None:
    found = cycles(
        [
            Period(date(2026, 2, 10), date(2026, 2, 14)),
            Period(date(2026, 7, 28), date(2026, 8, 1)),
            Period(date(2026, 8, 27)),
            Period(date(2026, 9, 26)),
        ]
    )
    assert [cycle.length for cycle in found] == [168, 30, 30, None]
    assert [cycle.gap for cycle in found] == [True, False, False, False]
    assert found[0].usual_length is None  # neither usual nor flagged: not a cycle
    assert cycle_lengths(found) == [30, 30]
    short = cycles([Period(date(2026, 1, 1), date(2026, 1, 2)), Period(date(2026, 1, 9))])
    assert cycle_lengths(short) == [8]  # a short cycle counts, flagged outside the usual range
    assert short[0].usual_length is False
