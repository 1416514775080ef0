"""Imports in the background, for the web: queue an uploaded file, preview it, run it in a
thread, and let any page poll its progress.

An import queued with ``preview=True`` is first read and written in a transaction that is
rolled back (:func:`preview_import`): its report says what confirming would write, day by day,
and nothing is kept. :func:`confirm_import` then queues it to run; :func:`cancel_import`
drops it. The uploaded file is saved in the uploads directory and deleted when the import
ends (or is cancelled, or fails). While
the file is read, the progress is written to the import's row on a connection of its own, so
every app worker can show it; while rows are written (one transaction), PostgreSQL keeps
receiving progress that way, and on SQLite (one process) the progress is kept in memory.
"""

import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import ImportOptions, importer
from fibrotrack.interop.day_changes import StoredKey, compare_days
from fibrotrack.services.imports import (
    ImportPlan,
    Progress,
    ProgressListener,
    read_import,
    write_import,
)
from fibrotrack.storage import Database
from fibrotrack.storage.catalogue import definition_of, variables_of
from fibrotrack.storage.models import ImportRun, Note, Observation, Person, Variable
from fibrotrack.storage.types import utc_now

PUBLISH_EVERY_SECONDS = 0.5
_live: dict[int, Progress] = {}
_live_lock = threading.Lock()
OVER = frozenset({"done", "failed", "cancelled", "undone"})


@dataclass(frozen=True)
class ImportStatus:
    """What a page shows about an import: where it is and, when it is over, its report."""

    id: int
    file_name: str
    format: str
    status: str
    phase: str | None
    fraction: float
    report: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    created_at: datetime | None = None
    undone_at: datetime | None = None

    @property
    def waiting(self) -> bool:
        """Still being read, checked or written: a page showing it refreshes."""
        return self.status in {"previewing", "queued", "running"}


class UploadWriter:
    """An upload being saved in the uploads folder chunk by chunk, with its size and SHA-256,
    so a web server can write a large upload there as it arrives."""

    def __init__(self, uploads: Path) -> None:
        uploads.mkdir(parents=True, exist_ok=True)
        self.path = uploads / f"{uuid.uuid4().hex}.upload"
        self.file = self.path.open("wb")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.digest.update(chunk)
        self.size += len(chunk)
        self.file.write(chunk)

    def close(self) -> "SavedUpload":
        self.file.close()
        return SavedUpload(path=self.path, sha256=self.digest.hexdigest(), size=self.size)

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class SavedUpload:
    path: Path
    sha256: str
    size: int


def _check_queueing(format: str, person: Person | None, each_user: bool, preview: bool) -> None:
    importer(format)
    if person is None and not each_user:
        raise InvalidEntry("person", "choose the person to import into")
    if preview and person is None:
        raise InvalidEntry("preview", "an import that makes its own people has no preview")


def queue_import(
    session: Session,
    *,
    person: Person | None,
    format: str,
    file_name: str,
    upload: BinaryIO,
    uploads: Path,
    user: str | None = None,
    each_user: bool = False,
    mapping: dict[str, str | None] | None = None,
    preview: bool = False,
) -> ImportRun:
    """Save ``upload`` in ``uploads`` and queue its import for ``person`` (None: each of a
    research dump's people becomes a person), or with ``preview`` its preview, which waits
    for :func:`confirm_import`. Flushes; the caller commits."""
    _check_queueing(format, person, each_user, preview)
    writer = UploadWriter(uploads)
    try:
        while chunk := upload.read(1 << 20):
            writer.write(chunk)
    except BaseException:
        writer.discard()
        raise
    return queue_saved_import(
        session,
        person=person,
        format=format,
        file_name=file_name,
        saved=writer.close(),
        user=user,
        each_user=each_user,
        mapping=mapping,
        preview=preview,
    )


def queue_saved_import(
    session: Session,
    *,
    person: Person | None,
    format: str,
    file_name: str,
    saved: SavedUpload,
    user: str | None = None,
    each_user: bool = False,
    mapping: dict[str, str | None] | None = None,
    preview: bool = False,
) -> ImportRun:
    """Queue the import (or the preview) of an upload already saved in the uploads folder
    (by an :class:`UploadWriter`). Flushes; the caller commits, or deletes the upload when
    this raises ``InvalidEntry``."""
    _check_queueing(format, person, each_user, preview)
    run = ImportRun(
        person_id=person.id if person is not None else None,
        format=format,
        file_name=Path(file_name).name[:300] or "upload",
        file_sha256=saved.sha256,
        file_size=saved.size,
        status="previewing" if preview else "queued",
        upload_path=str(saved.path),
        options={"user": user, "each_user": each_user, "mapping": mapping or {}},
    )
    session.add(run)
    session.flush()
    return run


