"""Questionnaires: take and store a response whole, list responses, and the PHQ-9 safety
pathway (crisis resources shown whenever item 9 is above 0, and a record that they were)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, check_day, local_today
from fibrotrack.instruments import Answer, Instrument, Score, checked_answers, get, score
from fibrotrack.safety import (
    SELF_HARM_FLAG,
    CrisisResources,
    country_of_timezone,
    crisis_resources,
    normalise_country,
)
from fibrotrack.storage.models import CrisisResourcesShown, Person, QuestionnaireResponse
from fibrotrack.storage.questionnaires import (
    add_crisis_resources_shown,
    add_response,
    crisis_resources_shown_to,
    responses_of,
)

APP_SOURCE = "fibrotrack"
SELF_HARM_TRIGGER = "phq9_item9"


@dataclass(frozen=True)
class StoredResponse:
    """A questionnaire as stored: checked answers, the score computed when it was taken, and
    the version of the instrument definition that computed it."""

    id: int
    instrument: str
    version: str
    day: date
    taken_at: datetime
    source: str
    answers: dict[str, Answer]
    score: Score

    @property
    def needs_crisis_resources(self) -> bool:
        return SELF_HARM_FLAG in self.score.flags


@dataclass(frozen=True)
class CrisisResourcesRecord:
    """Crisis resources were shown: when, where and which."""

    day: date
    shown_at: datetime
    channel: str
    country: str | None
    response_id: int | None
    resources: dict[str, Any]


def record_response(
    session: Session,
    *,
    person: Person,
    instrument_id: str,
    answers: Mapping[str, object],
    taken_at: datetime,
    today: date,
    day: date | None = None,
    source: str = APP_SOURCE,
) -> StoredResponse:
    """Check, score and store a response, dated ``day`` (a paper form entered later) or else
    by the person's local date at ``taken_at``; never a future date.

    Malformed answers raise ``InvalidAnswers`` naming the item and nothing is stored. A form
    too incomplete to score is stored all the same, with ``score.valid`` False and the reason.
    If the response needs crisis resources (``needs_crisis_resources``), the shell shows them
    at once and then calls ``record_crisis_resources_shown``.
    """
    instrument = get(instrument_id)
    if taken_at.tzinfo is None:
        raise InvalidEntry("taken_at", "needs a time zone")
    checked = checked_answers(instrument_id, answers)
    day = check_day(day or local_today(person.timezone, taken_at), today)
    result = score(instrument_id, checked)
    row = add_response(
        session,
        person_id=person.id,
        instrument=instrument.id,
        instrument_version=instrument.version,
        day=day,
        taken_at=taken_at,
        source=source,
        answers=answers_json(checked),
        scores=result.as_dict(),
    )
    return _stored(row)


def list_responses(
    session: Session,
    *,
    person: Person,
    instrument: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[StoredResponse]:
    """The person's responses in [start, end], oldest first."""
    if instrument is not None:
        get(instrument)
    if start is not None and end is not None and start > end:
        raise InvalidEntry("from", f"{start} is after the end date {end}")
    rows = responses_of(session, person_id=person.id, instrument=instrument, start=start, end=end)
    return [_stored(row) for row in rows]


def _stored(row: QuestionnaireResponse) -> StoredResponse:
    return StoredResponse(
        id=row.id,
        instrument=row.instrument,
        version=row.instrument_version,
        day=row.day,
        taken_at=row.taken_at,
        source=row.source,
        answers=checked_answers(row.instrument, row.answers),
        score=Score.from_dict(row.scores),
    )


def answers_json(answers: Mapping[str, Answer]) -> dict[str, Any]:
    """Checked answers as JSON values (a list of options becomes a JSON list)."""
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in answers.items()
    }


def responses_json(responses: Sequence[StoredResponse]) -> dict[str, list[dict[str, Any]]]:
    """The ``fibrotrack assessments --json`` document."""
    return {
        "responses": [
            {
                "id": response.id,
                "instrument": response.instrument,
                "version": response.version,
                "date": response.day.isoformat(),
                "taken_at": response.taken_at.isoformat(),
                "source": response.source,
                "answers": answers_json(response.answers),
                "score": response.score.as_dict(),
            }
            for response in responses
        ]
    }


def crisis_resources_for(person: Person, *, country: str | None) -> CrisisResources:
    """The crisis resources to show: for ``country`` if given (the setting or an option), else
    for the country of the person's time zone, else the international default."""
    if country:
        return crisis_resources(normalise_country(country))
    return crisis_resources(country_of_timezone(person.timezone))


def record_crisis_resources_shown(
    session: Session,
    *,
    person: Person,
    resources: CrisisResources,
    channel: str,
    shown_at: datetime,
    response: StoredResponse | None,
) -> CrisisResourcesRecord:
    """Record that ``resources`` were shown to the person (after showing them)."""
    row = add_crisis_resources_shown(
        session,
        person_id=person.id,
        response_id=response.id if response else None,
        day=local_today(person.timezone, shown_at),
        shown_at=shown_at,
        trigger=SELF_HARM_TRIGGER,
        channel=channel,
        country=resources.country,
        resources=resources.as_dict(),
    )
    return _record(row)


def crisis_resources_shown(session: Session, *, person: Person) -> list[CrisisResourcesRecord]:
    return [_record(row) for row in crisis_resources_shown_to(session, person_id=person.id)]


def _record(row: CrisisResourcesShown) -> CrisisResourcesRecord:
    return CrisisResourcesRecord(
        day=row.day,
        shown_at=row.shown_at,
        channel=row.channel,
        country=row.country,
        response_id=row.response_id,
        resources=row.resources,
    )


def score_lines(instrument: Instrument, result: Score) -> list[str]:
    """A score in words, research criteria worded as such, never as a diagnosis."""
    if not result.valid:
        return [f"{instrument.short_name}: incomplete, not scored: {result.reason}"]
    headline = f"{instrument.short_name}: {instrument.total_label} {result.total:g}"
    if result.band is not None:
        band = instrument.band(result.band)
        headline += f" — {band.label} ({band.range_text})"
    lines = [headline]
    if result.subscores:
        lines.append(
            " · ".join(
                f"{subscore.label} {result.subscores[subscore.id]:g} of {subscore.maximum:g}"
                for subscore in instrument.subscores
                if subscore.id in result.subscores
            )
        )
    if result.criteria_met is not None:
        statement = instrument.criteria_statement(result.criteria_met)
        lines.append(statement[0].upper() + statement[1:] + ".")
        if instrument.criteria_note:
            lines.append(instrument.criteria_note)
    lines += [
        f"Note: {instrument.flags[flag]}."
        for flag in result.flags
        if flag != SELF_HARM_FLAG and flag in instrument.flags
    ]
    return lines
