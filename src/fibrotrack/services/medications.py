"""Medications and supplements as interventions: name, dose, start and stop dates."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, check_day, check_text
from fibrotrack.storage.models import Intervention, Person

KINDS = ("medication", "supplement")
MAX_TEXT = 200
MAX_NOTE = 2000


def add_medication(
    session: Session,
    *,
    person: Person,
    name: str,
    kind: str,
    start: date,
    today: date,
    dose: str | None = None,
    note: str | None = None,
) -> Intervention:
    """Record a medication or supplement the person started (recording only; fibrotrack never
    suggests one or its dose)."""
    check_day(start, today, "start")
    clean = name.strip()
    if not clean:
        raise InvalidEntry("name", "is required")
    if len(clean) > MAX_TEXT or (dose is not None and len(dose) > MAX_TEXT):
        raise InvalidEntry(
            "name" if len(clean) > MAX_TEXT else "dose", f"is longer than {MAX_TEXT} characters"
        )
    if note is not None:
        check_text("note", note, MAX_NOTE)
    if kind not in KINDS:
        raise InvalidEntry("kind", f"{kind!r}: choose {' or '.join(KINDS)}")
    for existing in medications(session, person=person):
        if existing.name.casefold() == clean.casefold() and existing.end_day is None:
            raise InvalidEntry(
                "name", f"{existing.name} is already being taken since {existing.start_day}"
            )
    row = Intervention(
        person_id=person.id,
        kind=kind,
        name=clean,
        start_day=start,
        dose=(dose or "").strip() or None,
        note=(note or "").strip() or None,
        details={},
    )
    session.add(row)
    session.flush()
    return row


def medications(session: Session, *, person: Person) -> list[Intervention]:
    """The person's medications and supplements, by start date."""
    return list(
        session.scalars(
            select(Intervention)
            .where(Intervention.person_id == person.id, Intervention.kind.in_(KINDS))
            .order_by(Intervention.start_day, Intervention.id)
        )
    )


def stop_medication(
    session: Session, *, person: Person, name: str | int, end: date, today: date
) -> Intervention:
    """Record the day a medication or supplement was stopped: ``name`` is its name or id as
    typed (the command line), or its id as a number (the web form's address)."""
    check_day(end, today)
    running = [row for row in medications(session, person=person) if row.end_day is None]
    if isinstance(name, int):
        found = [row for row in running if row.id == name]
    else:
        wanted = name.strip()
        found = [
            row
            for row in running
            if row.name.casefold() == wanted.casefold() or str(row.id) == wanted
        ]
    if not found:
        names = ", ".join(row.name for row in running) or "none"
        missing = (
            f"nothing with id {name} is being taken"
            if isinstance(name, int)
            else f"{name!r} is not being taken"
        )
        raise InvalidEntry("name", f"{missing} (being taken: {names})")
    row = found[0]
    if end < row.start_day:
        raise InvalidEntry("date", f"{end} is before it was started ({row.start_day})")
    row.end_day = end
    session.flush()
    return row


def find_medication(session: Session, *, person: Person, name: str | int) -> Intervention:
    """One of the person's medications or supplements, running or stopped, by its id, or by
    its name as typed (the latest entry of that name); ``InvalidEntry`` for any other."""
    rows = medications(session, person=person)
    if isinstance(name, int):
        found = [row for row in rows if row.id == name]
    else:
        wanted = name.strip()
        found = [
            row for row in rows if row.name.casefold() == wanted.casefold() or str(row.id) == wanted
        ]
    if not found:
        recorded = ", ".join(sorted({row.name for row in rows})) or "none"
        raise InvalidEntry(
            "medication", f"no medication or supplement {name!r} (recorded: {recorded})"
        )
    return found[-1]


def resume_medication(session: Session, *, person: Person, name: str | int) -> Intervention:
    """Take back a stop recorded by mistake: the entry is running again, with no last day."""
    row = find_medication(session, person=person, name=name)
    if row.end_day is None:
        raise InvalidEntry("medication", f"{row.name} is not recorded as stopped")
    for other in medications(session, person=person):
        if other.end_day is None and other.name.casefold() == row.name.casefold():
            raise InvalidEntry(
                "medication", f"{other.name} is being taken again since {other.start_day}"
            )
    row.end_day = None
    session.flush()
    return row


def delete_medication(session: Session, *, person: Person, name: str | int) -> Intervention:
    """Delete an entry recorded by mistake, with the effect estimates made of it."""
    row = find_medication(session, person=person, name=name)
    session.delete(row)
    session.flush()
    return row


def medications_json(rows: Sequence[Intervention]) -> dict[str, Any]:
    return {
        "medications": [
            {
                "id": row.id,
                "name": row.name,
                "kind": row.kind,
                "dose": row.dose,
                "start": row.start_day.isoformat(),
                "stop": None if row.end_day is None else row.end_day.isoformat(),
                "note": row.note,
            }
            for row in rows
        ]
    }
