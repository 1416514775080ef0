"""Erasing everything of a person: every row in every table, the files of their queued
imports, and on SQLite the space the rows occupied."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from fibrotrack.storage import Database
from fibrotrack.storage.models import ImportRun, Note, Observation, Person
from fibrotrack.storage.portable import erase_person


@dataclass(frozen=True)
class WhatWillGo:
    """What erasing a person removes, to show before asking for confirmation."""

    person_id: int
    name: str | None
    days: int
    observations: int
    notes: int


def what_will_go(session: Session, *, person: Person) -> WhatWillGo:
    days = session.scalar(
        select(func.count(func.distinct(Observation.day))).where(Observation.person_id == person.id)
    )
    observations = session.scalar(
        select(func.count()).select_from(Observation).where(Observation.person_id == person.id)
    )
    notes = session.scalar(
        select(func.count()).select_from(Note).where(Note.person_id == person.id)
    )
    return WhatWillGo(
        person_id=person.id,
        name=person.name,
        days=days or 0,
        observations=observations or 0,
        notes=notes or 0,
    )


def erase_everything_of(session: Session, *, person_id: int) -> dict[str, int]:
    """Delete every row of the person in every table, and the uploads of their imports.

    On SQLite, deleted content is overwritten (``secure_delete``); call
    :func:`reclaim_space` after the commit so it does not linger in free pages or the WAL.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))
    uploads = session.scalars(
        select(ImportRun.upload_path).where(
            ImportRun.person_id == person_id, ImportRun.upload_path.is_not(None)
        )
    ).all()
    counts = erase_person(session, person_id=person_id)
    session.flush()
    for upload in uploads:
        if upload:
            Path(upload).unlink(missing_ok=True)
    return counts


def reclaim_space(database: Database) -> None:
    """On SQLite, rebuild the file and empty the write-ahead log so erased rows are gone
    from disk too. PostgreSQL reclaims space with its own vacuum."""
    if not database.is_sqlite:
        return
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.commit()
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
