"""Body-system services on both databases: a whole protocol with a planted food effect,
wearable nights kept apart, the weekly window review, and the migration going both ways."""

from datetime import date, time, timedelta

import numpy as np
import pytest
from alembic import command
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from fibrotrack.body.elimination import ProtocolPlan, end_of, schedule
from fibrotrack.body.sleep import DiaryEntry
from fibrotrack.diary import CHECKIN_SOURCE, InvalidEntry, VariableDefinition, VariableKind
from fibrotrack.reports.model import Period as ReportPeriod
from fibrotrack.services.diet import (
    earlier_protocols,
    log_diet_day,
    outcome_choices,
    protocol_status,
    start_protocol,
    stop_protocol,
    verdict_json,
)
from fibrotrack.services.people import create_person
from fibrotrack.services.report_program import program_of
from fibrotrack.services.sleep import (
    log_night,
    record_wearable_night,
    sleep_report,
    sleep_window,
)
from fibrotrack.storage import Database
from fibrotrack.storage.catalogue import ensure_person_variable, variables_of
from fibrotrack.storage.database import _alembic_config
from fibrotrack.storage.diary import set_observation
from fibrotrack.storage.models import (
    DietDay,
    DietProtocol,
    Observation,
    Person,
    PrescribedSleepWindow,
)

START = date(2026, 1, 1)


def test_a_finished_protocol_finds_the_planted_food(database: Database) -> None:
    plan = ProtocolPlan(START, ("gluten", "dairy"))
    rng = np.random.default_rng(11)
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        start_protocol(session, person=person, foods=["gluten", "dairy"], start=START, today=START)
        gluten = schedule(plan)[2]
        for offset in range((end_of(plan) - START).days + 1):
            day = START + timedelta(days=offset)
            reacting = gluten.first <= day <= gluten.last + timedelta(days=2)
            level = 3.0 if offset < 7 else 1.5  # usual eating, then elimination
            gi = float(np.clip(np.rint(level + 2.5 * reacting + rng.normal(0, 0.4)), 0, 10))
            log_diet_day(
                session, person=person, day=day, today=day, gi_symptoms=gi,
                followed=None if offset < 7 else offset != 10,
            )  # fmt: skip
        status = protocol_status(session, person=person, today=end_of(plan) + timedelta(days=1))
    verdicts = {verdict.food: verdict for verdict in status.verdicts}
    assert verdicts["gluten"].verdict.value == "likely worsens symptoms"
    assert verdicts["dairy"].verdict.value == "no clear effect"
    change = verdicts["gluten"].outcomes[0]
    assert change.outcome == "gi_symptoms"
    assert change.window_days == 5
    # The slip on day 11 leaves out days 11–13; those are before the baseline's days 15–28.
    assert change.baseline_days == 14
    assert status.adherence.slipped == 1
    assert status.adherence.followed == 35 - 1
    assert status.pending == []


