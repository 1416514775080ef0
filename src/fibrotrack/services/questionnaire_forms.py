"""Questionnaires filled in on a form: which ones a person is offered, their half-filled drafts
(kept on the server, so a form survives a timeout or a closed tab), submitting a whole form,
and the ACR body areas prefilled from the body map."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.diary.pain_areas import PAIN_AREA_KEYS
from fibrotrack.instruments import (
    DEFAULT_CRITERIA,
    Answer,
    Instrument,
    InstrumentKind,
    InvalidAnswers,
    ItemKind,
    checked_answers,
    get,
    instruments,
)
from fibrotrack.instruments.forms import CheckedForm, check_form
from fibrotrack.safety import CrisisResources
from fibrotrack.services.assessments import (
    StoredResponse,
    answers_json,
    crisis_resources_for,
    list_responses,
    record_response,
)
from fibrotrack.services.pain_map import pain_maps_between
from fibrotrack.services.preferences import preferences_of
from fibrotrack.storage.models import Person
from fibrotrack.storage.questionnaires import (
    delete_draft,
    draft_row,
    drafts_of,
    put_draft,
    response_of,
)

BODY_MAP_DAYS = 7  # the ACR areas item asks about the past 7 days


class FormProblems(InvalidEntry):
    """A submitted form with problems: ``problems`` names each item; nothing was stored."""

    def __init__(self, problems: tuple[InvalidAnswers, ...]) -> None:
        first = problems[0]
        super().__init__(first.field, first.message)
        self.problems = problems


@dataclass(frozen=True)
class Draft:
    instrument: str
    answers: dict[str, Answer]
    updated_at: datetime


@dataclass(frozen=True)
class BodyMapPrefill:
    """The painful areas of the body map recorded on ``day``, to prefill the ACR areas item."""

    item_id: str
    day: date
    areas: tuple[str, ...]


def crisis_resources_of(
    session: Session, *, person: Person, server_country: str | None
) -> CrisisResources:
    """The crisis resources of the country the person chose in Settings, else the server's
    (``FIBROTRACK_COUNTRY``), else the country of the person's time zone."""
    chosen = preferences_of(session, person_id=person.id).crisis_country
    return crisis_resources_for(person, country=chosen or server_country)


def questionnaires_to_fill() -> list[Instrument]:
    """The questionnaires a person is offered: every registered questionnaire (not the diary's
    daily ratings), and of the ACR criteria only the default version."""
    return [
        instrument
        for instrument in instruments()
        if instrument.kind is InstrumentKind.QUESTIONNAIRE
        and (instrument.criteria_name is None or instrument.id == DEFAULT_CRITERIA)
    ]


def questionnaire(instrument_id: str) -> Instrument:
    """A questionnaire that can be filled in on a form (any version of the ACR criteria too),
    or ``InvalidEntry('instrument', ...)``."""
    instrument = get(instrument_id)
    if instrument.kind is not InstrumentKind.QUESTIONNAIRE:
        raise InvalidEntry("instrument", f"{instrument.short_name} is a daily rating: use Today")
    return instrument


def last_responses(session: Session, *, person: Person) -> dict[str, StoredResponse]:
    """The person's latest response to each instrument they have answered."""
    return {response.instrument: response for response in list_responses(session, person=person)}


def response_by_id(session: Session, *, person: Person, response_id: int) -> StoredResponse | None:
    """The person's own response ``response_id``; None when there is none (or not theirs)."""
    row = response_of(session, person_id=person.id, response_id=response_id)
    if row is None:
        return None
    found = list_responses(session, person=person, instrument=row.instrument, start=row.day)
    return next(response for response in found if response.id == response_id)


def draft_of(session: Session, *, person: Person, instrument_id: str) -> Draft | None:
    instrument = questionnaire(instrument_id)
    row = draft_row(session, person_id=person.id, instrument=instrument.id)
    if row is None:
        return None
    return Draft(instrument.id, checked_answers(instrument.id, row.answers), row.updated_at)


def drafts_saved(session: Session, *, person: Person) -> dict[str, datetime]:
    """When each of the person's unfinished forms was last saved, by instrument."""
    return {row.instrument: row.updated_at for row in drafts_of(session, person_id=person.id)}


def save_draft(
    session: Session,
    *,
    person: Person,
    instrument_id: str,
    answers: Mapping[str, object],
    now: datetime,
) -> Draft:
    """Keep the answers given so far (replacing the draft). A malformed answer raises
    ``FormProblems`` naming every bad item, and nothing is written."""
    instrument = questionnaire(instrument_id)
    form = check_form(instrument, answers)
    if form.score is None:
        raise FormProblems(form.problems)
    row = put_draft(
        session,
        person_id=person.id,
        instrument=instrument.id,
        answers=answers_json(form.answers),
        updated_at=now,
    )
    return Draft(instrument.id, dict(form.answers), row.updated_at)


def discard_draft(session: Session, *, person: Person, instrument_id: str) -> None:
    delete_draft(session, person_id=person.id, instrument=questionnaire(instrument_id).id)


def submit_form(
    session: Session,
    *,
    person: Person,
    instrument_id: str,
    answers: Mapping[str, object],
    taken_at: datetime,
    today: date,
) -> StoredResponse:
    """Store a whole form, scored, and delete its draft.

    Raises ``FormProblems`` naming every malformed item, and every unanswered item scoring
    needs when the form cannot be scored; then nothing is stored (the shell still shows crisis
    resources when ``checked_form(...).score`` carries the self-harm flag).
    """
    instrument = questionnaire(instrument_id)
    form = checked_form(instrument.id, answers)
    if not form.complete:
        raise FormProblems(form.problems)
    stored = record_response(
        session,
        person=person,
        instrument_id=instrument.id,
        answers=form.answers,
        taken_at=taken_at,
        today=today,
    )
    delete_draft(session, person_id=person.id, instrument=instrument.id)
    return stored


def checked_form(instrument_id: str, answers: Mapping[str, object]) -> CheckedForm:
    return check_form(questionnaire(instrument_id), answers)


def body_map_prefill(
    session: Session, *, person: Person, instrument_id: str, today: date
) -> BodyMapPrefill | None:
    """The most recent body map of the last 7 days, for an instrument whose item asks for the
    painful body areas (the ACR criteria); None when there is no such item or no such map."""
    instrument = questionnaire(instrument_id)
    item = next(
        (
            item
            for item in instrument.items
            if item.kind is ItemKind.MULTIPLE and set(item.values) == set(PAIN_AREA_KEYS)
        ),
        None,
    )
    if item is None:
        return None
    maps = pain_maps_between(
        session, person=person, start=today - timedelta(days=BODY_MAP_DAYS - 1), end=today
    )
    if not maps:
        return None
    day = max(maps)
    return BodyMapPrefill(item.id, day, maps[day])
