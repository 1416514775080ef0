"""Emotional recovery: the PHQ-9/GAD-7 schedule the person chose, and a private journal with
milestones for the recovery timeline."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fibrotrack.body.screening import Due, check_schedule, due, instrument_key
from fibrotrack.diary import InvalidEntry, check_day
from fibrotrack.storage.body import last_taken, questionnaire_schedules
from fibrotrack.storage.models import Note, Person, QuestionnaireSchedule

JOURNAL_SOURCE = "journal"
JOURNAL = "journal"
MILESTONE = "milestone"
MAX_JOURNAL_LENGTH = 5000


def set_schedule(
    session: Session, *, person: Person, instrument: str, every_days: int, start: date
) -> QuestionnaireSchedule:
    """Answer ``instrument`` every ``every_days`` days from ``start`` (replacing its schedule)."""
    schedule = check_schedule(instrument, every_days, start)
    row = next(
        (
            row
            for row in questionnaire_schedules(session, person_id=person.id)
            if row.instrument == schedule.instrument
        ),
        None,
    )
    if row is None:
        row = QuestionnaireSchedule(person_id=person.id, instrument=schedule.instrument)
        session.add(row)
    row.every_days = schedule.every_days
    row.start_day = schedule.start
    session.flush()
    return row


def stop_schedule(session: Session, *, person: Person, instrument: str) -> None:
    key = instrument_key(instrument)
    if not any(
        row.instrument == key for row in questionnaire_schedules(session, person_id=person.id)
    ):
        raise InvalidEntry("instrument", f"{instrument!r} has no schedule")
    session.execute(
        delete(QuestionnaireSchedule).where(
            QuestionnaireSchedule.person_id == person.id, QuestionnaireSchedule.instrument == key
        )
    )


def due_questionnaires(session: Session, *, person: Person, today: date) -> list[Due]:
    """Each scheduled questionnaire with its next due date, the ones due first."""
    taken = last_taken(session, person_id=person.id)
    found = [
        due(
            check_schedule(row.instrument, row.every_days, row.start_day),
            taken.get(row.instrument),
            today,
        )
        for row in questionnaire_schedules(session, person_id=person.id)
    ]
    return sorted(found, key=lambda item: item.due_on)


def due_json(found: Sequence[Due]) -> dict[str, Any]:
    return {
        "schedules": [
            {
                "instrument": item.instrument,
                "label": item.label,
                "every_days": item.every_days,
                "last_taken": None if item.last_taken is None else item.last_taken.isoformat(),
                "due_on": item.due_on.isoformat(),
                "state": item.state.value,
                "days_overdue": item.days_overdue,
            }
            for item in found
        ]
    }


def add_journal_entry(
    session: Session,
    *,
    person: Person,
    day: date,
    today: date,
    text: str,
    milestone: bool = False,
    in_story: bool | None = None,
) -> Note:
    """A private journal entry, or a milestone ("walked 20 minutes without a flare") that the
    recovery timeline shows. Journal entries stay off the timeline unless ``in_story``."""
    check_day(day, today)
    clean = text.strip()
    if not clean:
        raise InvalidEntry("text", "is empty")
    if len(clean) > MAX_JOURNAL_LENGTH:
        raise InvalidEntry("text", f"is longer than {MAX_JOURNAL_LENGTH} characters")
    note = Note(
        person_id=person.id,
        day=day,
        kind=MILESTONE if milestone else JOURNAL,
        source=JOURNAL_SOURCE,
        text=clean,
        in_story=milestone if in_story is None else in_story,
    )
    session.add(note)
    session.flush()
    return note


def journal(session: Session, *, person: Person, milestones_only: bool = False) -> list[Note]:
    kinds = [MILESTONE] if milestones_only else [JOURNAL, MILESTONE]
    return list(
        session.scalars(
            select(Note)
            .where(Note.person_id == person.id, Note.kind.in_(kinds))
            .order_by(Note.day, Note.id)
        )
    )


def journal_json(notes: Sequence[Note]) -> dict[str, Any]:
    return {
        "entries": [
            {
                "date": note.day.isoformat(),
                "kind": note.kind,
                "text": note.text,
                "in_story": note.in_story,
            }
            for note in notes
        ]
    }