def test_verdicts_wait_for_the_end_of_each_response_window(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        start_protocol(session, person=person, foods=["gluten", "dairy"], start=START, today=START)
        during = protocol_status(session, person=person, today=date(2026, 2, 2))
        after = protocol_status(session, person=person, today=date(2026, 2, 3))
    assert during.verdicts == []
    assert [food for food, _ in during.pending] == ["gluten", "dairy"]
    assert [verdict.food for verdict in after.verdicts] == ["gluten"]
    assert after.verdicts[0].verdict.value == "inconclusive"  # nothing was logged


def test_bad_protocols_write_nothing(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        for kwargs, field in (
            ({"foods": []}, "food"),
            ({"foods": ["gluten"], "outcomes": ["steps"]}, "outcome"),
            ({"foods": ["gluten"], "start": START - timedelta(days=30)}, "start"),
            ({"foods": ["gluten"], "washout": 1}, "washout_days"),
        ):
            arguments = {"start": START, **kwargs}
            with pytest.raises(InvalidEntry) as raised:
                start_protocol(session, person=person, today=START, **arguments)  # type: ignore[arg-type]
            assert raised.value.field == field
        assert session.scalar(select(func.count()).select_from(DietProtocol)) == 0
        assert session.scalar(select(func.count()).select_from(DietDay)) == 0


def test_adherence_after_a_protocol_was_stopped_is_refused(database: Database) -> None:
    stop = START + timedelta(days=9)
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        start_protocol(session, person=person, foods=["gluten"], start=START, today=START)
        stop_protocol(session, person=person, day=stop, today=stop)
        log_diet_day(session, person=person, day=stop, today=stop, followed=True)
        after = stop + timedelta(days=1)
        with pytest.raises(InvalidEntry) as raised:
            log_diet_day(session, person=person, day=after, today=after, followed=True)
        assert raised.value.field == "date"
        assert f"stopped on {stop}" in str(raised.value)
        days = session.scalars(select(DietDay.day)).all()
    assert days == [stop]


def test_wearable_nights_are_kept_apart_from_the_diary(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="Europe/London")
        night = date(2026, 3, 10)
        log_night(
            session,
            person=person,
            entry=DiaryEntry(night=night, bed=time(23, 0), wake=time(7, 0), latency=30),
            today=night,
        )
        record_wearable_night(
            session, person=person, night=night, source="apple_health", total_sleep_minutes=400,
            time_in_bed_minutes=470, stages={"deep": 60, "rem": 90, "light": 250}, today=night,
        )  # fmt: skip
        with pytest.raises(InvalidEntry) as raised:
            record_wearable_night(
                session, person=person, night=night, source="sleep_diary",
                total_sleep_minutes=400, today=night,
            )  # fmt: skip
        assert raised.value.field == "source"
        report = sleep_report(session, person=person, today=night)
        sources = {row.source: row.value for row in session.scalars(select(Observation))}
    assert report.last_week is not None
    assert report.last_week.total_sleep == 450
    assert report.wearables == {"apple_health": (1, 400)}
    assert sources == {"apple_health": pytest.approx(6.67), "sleep_diary": 7.5}


def test_the_window_is_reviewed_after_a_week(database: Database) -> None:
    today = date(2026, 3, 15)
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        for offset in range(7):
            night = today - timedelta(days=offset)
            entry = DiaryEntry(night=night, bed=time(23, 0), wake=time(7, 0), latency=120)
            log_night(session, person=person, entry=entry, today=today)
        first = sleep_window(session, person=person, today=today)
        assert (first.minutes, first.bed) == (360, time(1, 0))
        for offset in range(1, 8):
            night = today + timedelta(days=offset)
            entry = DiaryEntry(night=night, bed=time(1, 0), wake=time(7, 0), latency=15)
            log_night(session, person=person, entry=entry, today=night)
        review = today + timedelta(days=7)
        reviewed = sleep_window(session, person=person, today=review)
        assert reviewed.change.value == "extended"
        assert (reviewed.minutes, reviewed.bed) == (375, time(0, 45))
        assert sleep_window(session, person=person, today=review) == reviewed
        stored = session.scalars(
            select(PrescribedSleepWindow.minutes).order_by(PrescribedSleepWindow.id)
        ).all()
    assert stored == [360, 375]


def test_the_migration_goes_down_and_up(database: Database) -> None:
    tables = {"sleep_nights", "diet_protocols", "lab_results", "menstrual_periods"}
    with database.engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert not tables & set(inspect(database.engine).get_table_names())
    database.upgrade()
    assert tables <= set(inspect(database.engine).get_table_names())


def _record(session: Session, person: Person, key: str, values: dict[date, float]) -> None:
    variable = variables_of(session, person_id=person.id)[key]
    for day, value in values.items():
        set_observation(
            session, person_id=person.id, variable=variable, day=day, value=value,
            source=CHECKIN_SOURCE,
        )  # fmt: skip


def _finished_gluten_protocol(
    session: Session, person: Person, outcome: str, change: float
) -> date:
    """A gluten protocol from START (7 + 14 + 3 + 3 days) judged on ``outcome``: 7 or 8 every
    day, moved by ``change`` through gluten's response window; returns its last day."""
    start_protocol(
        session, person=person, foods=["gluten"], start=START, today=START, baseline=7,
        elimination=14, challenge=3, washout=3, outcomes=[outcome],
    )  # fmt: skip
    plan = ProtocolPlan(START, ("gluten",), 7, 14, 3, 3)
    challenge = schedule(plan)[2]
    values = {}
    for offset in range((end_of(plan) - START).days + 1):
        day = START + timedelta(days=offset)
        reacting = challenge.first <= day <= challenge.last + timedelta(days=2)
        values[day] = 7.0 + offset % 2 + (change if reacting else 0.0)
    _record(session, person, outcome, values)
    return end_of(plan)


@pytest.mark.parametrize(
    ("change", "verdict"), [(-5.0, "likely worsens symptoms"), (2.0, "no clear effect")]
)
def test_a_protocol_judged_on_mood_takes_a_fall_as_the_worsening(
    database: Database, change: float, verdict: str
) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        last = _finished_gluten_protocol(session, person, "mood", change)
        status = protocol_status(session, person=person, today=last + timedelta(days=1))
    (gluten,) = status.verdicts
    assert gluten.verdict.value == verdict
    (mood,) = gluten.outcomes
    assert mood.higher_is_worse is False
    assert mood.difference == pytest.approx(change, abs=0.6)
    assert verdict_json(gluten)["outcomes"][0]["higher_is_worse"] is False


def test_an_outcome_must_be_a_0_to_10_rating_that_says_which_way_is_worse(
    database: Database,
) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        for definition in (
            VariableDefinition("energy", "Energy", VariableKind.SCALE, None, minimum=0, maximum=10),
            VariableDefinition(
                "flow", "Flow", VariableKind.SCALE, None, minimum=0, maximum=3, higher_is_worse=True
            ),
        ):
            ensure_person_variable(session, person_id=person.id, definition=definition)
            with pytest.raises(InvalidEntry) as raised:
                start_protocol(
                    session, person=person, foods=["gluten"], start=START, today=START,
                    outcomes=[definition.key],
                )  # fmt: skip
            assert raised.value.field == "outcome"
            choices = raised.value.message.split("choose from ")[1]
            assert "mood" in choices and "energy" not in choices and "flow" not in choices
        assert set(outcome_choices(session, person=person)) >= {"gi_symptoms", "mood", "pain"}
        assert session.scalar(select(func.count()).select_from(DietProtocol)) == 0


def test_a_new_protocol_keeps_the_earlier_verdicts_and_the_report_covers_both(
    database: Database,
) -> None:
    with database.session() as session:
        person = create_person(session, name="P", timezone="UTC")
        last = _finished_gluten_protocol(session, person, "gi_symptoms", 3.0)
        today = last + timedelta(days=10)
        start_protocol(session, person=person, foods=["eggs"], start=today, today=today)
        latest = protocol_status(session, person=person, today=today)
        earlier = earlier_protocols(session, person=person, today=today)
        both = program_of(session, person=person, period=ReportPeriod(START, today), entries=[])
        after = program_of(
            session,
            person=person,
            period=ReportPeriod(today, today + timedelta(days=5)),
            entries=[],
        )
    assert latest.verdicts == [] and [food for food, _ in latest.pending] == ["eggs"]
    assert [status.protocol.foods for status in earlier] == [["gluten"]]
    assert [(v.food, v.verdict.value) for v in earlier[0].verdicts] == [
        ("gluten", "likely worsens symptoms")
    ]
    assert [(line.food, line.verdict) for line in both.foods] == [
        ("gluten (protocol from 1 Jan 2026)", "likely worsens symptoms")
    ]
    assert any("eggs not yet judged" in note for note in both.food_notes)
    assert after.foods == ()  # the gluten protocol ended before that period
