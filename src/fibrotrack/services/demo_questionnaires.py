"""The demo person's questionnaires: a FIQR, an ACR 2016 form, a PHQ-9 and a GAD-7 every four
weeks, derived from their synthetic diary and stored like any other response. The one PHQ-9
with item 9 above 0 goes through the safety pathway and its crisis resources are recorded."""

from datetime import date, datetime, time

from sqlalchemy.orm import Session

from fibrotrack.analysis.synthetic import SyntheticDiary
from fibrotrack.analysis.synthetic_questionnaires import demo_questionnaires
from fibrotrack.diary import zone
from fibrotrack.services.assessments import (
    crisis_resources_for,
    record_crisis_resources_shown,
    record_response,
)
from fibrotrack.storage.models import Person

TAKEN_AT = time(19, 30)


def add_demo_questionnaires(
    session: Session, *, person: Person, diary: SyntheticDiary, today: date
) -> None:
    resources = crisis_resources_for(person, country=None)
    for response in demo_questionnaires(diary, end=today):
        taken_at = datetime.combine(response.day, TAKEN_AT, tzinfo=zone(person.timezone))
        stored = record_response(
            session,
            person=person,
            instrument_id=response.instrument,
            answers=response.answers,
            taken_at=taken_at,
            today=today,
        )
        if stored.needs_crisis_resources:
            record_crisis_resources_shown(
                session,
                person=person,
                resources=resources,
                channel="demo",
                shown_at=taken_at,
                response=stored,
            )
