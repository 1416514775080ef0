"""What one person shares, derived from their data: kept up or not (8 weeks at 70%), the FIQR
change over the practice, the FM30 response, flares per year, and only the month as a date."""

import dataclasses
from datetime import date, timedelta

import pytest

from fibrotrack.community import CommunityRules, derive_contribution
from fibrotrack.diary import DayEntry
from fibrotrack.instruments import get, score
from fibrotrack.program import PlanPeriod, PracticeSession, Schedule
from fibrotrack.status import Assessment

TODAY = date(2026, 11, 20)
START = date(2026, 8, 3)  # a Monday, 15 weeks and 4 days before TODAY


def _fiqr(day: date, level: int) -> Assessment:
    answers = {item.id: level for item in get("fiqr").items}
    return Assessment("fiqr", day, score("fiqr", answers), answers)


def _sessions(per_week: list[int]) -> list[PracticeSession]:
    return [
        PracticeSession("tai_chi", START + timedelta(weeks=week, days=day), 30)
        for week, count in enumerate(per_week)
        for day in range(count)
    ]


def _contribution(
    *,
    sessions: list[PracticeSession],
    stop: date | None = None,
    assessments: list[Assessment] | None = None,
    days: list[DayEntry] | None = None,
    flares: list[tuple[date, date]] | None = None,
):  # type: ignore[no-untyped-def]
    return derive_contribution(
        today=TODAY,
        periods=[PlanPeriod("tai_chi", Schedule(5, 30), START, stop)],
        sessions=sessions,
        assessments=assessments or [],
        days=days or [],
        flares=flares or [],
        own_fits=[],
        rules=CommunityRules(),
    )


def test_ten_weeks_at_exactly_seventy_percent_is_keeping_it_up() -> None:
    found = _contribution(
        sessions=_sessions([4] * 5 + [3] * 5), stop=START + timedelta(weeks=10, days=-1)
    )
    (outcome,) = found.practices
    assert outcome.weeks == 10
    assert outcome.adherence_percent == 70
    assert outcome.kept_up


def test_one_session_fewer_is_not() -> None:
    found = _contribution(
        sessions=_sessions([4] * 5 + [3] * 4 + [2]), stop=START + timedelta(weeks=10, days=-1)
    )
    (outcome,) = found.practices
    assert outcome.adherence_percent == 60  # 34 of 50 is 68%: rounded down to 10%
    assert not outcome.kept_up


def test_seven_weeks_is_too_short_whatever_the_adherence() -> None:
    found = _contribution(sessions=_sessions([5] * 7), stop=START + timedelta(weeks=7, days=-1))
    (outcome,) = found.practices
    assert outcome.weeks == 7
    assert outcome.adherence_percent == 100
    assert not outcome.kept_up


def test_the_fiqr_change_and_fm30_over_the_practice() -> None:
    assessments = [
        _fiqr(START - timedelta(days=100), 9),  # too early to be the baseline
        _fiqr(START - timedelta(days=3), 6),
        _fiqr(START + timedelta(weeks=4), 5),  # too soon to be the follow-up
        _fiqr(START + timedelta(weeks=9), 5),
        _fiqr(TODAY, 4),
    ]
    (outcome,) = _contribution(sessions=_sessions([5] * 15), assessments=assessments).practices
    assert outcome.fiqr_change == -20  # 60 → 40
    assert outcome.fm30 is True  # every FIQR item 33% better


def test_a_small_fiqr_change_is_not_an_fm30_response() -> None:
    assessments = [_fiqr(START - timedelta(days=3), 6), _fiqr(TODAY, 5)]
    (outcome,) = _contribution(sessions=_sessions([5] * 15), assessments=assessments).practices
    assert outcome.fiqr_change == -10
    assert outcome.fm30 is False


@pytest.mark.parametrize(
    "days",
    [[START - timedelta(days=70), TODAY], [START - timedelta(days=3), START + timedelta(weeks=7)]],
)
def test_no_fiqr_change_without_a_baseline_and_a_follow_up_eight_weeks_on(days: list[date]) -> None:
    assessments = [_fiqr(days[0], 6), _fiqr(days[1], 4)]
    (outcome,) = _contribution(sessions=_sessions([5] * 15), assessments=assessments).practices
    assert outcome.fiqr_change is None and outcome.fm30 is None


def test_flares_per_year_before_and_while_practising() -> None:
    logged = [
        DayEntry(START - timedelta(days=200) + timedelta(days=i), {"pain": 5.0}) for i in range(311)
    ]
    flares = [
        (START - timedelta(days=150), START - timedelta(days=140)),
        (START - timedelta(days=60), START - timedelta(days=55)),
        (START + timedelta(days=40), START + timedelta(days=45)),
    ]
    (outcome,) = _contribution(sessions=_sessions([5] * 15), days=logged, flares=flares).practices
    assert outcome.flares_before == 4  # 2 in 180 days
    assert outcome.flares_during == 3  # 1 in 110 days


def test_flares_are_unknown_without_enough_logged_days() -> None:
    (outcome,) = _contribution(sessions=_sessions([5] * 15), flares=[]).practices
    assert outcome.flares_before is None and outcome.flares_during is None


def test_the_only_date_is_the_month_and_nothing_is_free_text() -> None:
    found = _contribution(sessions=_sessions([5] * 15))
    assert found.month == "2026-11"
    for outcome in found.practices:
        for field in dataclasses.fields(outcome):
            value = getattr(outcome, field.name)
            assert not isinstance(value, date)
            assert not isinstance(value, str) or field.name == "practice_id"