class _Publisher:
    """Receives an import's progress; keeps it in memory and, when it safely can, in the row."""

    def __init__(self, database: Database, import_id: int) -> None:
        self.database = database
        self.import_id = import_id
        self.last = 0.0

    def __call__(self, progress: Progress) -> None:
        with _live_lock:
            _live[self.import_id] = progress
        now = time.monotonic()
        if now - self.last < PUBLISH_EVERY_SECONDS:
            return
        if progress.phase != "reading" and self.database.is_sqlite:
            return
        self.last = now
        with self.database.engine.begin() as connection:
            connection.execute(
                update(ImportRun)
                .where(ImportRun.id == self.import_id)
                .values(phase=progress.phase, bytes_done=progress.bytes_done)
            )


def _options(session: Session, run: ImportRun, person: Person | None) -> ImportOptions:
    saved = run.options or {}
    known = variables_of(session, person_id=person.id) if person is not None else {}
    return ImportOptions(
        timezone=person.timezone if person is not None else "UTC",
        user=saved.get("user"),
        each_user=bool(saved.get("each_user")),
        mapping=saved.get("mapping") or {},
        known={key: definition_of(row) for key, row in known.items()},
    )


def run_import(database: Database, import_id: int) -> None:
    """Run a queued import to its end (done or failed). Does nothing if it is not queued."""
    with database.session() as session:
        claimed = session.execute(
            update(ImportRun)
            .where(ImportRun.id == import_id, ImportRun.status == "queued")
            .values(status="running", phase="reading", started_at=utc_now())
        )
        if not getattr(claimed, "rowcount", 0):
            return
        run = session.get_one(ImportRun, import_id)
        person = session.get(Person, run.person_id) if run.person_id is not None else None
        options = _options(session, run, person)
        upload, format = Path(run.upload_path or ""), run.format
    publisher = _Publisher(database, import_id)
    try:
        plan = read_import(upload, format=format, options=options, listener=publisher)
        with database.session() as session:
            run = session.get_one(ImportRun, import_id)
            person = session.get(Person, run.person_id) if run.person_id is not None else None
            write_import(session, plan=plan, person=person, listener=publisher, run=run)
            run.upload_path = None
    except InvalidEntry as problem:
        _fail(database, import_id, f"{problem.field}: {problem.message}")
    except Exception:
        _fail(database, import_id, "the import stopped on an unexpected error")
        raise
    finally:
        upload.unlink(missing_ok=True)
        with _live_lock:
            _live.pop(import_id, None)


def _stored(
    session: Session, person_id: int, first: date | None, last: date | None
) -> dict[StoredKey, float | None]:
    query = (
        select(Variable.key, Observation.day, Observation.source, Observation.value)
        .join(Variable, Variable.id == Observation.variable_id)
        .where(Observation.person_id == person_id)
    )
    if first is not None and last is not None:
        query = query.where(Observation.day.between(first, last))
    return {(key, day, source): value for key, day, source, value in session.execute(query)}


def _days_with_data(
    session: Session, person_id: int, first: date | None, last: date | None
) -> set[date]:
    days: set[date] = set()
    for column, owner in ((Observation.day, Observation.person_id), (Note.day, Note.person_id)):
        query = select(column).distinct().where(owner == person_id)
        if first is not None and last is not None:
            query = query.where(column.between(first, last))
        days.update(session.scalars(query))
    return days


def _dry_run(
    session: Session, plan: ImportPlan, person: Person, listener: ProgressListener
) -> dict[str, Any]:
    """Write ``plan`` and report what changed, day by day. The caller rolls back."""
    first, last = plan.summary.first_day, plan.summary.last_day
    before = _stored(session, person.id, first, last)
    held = _days_with_data(session, person.id, first, last)
    result = write_import(session, plan=plan, person=person, listener=listener)
    after = _stored(session, person.id, first, last)
    days = {day for who, day in plan.summary.days if who is None}
    report = result.report()
    report["day_changes"] = compare_days(days, before, after, held).as_dict()
    report["earlier"] = sorted({moment.date().isoformat() for moment in result.earlier})
    return report


