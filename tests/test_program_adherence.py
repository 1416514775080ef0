"""Adherence arithmetic and the weekly review, on hand-worked examples."""

from datetime import date, timedelta

import pytest

from fibrotrack.diary import InvalidEntry
from fibrotrack.program import (
    PlanPeriod,
    PracticeSession,
    Schedule,
    check_schedule,
    overall,
    weekly_adherence,
    weekly_review,
)
from fibrotrack.program.adherence import week_adherence

MONDAY = date(2026, 3, 2)  # a Monday


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def walking(days: int = 5, minutes: int | None = 20, start: int = 0, stop: int | None = None):
    return PlanPeriod(
        "walking", Schedule(days, minutes), day(start), day(stop) if stop is not None else None
    )


def sessions(*offsets: int, minutes: float | None = 20.0, practice: str = "walking"):
    return [PracticeSession(practice, day(offset), minutes) for offset in offsets]


def test_a_full_week_plans_exactly_the_days_a_week() -> None:
    week = week_adherence(
        [walking()], sessions(0, 1, 3), practice_id="walking", monday=MONDAY, today=day(10)
    )
    assert week is not None
    assert (week.planned_sessions, week.done_sessions) == (5, 3)
    assert (week.planned_minutes, week.done_minutes) == (100, 60.0)
    assert week.ratio == pytest.approx(0.6)
    assert week.complete


def test_a_practice_started_on_thursday_is_prorated() -> None:
    # 5 days a week × 4 days in plan / 7 = 2.86 → 3 sessions, 3 × 20 = 60 minutes.
    week = week_adherence(
        [walking(start=3)], sessions(1, 3, 4), practice_id="walking", monday=MONDAY, today=day(8)
    )
    assert week is not None
    assert week.days_in_plan == 4
    assert week.planned_sessions == 3
    assert week.planned_minutes == 60
    # Tuesday's walk was before the practice was in the plan: it does not count toward it.
    assert week.done_sessions == 2


def test_two_sessions_on_one_day_count_once_and_minutes_add_up() -> None:
    week = week_adherence(
        [walking()],
        sessions(0, 0, 2),
        practice_id="walking",
        monday=MONDAY,
        today=day(6),
    )
    assert week is not None
    assert week.done_sessions == 2
    assert week.done_minutes == 60.0


def test_sessions_without_minutes_are_counted_apart_never_as_zero() -> None:
    logged = sessions(0, 1) + sessions(2, minutes=None)
    week = week_adherence([walking()], logged, practice_id="walking", monday=MONDAY, today=day(6))
    assert week is not None
    assert week.done_sessions == 3
    assert week.done_minutes == 40.0
    assert week.sessions_without_minutes == 1


def test_the_current_week_counts_only_the_days_so_far() -> None:
    # Today is Wednesday: 3 days × 7 a week / 7 = 3 sessions planned so far.
    week = week_adherence(
        [walking(days=7)], sessions(0, 2), practice_id="walking", monday=MONDAY, today=day(2)
    )
    assert week is not None
    assert (week.days_in_plan, week.planned_sessions, week.done_sessions) == (3, 3, 2)
    assert not week.complete


def test_a_mid_week_change_adds_both_versions() -> None:
    # 3 a week Mon–Wed (3 × 3 / 7 = 1.29 → 1) then 7 a week Thu–Sun (4): 5 sessions,
    # 1 × 10 + 4 × 30 = 130 minutes.
    periods = [
        PlanPeriod("walking", Schedule(3, 10), day(0), day(2)),
        PlanPeriod("walking", Schedule(7, 30), day(3)),
    ]
    week = week_adherence(periods, [], practice_id="walking", monday=MONDAY, today=day(20))
    assert week is not None
    assert (week.planned_sessions, week.planned_minutes) == (5, 130)


def test_a_practice_without_a_weekly_schedule_has_no_adherence() -> None:
    periods = [PlanPeriod("lab_review", Schedule(), day(0))]
    assert weekly_adherence(periods, [], today=day(20)) == []


def test_weekly_adherence_lists_each_week_and_overall_caps_each_week() -> None:
    # Week 1: 7 done of 5 planned; week 2: 1 of 5. Overall: (5 + 1) / 10, not (7 + 1) / 10.
    logged = sessions(0, 1, 2, 3, 4, 5, 6, 7)
    weeks = weekly_adherence([walking()], logged, today=day(20))
    assert [(w.week_start, w.done_sessions, w.planned_sessions) for w in weeks] == [
        (day(0), 7, 5),
        (day(7), 1, 5),
        (day(14), 0, 5),
    ]
    assert weeks[0].ratio == pytest.approx(1.4)
    assert not weeks[2].complete
    assert overall(weeks) == pytest.approx(0.6)


def test_stopped_practices_are_not_planned_after_their_last_day() -> None:
    weeks = weekly_adherence([walking(stop=8)], [], today=day(20))
    # Week 2 had Monday and Tuesday in the plan: 5 × 2 / 7 = 1.43 → 1.
    assert [(w.week_start, w.planned_sessions) for w in weeks] == [(day(0), 5), (day(7), 1)]


@pytest.mark.parametrize(
    ("days", "minutes", "field"),
    [
        (0, None, "days"),
        (8, None, "days"),
        (3, 0, "minutes"),
        (None, 10, "days"),
        (3, 601, "minutes"),
    ],
)
def test_a_schedule_out_of_range_names_the_field(
    days: int | None, minutes: int | None, field: str
) -> None:
    with pytest.raises(InvalidEntry) as raised:
        check_schedule(days, minutes)
    assert raised.value.field == field


def test_the_weekly_review_compares_logged_days_only() -> None:
    pain = {day(-7 + i): 6.0 for i in range(7)}  # last week: 6 every day
    pain.update({day(0): 5.0, day(2): 4.0, day(4): 3.0})  # this week: 3 days logged
    fatigue = {day(-7): 7.0, day(-6): 7.0, day(0): 5.0, day(1): 5.0, day(2): 5.0}
    review = weekly_review(
        [walking()],
        sessions(0, 2) + sessions(3, practice="slow_breathing", minutes=5.0),
        {"pain": pain, "fatigue": fatigue},
        day=day(4),
        today=day(6),
    )
    assert review.week_start == day(0) and review.week_end == day(6)
    (planned,) = review.planned
    assert (planned.practice_id, planned.done_sessions, planned.planned_sessions) == (
        "walking",
        2,
        5,
    )
    assert review.unplanned_sessions == {"slow_breathing": 1}
    moves = {move.key: move for move in review.symptoms}
    assert moves["pain"].mean == pytest.approx(4.0)
    assert moves["pain"].days_logged == 3
    assert moves["pain"].change == pytest.approx(-2.0)
    # Last week's fatigue has only 2 logged days: too few to compare, never filled in.
    assert moves["fatigue"].previous_days_logged == 2
    assert moves["fatigue"].change is None
