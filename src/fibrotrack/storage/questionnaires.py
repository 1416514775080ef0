"""Queries on a person's questionnaire responses, their drafts and the safety record. Every
function takes the person's id: nothing crosses people."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fibrotrack.storage.models import (
    CrisisResourcesShown,
    QuestionnaireDraft,
    QuestionnaireResponse,
)


def add_response(
    session: Session,
    *,
    person_id: int,
    instrument: str,
    instrument_version: str,
    day: date,
    taken_at: datetime,
    source: str,
    answers: dict[str, Any],
    scores: dict[str, Any],
) -> QuestionnaireResponse:
    row = QuestionnaireResponse(
        person_id=person_id,
        instrument=instrument,
        instrument_version=instrument_version,
        day=day,
        taken_at=taken_at,
        source=source,
        answers=answers,
        scores=scores,
    )
    session.add(row)
    session.flush()
    return row


def responses_of(
    session: Session,
    *,
    person_id: int,
    instrument: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[QuestionnaireResponse]:
    """The person's responses in [start, end], oldest first."""
    query = select(QuestionnaireResponse).where(QuestionnaireResponse.person_id == person_id)
    if instrument is not None:
        query = query.where(QuestionnaireResponse.instrument == instrument)
    if start is not None:
        query = query.where(QuestionnaireResponse.day >= start)
    if end is not None:
        query = query.where(QuestionnaireResponse.day <= end)
    order = (QuestionnaireResponse.day, QuestionnaireResponse.taken_at, QuestionnaireResponse.id)
    return list(session.scalars(query.order_by(*order)))


def add_crisis_resources_shown(
    session: Session,
    *,
    person_id: int,
    response_id: int | None,
    day: date,
    shown_at: datetime,
    trigger: str,
    channel: str,
    country: str | None,
    resources: dict[str, Any],
) -> CrisisResourcesShown:
    row = CrisisResourcesShown(
        person_id=person_id,
        response_id=response_id,
        day=day,
        shown_at=shown_at,
        trigger=trigger,
        channel=channel,
        country=country,
        resources=resources,
    )
    session.add(row)
    session.flush()
    return row


def crisis_resources_shown_to(session: Session, *, person_id: int) -> list[CrisisResourcesShown]:
    query = (
        select(CrisisResourcesShown)
        .where(CrisisResourcesShown.person_id == person_id)
        .order_by(CrisisResourcesShown.shown_at, CrisisResourcesShown.id)
    )
    return list(session.scalars(query))


def response_of(
    session: Session, *, person_id: int, response_id: int
) -> QuestionnaireResponse | None:
    """The person's response ``response_id``, or None (also when it is someone else's)."""
    return session.scalars(
        select(QuestionnaireResponse).where(
            QuestionnaireResponse.person_id == person_id, QuestionnaireResponse.id == response_id
        )
    ).one_or_none()


def draft_row(session: Session, *, person_id: int, instrument: str) -> QuestionnaireDraft | None:
    return session.scalars(
        select(QuestionnaireDraft).where(
            QuestionnaireDraft.person_id == person_id, QuestionnaireDraft.instrument == instrument
        )
    ).one_or_none()


def drafts_of(session: Session, *, person_id: int) -> list[QuestionnaireDraft]:
    query = select(QuestionnaireDraft).where(QuestionnaireDraft.person_id == person_id)
    return list(session.scalars(query.order_by(QuestionnaireDraft.instrument)))


def put_draft(
    session: Session,
    *,
    person_id: int,
    instrument: str,
    answers: dict[str, Any],
    updated_at: datetime,
) -> QuestionnaireDraft:
    row = draft_row(session, person_id=person_id, instrument=instrument)
    if row is None:
        row = QuestionnaireDraft(person_id=person_id, instrument=instrument)
        session.add(row)
    row.answers = answers
    row.updated_at = updated_at
    session.flush()
    return row


def delete_draft(session: Session, *, person_id: int, instrument: str) -> None:
    session.execute(
        delete(QuestionnaireDraft).where(
            QuestionnaireDraft.person_id == person_id, QuestionnaireDraft.instrument == instrument
        )
    )
