"""Imports in the background, for the web: queue an uploaded file, preview it, run it in a
thread, let any page poll its progress, and end what nobody will finish.

An import queued with ``preview=True`` is first read and written where nothing is kept
(:func:`preview_import`): its report says what confirming would write, day by day.
:func:`confirm_import` then queues it to run; :func:`cancel_import` drops it, also while it
is still being prepared. The uploaded file is saved in the uploads directory and deleted when
the import ends (or is cancelled, or fails, or is interrupted, or its preview expires).

SQLite lets one connection write at a time, and everyone else's writes (a check-in, a
sign-in) wait at most its busy timeout (10 s, ``storage.database``) before failing. So on
SQLite a preview writes into a copy of the database made for it (SQLite's backup API, which
only reads), never holding the write lock; and an import writes in transactions of about
:data:`CHUNK_RECORDS` records, each holding whole days and recording its own changes for undo,
so others wait for one chunk at most. On PostgreSQL, where writers of different rows do not
wait for each other, a preview writes in a transaction that is rolled back and an import in
one transaction. An import that stops part-way (an error, the server stopping) has what its
committed chunks wrote taken back, as undoing it would: once over, it is all or nothing.

While a preview or an import runs, a thread of its own touches its row every
:data:`HEARTBEAT_SECONDS`, and its progress is written there (every worker can show it)
except while an import's own SQLite transaction holds the write lock: that progress is kept
in this process's memory. :func:`sweep_imports`, which the web app runs at start and every
:data:`SWEEP_SECONDS`, ends as *interrupted* what has not moved for :data:`STALE_AFTER`,
expires previews nobody confirmed within :data:`PREVIEW_KEPT`, and deletes their uploads.
"""

import hashlib
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import ImportOptions, importer
from fibrotrack.interop.day_changes import StoredKey, compare_days
from fibrotrack.interop.records import Noted, Observed, Record, Skipped
from fibrotrack.services.imports import (
    ImportPlan,
    ImportResult,
    Progress,
    ProgressListener,
    read_import,
    write_import,
)
from fibrotrack.storage import Database, open_database
from fibrotrack.storage.catalogue import definition_of, variables_of
from fibrotrack.storage.models import (
    ImportChange,
    ImportRun,
    Note,
    Observation,
    Person,
    Variable,
)
from fibrotrack.storage.portable import Written
from fibrotrack.storage.types import utc_now

PUBLISH_EVERY_SECONDS = 0.5
HEARTBEAT_SECONDS = 5.0
"""How often a running preview or import touches its row, whatever it is doing."""
STALE_AFTER = timedelta(seconds=30)
"""A preview or import whose row has not moved for this long was interrupted: the process
running it stopped."""
SWEEP_SECONDS = 15.0
"""How often the web app runs :func:`sweep_imports`."""
PREVIEW_KEPT = timedelta(hours=24)
"""A preview nobody confirms or cancels expires this long after it was ready."""
ORPHAN_AFTER = timedelta(hours=1)
"""A file in the uploads folder that no import refers to (an upload cut off when the server
stopped) is deleted once it has not changed for this long."""
CHUNK_RECORDS = 10_000
"""Records a chunk of an import on SQLite holds (whole days, so a few more): about a second
of holding the write lock."""
WAITING = ("previewing", "queued", "running")
OVER = frozenset({"done", "failed", "cancelled", "undone"})
INTERRUPTED = {
    "previewing": "interrupted: the server stopped while this file was being checked; "
    "nothing was written",
    "queued": "interrupted: the server stopped before this import started; nothing was written",
    "running": "interrupted: the server stopped before this import ended; what it had written "
    "was taken back",
}
_live: dict[int, Progress] = {}
_live_lock = threading.Lock()


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


class _Stopped(Exception):
    """The import's row left the status its job runs in (cancelled, or marked interrupted):
    the job ends without touching it."""


