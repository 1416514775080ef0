"""A person's status over time: their stored questionnaires and diary through the status
engine."""

from datetime import date

from sqlalchemy.orm import Session

from fibrotrack.instruments import InstrumentKind, get
from fibrotrack.services.assessments import list_responses
from fibrotrack.status import Assessment, Status, evaluate_status
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import Person


def status_of(session: Session, *, person: Person, baseline: date | None = None) -> Status:
    """The person's status timeline; ``baseline`` is a baseline date they chose.

    No flare periods are passed: flare detection is not available yet, and the status says so.
    """
    assessments = [
        Assessment(response.instrument, response.day, response.score, response.answers)
        for response in list_responses(session, person=person)
        if get(response.instrument).kind is InstrumentKind.QUESTIONNAIRE
    ]
    days = day_entries(session, person_id=person.id)
    return evaluate_status(assessments, days, baseline_day=baseline, flares=None)
