"""A person's status over time: their stored questionnaires and diary through the status
engine."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from fibrotrack.instruments import InstrumentKind, get
from fibrotrack.services.assessments import list_responses
from fibrotrack.status import Assessment, FlarePeriod, Status, evaluate_status
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import Person


def status_of(
    session: Session,
    *,
    person: Person,
    baseline: date | None = None,
    flares: Sequence[FlarePeriod] | None = None,
) -> Status:
    """The person's status timeline; ``baseline`` is a baseline date they chose.

    ``flares`` are the person's flares (the insight engine's, without those they denied);
    without them the status says that flare detection was not used.
    """
    assessments = [
        Assessment(response.instrument, response.day, response.score, response.answers)
        for response in list_responses(session, person=person)
        if get(response.instrument).kind is InstrumentKind.QUESTIONNAIRE
    ]
    days = day_entries(session, person_id=person.id)
    return evaluate_status(assessments, days, baseline_day=baseline, flares=flares)
