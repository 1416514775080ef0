"""The graded activity rule on planted scenarios: steady progress, a flare, boom-bust, gaps."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from fibrotrack.diary import InvalidEntry
from fibrotrack.program import Decision, Measure, PacingRule, pacing_status
from fibrotrack.program.pacing import weekly_step_from_percent

START = date(2026, 3, 4)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def diary(
    weeks: int,
    per_week: Callable[[int], float] = lambda k: 20 * 1.1**k + 1,
    skip: Callable[[int], bool] = lambda offset: False,
) -> dict[date, float]:
    """14 baseline days of 20 minutes, then ``weeks`` weeks at ``per_week(k)`` a day."""
    activity = {day(offset): 20.0 for offset in range(-14, 0)}
    for offset in range(weeks * 7):
        if not skip(offset):
            activity[day(offset)] = per_week(offset // 7)
    return activity


def status(activity: dict[date, float], today: int, flares=(), busts=(), **rule: float):
    return pacing_status(
        activity,
        measure=Measure.ACTIVE_MINUTES,
        start=START,
        today=day(today),
        flare_days={day(offset) for offset in flares},
        boom_bust_days={day(offset) for offset in busts},
        rule=PacingRule(**rule),
    )


def test_steady_progress_raises_the_target_every_week() -> None:
    result = status(diary(6), today=5 * 7 + 2)
    assert result.baseline.value == pytest.approx(20.0)
    assert [week.start for week in result.weeks] == [day(7 * k) for k in range(6)]
    assert [week.decision for week in result.weeks] == [Decision.START] + [Decision.RAISE] * 5
    assert [week.target for week in result.weeks] == pytest.approx([20 * 1.1**k for k in range(6)])
    assert result.target == pytest.approx(20 * 1.1**5)
    assert result.decision is Decision.RAISE
    assert "rose 10%" in result.reason and "from 29 min to 32 min" in result.reason


def test_the_weekly_step_is_configurable() -> None:
    result = status(diary(3, per_week=lambda k: 20 * 1.25**k + 1), today=15, weekly_step=0.25)
    assert [week.target for week in result.weeks] == pytest.approx([20, 25, 31.25])


def test_a_planted_flare_holds_the_target_then_steps_back() -> None:
    flare = range(16, 25)  # from week 3 (days 14–20) into week 4 (days 21–27)
    activity = diary(7, per_week=lambda k: 20 * 1.1**k + 1)
    for offset in flare:
        activity[day(offset)] = 8.0

    during = status(activity, today=18, flares=flare)
    assert during.in_flare
    assert during.decision is Decision.HOLD_FLARE
    assert during.target == pytest.approx(24.2)  # week 3's target, not raised
    assert "You are in a flare (since 2026-03-20)" in during.reason

    after = status(activity, today=7 * 6 + 1, flares=flare)
    decisions = [(week.decision, round(week.target, 2)) for week in after.weeks]
    assert decisions == [
        (Decision.START, 20.0),
        (Decision.RAISE, 22.0),
        (Decision.RAISE, 24.2),
        # The flare was still on at the end of week 3: held.
        (Decision.HOLD_FLARE, 24.2),
        # It ended during week 4: back to 22, the last level finished without a flare.
        (Decision.STEP_BACK, 22.0),
        (Decision.RAISE, 24.2),
        (Decision.RAISE, 26.62),
    ]
    assert "stepped back from 24 min to 22 min" in after.weeks[4].reason
    assert not after.in_flare


def test_flare_days_are_left_out_of_the_baseline() -> None:
    activity = diary(1)
    for offset in (-4, -3, -2, -1):
        activity[day(offset)] = 2.0
    result = status(activity, today=3, flares=(-4, -3, -2, -1))
    assert result.baseline.value == pytest.approx(20.0)
    assert (result.baseline.days_used, result.baseline.flare_days_left_out) == (10, 4)
    assert "leaving out 4 flare days" in result.weeks[0].reason


def test_a_boom_bust_pattern_triggers_a_hold() -> None:
    activity = diary(4)
    activity[day(9)] = 60.0  # a boom, then a crash two days later
    result = status(activity, today=3 * 7 + 1, busts=(9, 10, 11))
    assert [week.decision for week in result.weeks] == [
        Decision.START,
        Decision.RAISE,
        Decision.HOLD_BOOM_BUST,
        Decision.RAISE,
    ]
    assert result.weeks[2].target == pytest.approx(result.weeks[1].target)
    assert "boom-bust" in result.weeks[2].reason


def test_gaps_do_not_raise_the_target() -> None:
    # Week 2 (days 7–13) has only 3 days logged, all above target.
    activity = diary(
        4, per_week=lambda k: 40.0, skip=lambda offset: 7 <= offset <= 13 and offset % 3
    )
    result = status(activity, today=3 * 7 + 1)
    assert [week.decision for week in result.weeks] == [
        Decision.START,
        Decision.RAISE,
        Decision.HOLD_MISSING_DATA,
        Decision.RAISE,
    ]
    assert result.weeks[2].target == pytest.approx(result.weeks[1].target)
    assert "never raised on missing data" in result.weeks[2].reason


def test_a_week_entirely_missing_does_not_raise_the_target() -> None:
    activity = diary(3, per_week=lambda k: 40.0, skip=lambda offset: 7 <= offset <= 13)
    result = status(activity, today=15)
    assert result.weeks[-1].decision is Decision.HOLD_MISSING_DATA
    assert result.target == pytest.approx(22.0)


def test_a_target_not_reached_holds() -> None:
    result = status(diary(3, per_week=lambda k: 12.0), today=15)
    assert [week.decision for week in result.weeks] == [
        Decision.START,
        Decision.HOLD_NOT_REACHED,
        Decision.HOLD_NOT_REACHED,
    ]
    assert result.target == pytest.approx(20.0)


def test_without_a_baseline_the_plan_waits_then_starts_when_there_is_one() -> None:
    activity = {day(offset): 15.0 for offset in range(0, 20)}
    waiting = status(activity, today=5)
    assert waiting.decision is Decision.WAITING
    assert waiting.target is None
    assert "has 5" in waiting.reason

    started = status(activity, today=9)
    assert started.plan_start == day(7)  # the first day with 7 logged days before it
    assert started.target == pytest.approx(15.0)
    assert started.baseline.days_used == 7


def test_steps_are_shown_to_the_nearest_ten() -> None:
    assert Measure.STEPS.rounded(4234.0) == 4230
    assert Measure.STEPS.amount(12345.0) == "12,350 steps"
    assert Measure.ACTIVE_MINUTES.amount(24.2) == "24 min"


@pytest.mark.parametrize("percent", [0, 0.5, 51, -10])
def test_a_weekly_step_out_of_range_names_the_field(percent: float) -> None:
    with pytest.raises(InvalidEntry) as raised:
        weekly_step_from_percent(percent)
    assert raised.value.field == "step"
