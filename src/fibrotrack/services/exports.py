"""Exporting a person's data in any registered format."""

from datetime import date
from typing import BinaryIO

from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import Snapshot, exporter
from fibrotrack.storage.models import Person
from fibrotrack.storage.portable import dump_person


def snapshot_of(
    session: Session, *, person: Person, start: date | None = None, end: date | None = None
) -> Snapshot:
    """Everything of ``person`` (dated rows within [start, end]) as plain values."""
    if start is not None and end is not None and start > end:
        raise InvalidEntry("from", f"{start} is after the end date {end}")
    return Snapshot(
        name=person.name,
        timezone=person.timezone,
        created_at=person.created_at.isoformat() if person.created_at else None,
        tables=dump_person(session, person_id=person.id, start=start, end=end),
        start=start,
        end=end,
    )


def export_person(
    session: Session,
    *,
    person: Person,
    format: str,
    out: BinaryIO,
    start: date | None = None,
    end: date | None = None,
) -> None:
    """Write ``person``'s data as ``format`` to ``out``."""
    chosen = exporter(format)
    chosen.write(snapshot_of(session, person=person, start=start, end=end), out)
