"""Bounds a person meets at the edges, on both databases: a diet protocol or a self-experiment
planned ahead can be cancelled and never hides the next one, starts too far ahead and
experiment periods too long are refused, a plan change must give a schedule, ``effect`` needs
a target, and boom-bust takes only an activity measure and enough of it."""

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.experiments import ExperimentDesign
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.diet import protocol_status, start_protocol, stop_protocol
from fibrotrack.services.experiments import (
    experiment_status,
    log_adherence,
    start_experiment,
    stop_experiment,
)
from fibrotrack.services.insights import boom_bust, intervention_effect
from fibrotrack.services.people import create_person
from fibrotrack.services.plan import add_practice, change_practice, current_plan
from fibrotrack.storage import Database
from fibrotrack.storage.models import Intervention

TODAY = date(2026, 3, 2)


def _said(text: str) -> str:
    """Output with the terminal's line wrapping undone."""
    return " ".join(text.split())


def _ahead(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def test_a_diet_protocol_planned_ahead_can_be_cancelled_and_replaced(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        planned = TODAY + timedelta(days=1)
        start_protocol(session, person=person, foods=["gluten"], start=planned, today=TODAY)
        stop_protocol(session, person=person, day=TODAY, today=TODAY)
        cancelled = protocol_status(session, person=person, today=TODAY)
        assert cancelled.today.instruction == f"Cancelled on {TODAY}, before it began on {planned}."
        start_protocol(session, person=person, foods=["dairy"], start=TODAY, today=TODAY)
        status = protocol_status(session, person=person, today=TODAY)
    assert list(status.protocol.foods) == ["dairy"] and status.stopped is None
    assert status.today.phase.value == "baseline"


@pytest.mark.parametrize(("days", "allowed"), [(30, True), (31, False)])
def test_a_diet_protocol_starts_at_most_30_days_ahead(
    database: Database, days: int, allowed: bool
) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        start = TODAY + timedelta(days=days)
        if allowed:
            start_protocol(session, person=person, foods=["gluten"], start=start, today=TODAY)
            return
        with pytest.raises(InvalidEntry) as refused:
            start_protocol(session, person=person, foods=["gluten"], start=start, today=TODAY)
    assert refused.value.field == "start" and "more than 30 days ahead" in refused.value.message


def test_diet_protocol_cli_cancels_one_planned_ahead(cli, database) -> None:
    far = cli("diet", "protocol", "start", "--food", "gluten", "--start", "2030-01-01")
    assert far.exit_code == 2 and "Error: start:" in _said(far.stderr)
    assert cli("diet", "protocol", "start", "--food", "gluten", "--start", _ahead(3)).exit_code == 0
    assert cli("diet", "protocol", "stop", "--yes").exit_code == 0
    again = cli("diet", "protocol", "start", "--food", "dairy")
    assert again.exit_code == 0, again.output
    assert "Avoid" not in again.stdout and "Eat as you usually do" in _said(again.stdout)


def test_a_stopped_experiment_planned_ahead_does_not_hide_the_next(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        rng = np.random.default_rng(1)
        ahead = TODAY + timedelta(days=20)
        start_experiment(session, person=person, factor="coffee", today=TODAY, start=ahead, rng=rng)
        stop_experiment(session, person=person, today=TODAY)
        start_experiment(session, person=person, factor="tea", today=TODAY, rng=rng)
        status = experiment_status(session, person=person, today=TODAY)
        logged = log_adherence(session, person=person, day=TODAY, followed=True, today=TODAY)
    assert status.experiment.factor == "tea" and status.stopped is None and status.day_number == 1
    assert logged.day == TODAY and logged.followed is True


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"start": TODAY + timedelta(days=31)}, "start"),
        ({"start": date(9999, 12, 1)}, "start"),
        ({"period_days": 29}, "period_days"),
        ({"period_days": 100_000}, "period_days"),
        ({"period_days": 1_000_000_000}, "period_days"),
    ],
)
def test_experiments_too_far_ahead_or_too_long_are_refused(
    database: Database, arguments: dict[str, object], field: str
) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        with pytest.raises(InvalidEntry) as refused:
            start_experiment(session, person=person, factor="coffee", today=TODAY, **arguments)  # type: ignore[arg-type]
        assert refused.value.field == field
        start_experiment(session, person=person, factor="coffee", today=TODAY, period_days=28)