class _Job:
    """A preview or an import running in this thread (``status``: previewing or running), as
    its row sees it. It is the progress listener: the progress is kept in memory and, every
    ``PUBLISH_EVERY_SECONDS`` unless ``quiet`` (an import's own SQLite transaction holds the
    write lock), written to the row. A thread of its own touches the row every
    ``HEARTBEAT_SECONDS``. Once the row has left ``status``, the next progress raises
    ``_Stopped``."""

    def __init__(self, database: Database, import_id: int, status: str) -> None:
        self.database = database
        self.import_id = import_id
        self.status = status
        self.quiet = False
        self.last = 0.0
        self.stopped = threading.Event()
        self.over = threading.Event()
        self.heart = threading.Thread(
            target=self._beat, name=f"import-{import_id}-heartbeat", daemon=True
        )

    def __enter__(self) -> "_Job":
        self.heart.start()
        return self

    def __exit__(self, *_exception: object) -> None:
        self.over.set()
        self.heart.join()
        with _live_lock:
            _live.pop(self.import_id, None)

    def touch(self, **values: Any) -> None:
        """Touch the row (and set ``values``) if it is still in the job's status."""
        with self.database.engine.begin() as connection:
            touched = connection.execute(
                update(ImportRun)
                .where(ImportRun.id == self.import_id, ImportRun.status == self.status)
                .values(updated_at=utc_now(), **values)
            )
        if not touched.rowcount:
            self.stopped.set()

    def _beat(self) -> None:
        while not self.over.wait(HEARTBEAT_SECONDS):
            with suppress(OperationalError):  # SQLite: the import's own chunk holds the lock
                self.touch()

    def __call__(self, progress: Progress) -> None:
        if self.stopped.is_set():
            raise _Stopped
        with _live_lock:
            _live[self.import_id] = progress
        now = time.monotonic()
        if self.quiet or now - self.last < PUBLISH_EVERY_SECONDS:
            return
        self.last = now
        self.touch(phase=progress.phase, bytes_done=progress.bytes_done)


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


def _chunks(plan: ImportPlan) -> list[list[Record]] | None:
    """The plan's records in chunks of about ``CHUNK_RECORDS``, each holding every record of
    its days (so no stored row is written by two chunks), in the file's order within a day;
    None when they must be written together: fibrotrack JSON's rows refer to each other by
    their place in the file, a research dump's records to the people it names first, and a
    file too large to keep in memory is read again as it is written."""
    if plan.records is None:
        return None
    days: dict[date, list[Record]] = {}
    for record in plan.records:
        if isinstance(record, Observed | Noted) and record.person is None:
            days.setdefault(record.day, []).append(record)
        elif isinstance(record, Skipped):
            days.setdefault(date.min, []).append(record)
        else:
            return None
    chunks: list[list[Record]] = []
    for day in sorted(days):
        if not chunks or len(chunks[-1]) >= CHUNK_RECORDS:
            chunks.append([])
        chunks[-1].extend(days[day])
    return chunks


def _counted_from(listener: ProgressListener, before: int, size: int) -> ProgressListener:
    """``listener``, told a chunk's progress (``size`` records) as the whole import's, of
    which ``before`` records were written by earlier chunks."""

    def listen(progress: Progress) -> None:
        listener(replace(progress, records_done=before + min(progress.records_done, size)))

    return listen


def _merged(plan: ImportPlan, results: list[ImportResult]) -> ImportResult:
    """What the chunks of one import wrote and skipped, as one result."""
    merged = ImportResult(plan=plan, earlier=results[0].earlier)
    for result in results:
        merged.skipped.extend(result.skipped)
        merged.people_created += result.people_created
        for table, counts in result.written.items():
            merged.written.setdefault(table, Written()).add(counts)
    return merged


def _write(database: Database, import_id: int, plan: ImportPlan, job: _Job) -> None:
    """Write a running import's ``plan``: on SQLite in committed chunks, else in one
    transaction. Only a sweep gives a running import an error (marking it interrupted and
    taking back its chunks): a chunk that finds one, once it holds the lock, is rolled back."""
    with database.session() as session:
        person_id = session.get_one(ImportRun, import_id).person_id
    chunks = _chunks(plan) if database.is_sqlite and person_id is not None else None
    parts: list[tuple[ImportPlan, ProgressListener]] = [(plan, job)]
    if chunks is not None:
        starts = accumulate((len(chunk) for chunk in chunks), initial=0)
        parts = [
            (replace(plan, records=chunk), _counted_from(job, start, len(chunk)))
            for chunk, start in zip(chunks, starts, strict=False)
        ]
    job.quiet = database.is_sqlite
    results: list[ImportResult] = []
    for number, (part, listener) in enumerate(parts, start=1):
        with database.session() as session:
            run = session.get_one(ImportRun, import_id)
            person = session.get(Person, person_id) if person_id is not None else None
            results.append(
                write_import(session, plan=part, person=person, listener=listener, run=run)
            )
            if session.scalar(select(ImportRun.error).where(ImportRun.id == import_id)):
                raise _Stopped
            run.report = _merged(plan, results).report()
            if number < len(parts):
                run.status, run.phase, run.finished_at = "running", "writing", None
            else:
                run.upload_path = None


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
    with _Job(database, import_id, "running") as job:
        try:
            plan = read_import(upload, format=format, options=options, listener=job)
            _write(database, import_id, plan, job)
        except _Stopped:
            pass  # marked interrupted by a sweep, which took back what it had written
        except InvalidEntry as problem:
            _fail(database, import_id, f"{problem.field}: {problem.message}")
        except Exception:
            _fail(database, import_id, "the import stopped on an unexpected error")
            raise
        finally:
            _delete_upload(upload)


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
    """Write ``plan`` and report what changed, day by day. Nothing of it may be kept."""
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


