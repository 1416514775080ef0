"""Storing questionnaires whole, listing them, the safety record and the status service, on
real SQLite and PostgreSQL databases."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from fibrotrack.diary import InvalidEntry
from fibrotrack.instruments import InvalidAnswers
from fibrotrack.services.assessments import (
    crisis_resources_for,
    crisis_resources_shown,
    list_responses,
    record_crisis_resources_shown,
    record_response,
)
from fibrotrack.services.people import create_person
from fibrotrack.services.status import status_of
from fibrotrack.storage import Database
from fibrotrack.storage.models import QuestionnaireResponse
from questionnaire_cases import F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS, fiqr_answers, phq9_answers

NOW = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def test_a_response_is_stored_whole_on_the_persons_local_date(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="A", timezone="Pacific/Auckland")
        stored = record_response(
            session,
            person=person,
            instrument_id="fiqr",
            answers=fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS),
            taken_at=NOW,
            today=TODAY,
        )
        person_id = person.id
    assert stored.day == date(2026, 3, 2)  # 23:30 UTC is already the next day in Auckland
    with database.session() as session:
        row = session.scalars(select(QuestionnaireResponse)).one()
        assert row.person_id == person_id
        assert (row.instrument, row.instrument_version, row.day) == ("fiqr", "2009.1", TODAY)
        assert row.taken_at == NOW
        assert row.answers["f1"] == 5 and len(row.answers) == 21
        assert row.scores["total"] == 61.33 and row.scores["band"] == "moderate"


def test_listing_returns_typed_answers_and_scores_oldest_first(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="B", timezone="UTC")
        other = create_person(session, name="C", timezone="UTC")
        for days_ago, instrument, answers in (
            (1, "phq9", phq9_answers([1] * 9)),
            (
                5,
                "acr2016",
                {
                    "areas": "neck chest",
                    "fatigue": 1,
                    "unrefreshed": 1,
                    "cognitive": 1,
                    "headache": "no",
                    "abdominal": "no",
                    "depression": "no",
                    "duration_3mo": "yes",
                },
            ),
        ):
            record_response(
                session,
                person=person,
                instrument_id=instrument,
                answers=answers,
                taken_at=NOW - timedelta(days=days_ago),
                today=TODAY,
            )
        record_response(
            session,
            person=other,
            instrument_id="phq9",
            answers=phq9_answers([0] * 9),
            taken_at=NOW,
            today=TODAY,
        )
    with database.session() as session:
        responses = list_responses(session, person=person)
        assert [r.instrument for r in responses] == ["acr2016", "phq9"]
        assert responses[0].answers["areas"] == ("neck", "chest")
        assert responses[0].answers["headache"] is False
        assert responses[0].score.subscores == {"wpi": 2.0, "sss": 3.0, "regions": 1.0}
        assert [
            r.instrument for r in list_responses(session, person=person, instrument="phq9")
        ] == ["phq9"]
        assert list_responses(session, person=person, start=TODAY) == []
        with pytest.raises(InvalidEntry) as raised:
            list_responses(session, person=person, instrument="nope")
        assert raised.value.field == "instrument"


def test_malformed_answers_store_nothing(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="D", timezone="UTC")
        with pytest.raises(InvalidAnswers) as raised:
            record_response(
                session,
                person=person,
                instrument_id="phq9",
                answers=phq9_answers([1, 1, 1, 1, 7, 1, 1, 1, 1]),
                taken_at=NOW,
                today=TODAY,
            )
        assert raised.value.item == "q5"
        with pytest.raises(InvalidEntry) as future:
            record_response(
                session,
                person=person,
                instrument_id="phq9",
                answers=phq9_answers([1] * 9),
                taken_at=NOW,
                today=TODAY,
                day=TODAY + timedelta(days=1),
            )
        assert future.value.field == "date"
        count = session.scalar(select(func.count()).select_from(QuestionnaireResponse))
        assert count == 0


def test_an_incomplete_form_is_stored_and_shown_as_incomplete(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="E", timezone="UTC")
        stored = record_response(
            session,
            person=person,
            instrument_id="fiqr",
            answers=fiqr_answers(F1_FUNCTION[:7], F1_OVERALL, F1_SYMPTOMS),
            taken_at=NOW,
            today=TODAY,
        )
        assert not stored.score.valid and stored.score.total is None
        assert list_responses(session, person=person)[0].score.reason == stored.score.reason


def test_crisis_resources_for_item_9_at_a_low_total_are_recorded(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="F", timezone="Europe/London")
        stored = record_response(
            session,
            person=person,
            instrument_id="phq9",
            answers=phq9_answers([0] * 8 + [1]),
            taken_at=NOW,
            today=TODAY,
        )
        assert stored.score.total == 1 and stored.score.band == "minimal"
        assert stored.needs_crisis_resources
        resources = crisis_resources_for(person, country=None)
        assert resources.country == "GB"
        assert any(r.contact == "116 123" for r in resources.resources)
        record_crisis_resources_shown(
            session,
            person=person,
            resources=resources,
            channel="cli",
            shown_at=NOW,
            response=stored,
        )
    with database.session() as session:
        records = crisis_resources_shown(session, person=person)
        assert len(records) == 1
        record = records[0]
        assert (record.response_id, record.channel, record.country) == (stored.id, "cli", "GB")
        assert record.shown_at == NOW and record.day == date(2026, 3, 1)
        assert "Samaritans" in [r["name"] for r in record.resources["resources"]]


def test_crisis_resources_follow_the_chosen_country_or_fall_back_to_international(
    database: Database,
) -> None:
    with database.session() as session:
        person = create_person(session, name="G", timezone="UTC")
        assert crisis_resources_for(person, country=None).country is None
        assert "findahelpline.com" in str(crisis_resources_for(person, country=None).as_dict())
        us = crisis_resources_for(person, country="us")
        assert us.country == "US" and any("988" in r.contact for r in us.resources)
        assert crisis_resources_for(person, country="IT").country is None
        with pytest.raises(InvalidEntry) as raised:
            crisis_resources_for(person, country="Britain")
        assert raised.value.field == "country"


def test_status_of_a_person_uses_their_responses_and_diary(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="H", timezone="UTC")
        for weeks_ago, function in ((8, [7] * 9), (0, [3] * 9)):
            record_response(
                session,
                person=person,
                instrument_id="fiqr",
                answers=fiqr_answers(function, [5, 5], [5] * 10),
                taken_at=NOW - timedelta(weeks=weeks_ago),
                today=TODAY,
            )
        record_response(
            session,
            person=person,
            instrument_id="daily_pain",
            answers={"pain": 5},
            taken_at=NOW,
            today=TODAY,
        )
        status = status_of(session, person=person)
    assert status.baseline_day == date(2026, 1, 4)
    assert len(status.points) == 2  # the daily rating is not a visit
    current = status.current
    assert current is not None
    function = next(change for change in current.changes if change.measure == "fiqr_function")
    assert (function.baseline, function.value) == (21.0, 9.0)
    assert status.flares is None