def test_a_design_past_the_calendar_is_refused_not_overflowed() -> None:
    with pytest.raises(InvalidEntry) as refused:
        ExperimentDesign("coffee", "pain", date(9999, 12, 1), (True,) * 6)
    assert refused.value.field == "start"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        (("--period-days", "1000000000"), "period_days"),
        (("--period-days", "100000"), "period_days"),
        (("--start", "9999-12-01"), "start"),
    ],
)
def test_experiment_cli_refuses_bounds_with_the_field(cli, database, arguments, field) -> None:
    refused = cli("experiment", "start", "coffee", *arguments)
    assert refused.exit_code == 2 and f"Error: {field}:" in _said(refused.stderr)


def test_experiment_cli_follows_the_experiment_started_last(cli, database) -> None:
    assert cli("experiment", "start", "coffee", "--start", _ahead(20)).exit_code == 0
    assert cli("experiment", "stop").exit_code == 0
    assert cli("experiment", "start", "tea").exit_code == 0
    assert "Experiment on tea" in _said(cli("experiment", "status").stdout)
    logged = cli("experiment", "log", "--followed")
    assert logged.exit_code == 0, logged.output


def test_a_plan_change_without_a_schedule_is_refused(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        add_practice(
            session, person=person, practice_id="mindfulness", today=TODAY,
            start=TODAY - timedelta(days=7), days_per_week=5, minutes=10,
        )  # fmt: skip
        with pytest.raises(InvalidEntry) as refused:
            change_practice(session, person=person, practice_id="mindfulness", today=TODAY)
        (item,) = current_plan(session, person=person, today=TODAY)
    assert refused.value.field == "days" and "stop it" in refused.value.message
    assert (item.days_per_week, item.minutes) == (5, 10)


def test_plan_change_cli_without_a_schedule_keeps_it(cli, database) -> None:
    assert cli("plan", "add", "mindfulness", "--days", "5", "--minutes", "10").exit_code == 0
    refused = cli("plan", "change", "mindfulness")
    assert refused.exit_code == 2 and "Error: days:" in _said(refused.stderr)
    assert "10 min, 5 days a week" in _said(cli("plan", "show").stdout)


def _diary(session, person, days: int, values) -> None:  # type: ignore[no-untyped-def]
    for offset in range(days):
        day = TODAY - timedelta(days=days - 1 - offset)
        check_in(session, person=person, change=CheckIn(day, values(offset)), today=TODAY)


@pytest.mark.parametrize("target", ["", " "])
def test_an_empty_effect_target_is_refused(database: Database, target: str) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        _diary(session, person, 60, lambda offset: {"pain": 5.0 + offset % 3})
        session.add(
            Intervention(
                person_id=person.id, kind="medication", name="Duloxetine",
                start_day=TODAY - timedelta(days=30),
            )
        )  # fmt: skip
        session.flush()
        assert intervention_effect(session, person=person, target="duloxetine").name == "Duloxetine"
        with pytest.raises(InvalidEntry) as refused:
            intervention_effect(session, person=person, target=target)
    assert refused.value.field == "target"


@pytest.mark.parametrize("activity", ["pain", "fatigue", "hrv"])
def test_boom_bust_takes_only_an_activity_measure(database: Database, activity: str) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        _diary(session, person, 40, lambda offset: {"pain": 4.0, "steps": 4000.0 + offset})
        with pytest.raises(InvalidEntry) as refused:
            boom_bust(session, person=person, activity=activity)
    assert (
        refused.value.field == "activity" and "steps or activity_minutes" in refused.value.message
    )


@pytest.mark.parametrize("days", [2, 14])
def test_boom_bust_on_too_few_days_says_not_enough_data(database: Database, days: int) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        _diary(session, person, days, lambda offset: {"pain": 3.0 + offset % 5, "steps": 5000.0})
        with pytest.raises(InvalidEntry) as refused:
            boom_bust(session, person=person, activity="steps")
        assert refused.value.field == "activity"
        assert refused.value.message.startswith(f"not enough data yet: {days} days of steps")
        _diary(session, person, 15, lambda offset: {"pain": 3.0, "steps": 5000.0})
        assert boom_bust(session, person=person).result.boom_days == []


def test_pacing_cli_refuses_a_symptom_as_activity(cli, database) -> None:
    for day in (1, 2):
        cli("checkin", "--date", _ahead(-day), "--pain", "3", "--steps", "4000")
    refused = cli("pacing", "--activity", "pain")
    assert refused.exit_code == 2 and "Error: activity:" in _said(refused.stderr)
    few = cli("pacing")
    assert few.exit_code == 2 and "not enough data yet" in _said(few.stderr)