def _copy_path(upload: Path) -> Path:
    """Where the preview of ``upload`` copies a SQLite database: beside it, named after it."""
    return upload.with_suffix(".preview.sqlite")


@contextmanager
def _scratch(database: Database, upload: Path) -> Iterator[Database]:
    """Where the preview of ``upload`` writes: on PostgreSQL the database itself (the
    preview's session is never committed); on SQLite a copy of it, made with SQLite's backup
    API (a read: everyone else keeps writing meanwhile) and deleted when the block ends."""
    if not database.is_sqlite:
        yield database
        return
    path = _copy_path(upload)
    target = sqlite3.connect(path)
    try:
        source = database.engine.raw_connection()
        try:
            assert isinstance(source.driver_connection, sqlite3.Connection)
            source.driver_connection.backup(target)
        finally:
            source.close()
    finally:
        target.close()
    copy = open_database(f"sqlite:///{path}")
    try:
        yield copy
    finally:
        copy.dispose()
        _delete_files(path.parent, path.name)


def preview_import(database: Database, import_id: int) -> None:
    """Read an import queued for preview and write it where nothing is kept (a copy of a
    SQLite database, a rolled-back PostgreSQL transaction); the report it keeps says what
    confirming would write. Does nothing if it is not waiting for its preview. A file that
    cannot be read fails the import, naming the problem."""
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
    with _Job(database, import_id, "previewing") as job:
        try:
            plan = read_import(upload, format=format, options=options, listener=job)
            with _scratch(database, upload) as scratch, scratch.sessions() as session:
                report = _dry_run(session, plan, session.get_one(Person, person_id), job)
            with database.session() as session:
                session.execute(
                    update(ImportRun)
                    .where(ImportRun.id == import_id, ImportRun.status == "previewing")
                    .values(status="ready", phase="ready", report=report, started_at=None)
                )
        except _Stopped:
            pass  # cancelled, or marked interrupted: the upload is deleted already
        except InvalidEntry as problem:
            _delete_upload(upload)
            _fail(database, import_id, f"{problem.field}: {problem.message}")
        except Exception:
            _delete_upload(upload)
            _fail(database, import_id, "the preview stopped on an unexpected error")
            raise


def _take_back(session: Session, run: ImportRun) -> None:
    """Undo what the committed chunks of ``run``, an import that did not end, wrote, as undoing
    a finished import does (a value changed since is kept; its report's ``undo`` says what was
    done), then drop its records: a failed import brought nothing, so later undos ignore it."""
    # import_undo uses owned_import from this module, so it is imported here, not above.
    from fibrotrack.services.import_undo import undo_import

    assert run.person_id is not None
    run.status = "done"
    session.flush()
    undo_import(session, import_id=run.id, person_id=run.person_id, now=utc_now())
    run.status, run.changes_recorded = "failed", False
    session.execute(delete(ImportChange).where(ImportChange.import_id == run.id))


def _fail(
    database: Database,
    import_id: int,
    message: str,
    *,
    phase: str | None = None,
    still_before: datetime | None = None,
) -> bool:
    """Mark the import failed with ``message`` (and ``phase``) unless it is over already, and
    take back what its committed chunks wrote; with ``still_before``, only if its row has not
    moved since then. True when it did."""
    with database.session() as session:
        query = update(ImportRun).where(ImportRun.id == import_id, ImportRun.status.in_(WAITING))
        if still_before is not None:
            query = query.where(ImportRun.updated_at < still_before)
        values: dict[str, Any] = {
            "status": "failed",
            "error": message,
            "upload_path": None,
            "finished_at": utc_now(),
        }
        if phase is not None:
            values["phase"] = phase
        if not getattr(session.execute(query.values(values)), "rowcount", 0):
            return False
        run = session.get_one(ImportRun, import_id)
        if run.changes_recorded:
            _take_back(session, run)
    return True


