"""Which practices are due today, and what the weekly review names as having gone well."""

from datetime import date, timedelta

from fibrotrack.program import (
    PlanPeriod,
    PracticeSession,
    Schedule,
    practices_today,
    weekly_review,
    went_well,
)

THURSDAY = date(2026, 11, 26)
MONDAY = THURSDAY - timedelta(days=3)


def test_a_practice_is_due_until_logged_today_or_its_week_is_done() -> None:
    periods = [
        PlanPeriod("walking", Schedule(3, 10), MONDAY - timedelta(days=30)),
        PlanPeriod("mindfulness", Schedule(7, 10), MONDAY - timedelta(days=30)),
        PlanPeriod("lab_review", Schedule(), MONDAY - timedelta(days=30)),
        PlanPeriod("tai_chi", Schedule(2), MONDAY - timedelta(days=30), MONDAY),
    ]
    sessions = [
        PracticeSession("walking", MONDAY),
        PracticeSession("walking", MONDAY + timedelta(days=1), 10),
        PracticeSession("mindfulness", MONDAY),
    ]
    found = {p.practice_id: p for p in practices_today(periods, sessions, today=THURSDAY)}
    assert set(found) == {"walking", "mindfulness"}  # no schedule, or stopped: not listed
    assert (found["walking"].week_done, found["walking"].week_sessions) == (2, 3)
    assert found["walking"].due and found["mindfulness"].due

    sessions.append(PracticeSession("walking", THURSDAY, 12))
    found = {p.practice_id: p for p in practices_today(periods, sessions, today=THURSDAY)}
    assert found["walking"].done_today and not found["walking"].due
    friday = THURSDAY + timedelta(days=1)
    later = {p.practice_id: p for p in practices_today(periods, sessions, today=friday)}
    assert not later["walking"].done_today and not later["walking"].due  # 3 of 3 this week
    assert [p.practice_id for p in practices_today(periods, sessions, today=friday)] == [
        "mindfulness",
        "walking",
    ]


def test_a_practice_started_mid_week_asks_for_its_share_of_the_week() -> None:
    periods = [PlanPeriod("walking", Schedule(7, 10), THURSDAY)]
    (walking,) = practices_today(periods, [], today=THURSDAY)
    assert walking.week_sessions == 4  # Thursday to Sunday


def test_went_well_names_done_practices_and_clear_moves_only() -> None:
    periods = [PlanPeriod("walking", Schedule(2), MONDAY - timedelta(days=14))]
    sessions = [
        PracticeSession("walking", MONDAY - timedelta(days=7)),
        PracticeSession("walking", MONDAY - timedelta(days=5)),
    ]
    last_monday = MONDAY - timedelta(days=7)
    days = [last_monday - timedelta(days=7) + timedelta(days=i) for i in range(14)]
    symptoms = {
        "pain": {day: (7.0 if day < last_monday else 6.0) for day in days},
        "mood": {day: (5.0 if day < last_monday else 4.0) for day in days},
        "fatigue": {day: (6.0 if day < last_monday else 5.8) for day in days},
        "stress": {day: 5.0 for day in days[:2]},
    }
    review = weekly_review(periods, sessions, symptoms, day=last_monday, today=THURSDAY)
    found = went_well(review, {"pain": True, "mood": False, "fatigue": True, "stress": True})
    assert found.practices_done == ("walking",)
    assert [move.key for move in found.better] == ["pain"]
    assert [move.key for move in found.worse] == ["mood"]  # fatigue moved less than 0.5