def preview_import(database: Database, import_id: int) -> None:
    """Read an import queued for preview and write it in a transaction that is rolled back;
    the report it keeps says what confirming would write. Does nothing if it is not waiting
    for its preview. A file that cannot be read fails the import, naming the problem."""
    with database.session() as session:
        claimed = session.execute(
            update(ImportRun)
            .where(
                ImportRun.id == import_id,
                ImportRun.status == "previewing",
                ImportRun.started_at.is_(None),
            )
            .values(phase="reading", started_at=utc_now())
        )
        if not getattr(claimed, "rowcount", 0):
            return
        run = session.get_one(ImportRun, import_id)
        person = session.get_one(Person, run.person_id)
        options = _options(session, run, person)
        upload, format, person_id = Path(run.upload_path or ""), run.format, person.id
    publisher = _Publisher(database, import_id)
    try:
        plan = read_import(upload, format=format, options=options, listener=publisher)
        with database.sessions() as session:
            report = _dry_run(session, plan, session.get_one(Person, person_id), publisher)
            session.rollback()
        with database.session() as session:
            session.execute(
                update(ImportRun)
                .where(ImportRun.id == import_id)
                .values(status="ready", phase="ready", report=report, started_at=None)
            )
    except InvalidEntry as problem:
        upload.unlink(missing_ok=True)
        _fail(database, import_id, f"{problem.field}: {problem.message}")
    except Exception:
        upload.unlink(missing_ok=True)
        _fail(database, import_id, "the preview stopped on an unexpected error")
        raise
    finally:
        with _live_lock:
            _live.pop(import_id, None)


def _fail(database: Database, import_id: int, message: str) -> None:
    with database.session() as session:
        session.execute(
            update(ImportRun)
            .where(ImportRun.id == import_id)
            .values(status="failed", error=message, upload_path=None, finished_at=utc_now())
        )


def _in_background(
    work: Callable[[Database, int], None], database: Database, import_id: int
) -> threading.Thread:
    thread = threading.Thread(
        target=work, args=(database, import_id), name=f"import-{import_id}", daemon=True
    )
    thread.start()
    return thread


def start_import(database: Database, import_id: int) -> threading.Thread:
    """Run a queued import in a background thread of this process."""
    return _in_background(run_import, database, import_id)


def start_preview(database: Database, import_id: int) -> threading.Thread:
    """Preview an import queued for preview in a background thread of this process."""
    return _in_background(preview_import, database, import_id)


def owned_import(session: Session, import_id: int, person_id: int | None) -> ImportRun:
    """The import ``import_id`` of ``person_id`` (None: imports that made their own people),
    or ``InvalidEntry`` if there is no such import of theirs."""
    owner = ImportRun.person_id.is_(None) if person_id is None else ImportRun.person_id == person_id
    run = session.scalars(select(ImportRun).where(ImportRun.id == import_id, owner)).one_or_none()
    if run is None:
        raise InvalidEntry("import", f"there is no import {import_id} of yours")
    return run


def confirm_import(session: Session, *, import_id: int, person_id: int) -> ImportRun:
    """Queue a previewed import of ``person_id``'s to run (then :func:`start_import`)."""
    run = owned_import(session, import_id, person_id)
    if run.status != "ready":
        raise InvalidEntry("import", f"import {import_id} is {run.status}, not waiting for you")
    run.status, run.phase = "queued", None
    session.flush()
    return run


def cancel_import(session: Session, *, import_id: int, person_id: int) -> ImportRun:
    """Drop a previewed import of ``person_id``'s and its saved upload; nothing is written."""
    run = owned_import(session, import_id, person_id)
    if run.status != "ready":
        raise InvalidEntry("import", f"import {import_id} is {run.status}, not waiting for you")
    if run.upload_path:
        Path(run.upload_path).unlink(missing_ok=True)
    run.status, run.phase, run.upload_path, run.finished_at = "cancelled", None, None, utc_now()
    session.flush()
    return run


def _status_of(run: ImportRun) -> ImportStatus:
    with _live_lock:
        live = _live.get(run.id)
    if run.status in OVER or run.status == "ready":
        fraction = 1.0 if run.status in {"done", "ready", "undone"} else 0.0
        phase = run.phase
    elif live is not None:
        fraction, phase = live.fraction, live.phase
    else:
        fraction = (
            run.bytes_done / run.file_size if run.file_size and run.phase == "reading" else 0.0
        )
        phase = run.phase
    return ImportStatus(
        id=run.id,
        file_name=run.file_name,
        format=run.format,
        status=run.status,
        phase=phase,
        fraction=fraction,
        report=dict(run.report or {}),
        error=run.error,
        created_at=run.created_at,
        undone_at=run.undone_at,
    )


def import_status(session: Session, *, import_id: int, person_id: int | None) -> ImportStatus:
    """The status of one of ``person_id``'s imports (None: imports that made their own
    people), or ``InvalidEntry`` if there is no such import of theirs."""
    return _status_of(owned_import(session, import_id, person_id))


def imports_of(session: Session, *, person_id: int, limit: int = 10) -> list[ImportStatus]:
    """``person_id``'s latest imports, newest first."""
    runs = session.scalars(
        select(ImportRun)
        .where(ImportRun.person_id == person_id)
        .order_by(ImportRun.id.desc())
        .limit(limit)
    )
    return [_status_of(run) for run in runs]