def _delete_files(folder: Path, prefix: str) -> None:
    for path in folder.glob(f"{prefix}*"):
        path.unlink(missing_ok=True)


def _delete_upload(upload: Path) -> None:
    """Delete an upload, and the copy its preview made if the preview's process stopped."""
    upload.unlink(missing_ok=True)
    _delete_files(upload.parent, _copy_path(upload).name)


def _expire(database: Database, import_id: int, ready_before: datetime) -> bool:
    with database.session() as session:
        expired = session.execute(
            update(ImportRun)
            .where(
                ImportRun.id == import_id,
                ImportRun.status == "ready",
                ImportRun.updated_at < ready_before,
            )
            .values(status="cancelled", phase="expired", upload_path=None, finished_at=utc_now())
        )
        return bool(getattr(expired, "rowcount", 0))


def _delete_orphans(database: Database, uploads: Path, now: datetime) -> None:
    """Delete the files in ``uploads`` that no import refers to and that have not changed for
    ``ORPHAN_AFTER`` (an upload still arriving changes as it does)."""
    if not uploads.is_dir():
        return
    with database.session() as session:
        paths = session.scalars(
            select(ImportRun.upload_path).where(ImportRun.upload_path.is_not(None))
        )
        kept = {Path(path).stem for path in paths if path}
    oldest = (now - ORPHAN_AFTER).timestamp()
    for path in uploads.iterdir():
        with suppress(FileNotFoundError):
            if path.name.split(".")[0] not in kept and path.stat().st_mtime < oldest:
                path.unlink()


def sweep_imports(database: Database, *, uploads: Path, now: datetime) -> list[int]:
    """End what nobody will finish and delete what nobody needs: mark failed, as
    *interrupted*, every preview or import whose row has not moved for ``STALE_AFTER`` (the
    process running it stopped; what an import had written is taken back), cancel as
    *expired* every preview nobody confirmed within ``PREVIEW_KEPT``, delete their uploads,
    and delete the files in ``uploads`` no import refers to (``ORPHAN_AFTER``). Returns the
    ids of the imports it ended. The web app runs it at start and every ``SWEEP_SECONDS``."""
    stale, unconfirmed = now - STALE_AFTER, now - PREVIEW_KEPT
    with database.session() as session:
        found = session.execute(
            select(ImportRun.id, ImportRun.status, ImportRun.upload_path).where(
                or_(
                    and_(ImportRun.status.in_(WAITING), ImportRun.updated_at < stale),
                    and_(ImportRun.status == "ready", ImportRun.updated_at < unconfirmed),
                )
            )
        ).all()
    ended: list[int] = []
    for import_id, status, upload in found:
        try:
            if status == "ready":
                over = _expire(database, import_id, unconfirmed)
            else:
                message = INTERRUPTED[status]
                over = _fail(database, import_id, message, phase="interrupted", still_before=stale)
        except OperationalError:
            continue  # SQLite: an import's transaction holds the write lock; sweep again later
        if over:
            ended.append(import_id)
            if upload:
                _delete_upload(Path(upload))
    _delete_orphans(database, uploads, now)
    return ended


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
    """Drop a preview of ``person_id``'s, ready or still being prepared (its thread, if it
    still runs, stops at its next progress), and delete its upload; nothing is written."""
    run = owned_import(session, import_id, person_id)
    if run.status not in {"ready", "previewing"}:
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


def imports_of(session: Session, *, person_id: int, latest: int = 10) -> list[ImportStatus]:
    """``person_id``'s imports, newest first: the ``latest`` ones, and every earlier one but
    those that failed or were cancelled (so an import that can be undone is always there)."""
    recent = (
        select(ImportRun.id)
        .where(ImportRun.person_id == person_id)
        .order_by(ImportRun.id.desc())
        .limit(latest)
    )
    runs = session.scalars(
        select(ImportRun)
        .where(
            ImportRun.person_id == person_id,
            or_(ImportRun.id.in_(recent), ImportRun.status.not_in(("failed", "cancelled"))),
        )
        .order_by(ImportRun.id.desc())
    )
    return [_status_of(run) for run in runs]
