"""The elimination → reintroduction protocol: schedule, phase transitions and what today is."""

from datetime import date, timedelta

import pytest

from fibrotrack.body.elimination import (
    Phase,
    ProtocolPlan,
    baseline_days,
    check_plan,
    end_of,
    excluded_days,
    protocol_day,
    response_window,
    schedule,
)
from fibrotrack.diary import InvalidEntry

PLAN = ProtocolPlan(start=date(2026, 1, 1), foods=("gluten", "dairy"))


def test_default_schedule() -> None:
    stages = [(s.phase, s.first, s.last, s.food) for s in schedule(PLAN)]
    assert stages == [
        (Phase.BASELINE, date(2026, 1, 1), date(2026, 1, 7), None),
        (Phase.ELIMINATION, date(2026, 1, 8), date(2026, 1, 28), None),
        (Phase.CHALLENGE, date(2026, 1, 29), date(2026, 1, 31), "gluten"),
        (Phase.WASHOUT, date(2026, 2, 1), date(2026, 2, 4), "gluten"),
        (Phase.CHALLENGE, date(2026, 2, 5), date(2026, 2, 7), "dairy"),
        (Phase.WASHOUT, date(2026, 2, 8), date(2026, 2, 11), "dairy"),
    ]
    assert end_of(PLAN) == date(2026, 2, 11)


@pytest.mark.parametrize(
    ("day", "phase", "food", "number", "of"),
    [
        (date(2025, 12, 31), Phase.NOT_STARTED, None, 0, 0),
        (date(2026, 1, 1), Phase.BASELINE, None, 1, 7),
        (date(2026, 1, 7), Phase.BASELINE, None, 7, 7),
        (date(2026, 1, 8), Phase.ELIMINATION, None, 1, 21),
        (date(2026, 1, 28), Phase.ELIMINATION, None, 21, 21),
        (date(2026, 1, 29), Phase.CHALLENGE, "gluten", 1, 3),
        (date(2026, 1, 31), Phase.CHALLENGE, "gluten", 3, 3),
        (date(2026, 2, 1), Phase.WASHOUT, "gluten", 1, 4),
        (date(2026, 2, 5), Phase.CHALLENGE, "dairy", 1, 3),
        (date(2026, 2, 11), Phase.WASHOUT, "dairy", 4, 4),
        (date(2026, 2, 12), Phase.FINISHED, None, 0, 0),
    ],
)
def test_phase_transitions(day: date, phase: Phase, food: str | None, number: int, of: int) -> None:
    today = protocol_day(PLAN, day)
    assert (today.phase, today.food, today.day_number, today.days_in_phase) == (
        phase,
        food,
        number,
        of,
    )


def test_instructions_say_what_to_eat_and_avoid() -> None:
    assert "Avoid gluten, dairy" in protocol_day(PLAN, date(2026, 1, 10)).instruction
    challenge = protocol_day(PLAN, date(2026, 1, 29)).instruction
    assert "portion of gluten" in challenge
    assert "keep avoiding dairy" in challenge
    assert "avoid every suspect food" in protocol_day(PLAN, date(2026, 2, 2)).instruction


def test_custom_durations() -> None:
    plan = ProtocolPlan(
        date(2026, 1, 1),
        ("eggs",),
        baseline_days=3,
        elimination_days=14,
        challenge_days=1,
        washout_days=2,
    )
    assert end_of(plan) == date(2026, 1, 20)
    assert protocol_day(plan, date(2026, 1, 18)).phase == Phase.CHALLENGE


def test_comparison_days() -> None:
    assert baseline_days(PLAN) == (date(2026, 1, 15), date(2026, 1, 28))
    assert response_window(PLAN, "gluten") == (date(2026, 1, 29), date(2026, 2, 2))
    assert response_window(PLAN, "dairy") == (date(2026, 2, 5), date(2026, 2, 9))
    slip = date(2026, 1, 20)
    assert excluded_days([slip]) == {slip + timedelta(days=d) for d in range(3)}


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        (ProtocolPlan(date(2026, 1, 1), ()), "food"),
        (ProtocolPlan(date(2026, 1, 1), ("Gluten", "gluten")), "food"),
        (ProtocolPlan(date(2026, 1, 1), ("g" * 70,)), "food"),  # it said "tag"
        (ProtocolPlan(date(2026, 1, 1), ("!!!",)), "food"),
        (ProtocolPlan(date(2026, 1, 1), ("gluten",), elimination_days=7), "elimination_days"),
        (ProtocolPlan(date(2026, 1, 1), ("gluten",), washout_days=1), "washout_days"),
        (ProtocolPlan(date(2026, 1, 1), ("gluten",), challenge_days=0), "challenge_days"),
    ],
)
def test_bad_plans_name_the_field(plan: ProtocolPlan, field: str) -> None:
    with pytest.raises(InvalidEntry) as raised:
        check_plan(plan)
    assert raised.value.field == field
