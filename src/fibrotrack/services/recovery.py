"""Questionnaires on the schedule the person chose (PHQ-9, GAD-7, FIQR, ACR 2016), and
emotional recovery: a private journal with milestones for the recovery timeline, therapy
sessions."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fibrotrack.body.screening import RULES, Due, check_schedule, due, instrument_key
from fibrotrack.diary import InvalidEntry, check_day
from fibrotrack.program import catalogue
from fibrotrack.services.plan import log_practice
from fibrotrack.storage.body import last_taken, questionnaire_schedules
from fibrotrack.storage.models import Note, Person, PracticeLog, QuestionnaireSchedule
from fibrotrack.storage.plan import practice_logs_of

JOURNAL_SOURCE = "journal"
JOURNAL = "journal"
MILESTONE = "milestone"
MAX_JOURNAL_LENGTH = 5000
THERAPY_SOURCE = "therapy"
THERAPY_PRACTICES = {"cbt": "cbt", "emdr": "emdr", "somatic": "somatic_therapy"}
THERAPY_TYPES = (*THERAPY_PRACTICES, "other")


def set_schedule(
    session: Session, *, person: Person, instrument: str, every_days: int | None, start: date
) -> QuestionnaireSchedule:
    """Answer ``instrument`` every ``every_days`` days (None: the suggested interval) from
    ``start``, replacing its schedule."""
    key = instrument_key(instrument)
    every = RULES[key].suggested_days if every_days is None else every_days
    schedule = check_schedule(key, every, start)
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
                "start": item.start.isoformat(),
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


def log_therapy_session(
    session: Session,
    *,
    person: Person,
    therapy: str,
    day: date,
    today: date,
    minutes: float | None = None,
    note: str | None = None,
    practice: str | None = None,
) -> PracticeLog:
    """A therapy session as a practice log of the program's catalogue practice: ``cbt``,
    ``emdr`` or ``somatic_therapy``. Another kind of therapy (``other``) names the catalogue
    practice it belongs to with ``practice``."""
    kind = therapy.strip().casefold()
    if kind not in THERAPY_TYPES:
        raise InvalidEntry("type", f"{therapy!r}: choose {', '.join(THERAPY_TYPES)}")
    if kind == "other":
        if practice is None:
            raise InvalidEntry(
                "practice",
                "for another kind of therapy, name the practice of the catalogue it belongs to "
                "(its id, as the catalogue lists it)",
            )
        practice_id = catalogue().practice(practice.strip()).id
    else:
        if practice is not None and practice.strip() != THERAPY_PRACTICES[kind]:
            raise InvalidEntry(
                "practice", f"a {kind} session is logged as {THERAPY_PRACTICES[kind]}"
            )
        practice_id = THERAPY_PRACTICES[kind]
    return log_practice(
        session,
        person=person,
        practice_id=practice_id,
        day=day,
        today=today,
        minutes=minutes,
        note=note,
        source=THERAPY_SOURCE,
    )


def therapy_sessions(session: Session, *, person: Person) -> list[PracticeLog]:
    """Therapy sessions, oldest first: every log of a therapy practice, and every session
    logged as therapy."""
    return [
        log
        for log in practice_logs_of(session, person_id=person.id)
        if log.source == THERAPY_SOURCE or log.practice_id in THERAPY_PRACTICES.values()
    ]


def therapy_json(logs: Sequence[PracticeLog]) -> dict[str, Any]:
    return {
        "sessions": [
            {
                "date": log.day.isoformat(),
                "practice": log.practice_id,
                "minutes": log.minutes,
                "note": log.note,
            }
            for log in logs
        ]
    }
