"""Importing a file: read it into records (the preview), then write them in one transaction.

Reading never touches the database; it skips every record dated in the person's future or
before 1900, whatever the format. Writing checks every value against the variable it is
stored under, creates the person's own variables as needed, and writes without duplicates:
an observation is one value per variable, day and source, so importing the same file again
changes nothing, and a later export of the same app overwrites the days it repeats. The
caller's transaction holds everything: an error or an interruption leaves nothing behind.
"""

import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Column, Table, func, select, update
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, check_day, check_value, local_today, zone
from fibrotrack.interop import Importer, ImportOptions, ImportSummary, importer
from fibrotrack.interop.records import Noted, Observed, PersonProfile, Record, Row, Skipped
from fibrotrack.services.people import create_person
from fibrotrack.storage.catalogue import definition_of, ensure_person_variable, variables_of
from fibrotrack.storage.models import Base, ImportedPerson, ImportRun, Person, Variable
from fibrotrack.storage.portable import (
    Refer,
    TableWriter,
    Written,
    exported_tables,
    self_references,
    stored_row,
)
from fibrotrack.storage.provenance import ChangeLog, save_changes
from fibrotrack.storage.types import utc_now

RETAINED_RECORDS = 1_000_000
BATCH = 5_000
# What a fibrotrack export's person gives an empty diary (``_Writer._take_profile``).
PROFILE_COLUMNS = ("name", "timezone", "created_at")
# The tables of fibrotrack JSON whose rows are days of the diary, dated like other formats'
# records. Other tables' dates may lie ahead (a plan's stop day, an experiment's schedule).
DIARY_TABLES = ("observations", "notes")


@dataclass
class Progress:
    """How far an import is: bytes of the file read, then records written."""

    phase: str = "reading"
    bytes_done: int = 0
    bytes_total: int = 0
    records_done: int = 0
    records_total: int = 0

    @property
    def fraction(self) -> float:
        if self.phase == "reading":
            return self.bytes_done / self.bytes_total if self.bytes_total else 0.0
        return self.records_done / self.records_total if self.records_total else 1.0


ProgressListener = Callable[[Progress], None]


class _CountingReader(io.RawIOBase):
    """A binary file that tells a listener how many bytes have been read."""

    def __init__(self, raw: BinaryIO, progress: Progress, listener: ProgressListener | None):
        self.raw = raw
        self.progress = progress
        self.listener = listener

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self.raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        position = self.raw.tell() if self.raw.seekable() else self.progress.bytes_done + count
        self.progress.bytes_done = max(self.progress.bytes_done, position)
        if self.listener is not None:
            self.listener(self.progress)
        return count


def _dated(record: Record, today: date) -> Record:
    """``record``, or what skips it when it is dated after ``today`` (the person's local date)
    or before 1900, naming what it holds and where."""
    if isinstance(record, Observed | Noted):
        day, line = record.day, record.line or 0
        where = record.variable.key if isinstance(record, Observed) else "note"
    elif isinstance(record, Row) and record.table in DIARY_TABLES:
        try:
            day = date.fromisoformat(record.values.get("day"))
        except (TypeError, ValueError):
            return record  # refused with the whole file when it is written
        line, where = 0, f"tables.{record.table}[{record.line}].day"
    else:
        return record
    try:
        check_day(day, today, where)
    except InvalidEntry as problem:
        return Skipped(line, f"{problem.field}: {problem.message}")
    return record


@dataclass
class ImportPlan:
    """A file read and summarised, ready to be written (or shown as a preview)."""

    importer: Importer
    options: ImportOptions
    path: Path
    summary: ImportSummary
    sha256: str
    size: int
    records: list[Record] | None
    today: date

    def all_records(self) -> Iterator[Record]:
        """The records again: kept from reading, or read once more for a very large file."""
        if self.records is not None:
            yield from self.records
            return
        with self.path.open("rb") as raw:
            stream = io.BufferedReader(_CountingReader(raw, Progress(), None))
            for record in self.importer.read(stream, self.options):
                yield _dated(record, self.today)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_import(
    path: Path,
    *,
    format: str,
    options: ImportOptions,
    listener: ProgressListener | None = None,
) -> ImportPlan:
    """Read ``path`` as ``format`` into an :class:`ImportPlan`. Nothing is written.

    Raises ``InvalidEntry`` naming the line or element when the file cannot be read.
    """
    chosen = importer(format)
    today = local_today(options.timezone, utc_now())
    if not path.is_file():
        raise InvalidEntry("file", f"{path} is not a file")
    size = path.stat().st_size
    progress = Progress(bytes_total=size)
    summary = ImportSummary()
    records: list[Record] | None = []
    with path.open("rb") as raw:
        stream = io.BufferedReader(_CountingReader(raw, progress, listener), 1 << 20)
        for read in chosen.read(stream, options):
            record = _dated(read, today)
            summary.add(record)
            if records is not None:
                records.append(record)
                if len(records) > RETAINED_RECORDS:
                    records = None
    progress.bytes_done = size
    if listener is not None:
        listener(progress)
    if not summary.observations and not summary.notes and not summary.rows:
        reason = (
            f"; {summary.skipped[0].reason} (line {summary.skipped[0].line})"
            if (summary.skipped)
            else ""
        )
        raise InvalidEntry("file", f"holds nothing to import{reason}")
    return ImportPlan(
        importer=chosen,
        options=options,
        path=path,
        summary=summary,
        sha256=_sha256(path),
        size=size,
        records=records,
        today=today,
    )


@dataclass
class ImportResult:
    """What an import wrote, per table, and what it skipped."""

    plan: ImportPlan
    written: dict[str, Written] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    people_created: int = 0
    earlier: list[datetime] = field(default_factory=list)
    import_id: int | None = None

    def report(self) -> dict[str, Any]:
        summary = self.plan.summary.as_dict()
        skipped = [{"line": item.line, "reason": item.reason} for item in self.skipped]
        summary["skipped"] = (summary["skipped"] + skipped)[:1000]
        summary["skipped_total"] += len(self.skipped)
        summary["written"] = {
            table: {"new": counts.new, "updated": counts.updated, "unchanged": counts.unchanged}
            for table, counts in sorted(self.written.items())
        }
        summary["people_created"] = self.people_created
        return summary


def _holds_data(session: Session, person_id: int) -> bool:
    for table in exported_tables():
        column = table.c["person_id"]
        if session.scalar(select(func.count()).select_from(table).where(column == person_id)):
            return True
    return False


def _variable_ids(known: dict[str, Variable]) -> Callable[[str, str], int]:
    def variable_id(key: str, where: str) -> int:
        variable = known.get(key)
        if variable is None:
            raise InvalidEntry(where, f"there is no variable {key[:40]!r}")
        return variable.id

    return variable_id


def _position(value: Any, count: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count:
        raise InvalidEntry(where, f"refers to row {str(value)[:20]}, which the file does not hold")
    return value


def _references(keys: dict[str, list[Any]]) -> Refer:
    """Turns a reference to another table's row (its position in the file) into its id."""

    def refer(column: Column[Any], value: Any, where: str) -> Any:
        target = next(iter(column.foreign_keys)).column.table.name
        known = keys.get(target, [])
        return known[_position(value, len(known), where)]

    return refer


class _Writer:
    """Turns records into rows of the right person and table, in batches."""

    def __init__(self, session: Session, plan: ImportPlan, person: Person | None) -> None:
        self.session = session
        self.plan = plan
        self.person = person
        self.source = plan.importer.source
        self.result = ImportResult(plan=plan)
        self.people: dict[str, Person] = {}
        self.new_people: set[int] = set()
        self.variables: dict[int, dict[str, Variable]] = {}
        self.writers: dict[tuple[int, str], TableWriter] = {}
        self.pending: dict[tuple[int, str], list[dict[str, Any]]] = {}
        self.rows: dict[str, list[Row]] = {}
        self.count = 0
        self.changes = ChangeLog() if person is not None else None

    def _person(self, key: str | None) -> Person:
        if key is None:
            if self.person is None:
                raise InvalidEntry("person", "choose the person to import into")
            return self.person
        person = self.people.get(key)
        if person is None:
            raise InvalidEntry("person", f"the file names no person {key[:40]!r} before using it")
        return person

    def profile(self, profile: PersonProfile) -> None:
        if profile.key is None:
            person = self._person(None)
            if not _holds_data(self.session, person.id):
                self._take_profile(person, profile)
            return
        link = self.session.scalars(
            select(ImportedPerson).where(
                ImportedPerson.source == self.source, ImportedPerson.external_id == profile.key
            )
        ).one_or_none()
        if link is not None:
            self.people[profile.key] = self.session.get_one(Person, link.person_id)
            return
        person = create_person(
            self.session,
            name=(profile.name or profile.key)[:200],
            timezone=profile.timezone or self.plan.options.timezone,
        )
        self.session.add(
            ImportedPerson(person_id=person.id, source=self.source, external_id=profile.key)
        )
        self.people[profile.key] = person
        self.new_people.add(person.id)
        self.result.people_created += 1

    def _take_profile(self, person: Person, profile: PersonProfile) -> None:
        """An empty diary takes the name, time zone and first day of the file's person; what
        changed is recorded, so undoing the import gives the earlier ones back."""
        before = {name: getattr(person, name) for name in PROFILE_COLUMNS}
        if profile.name:
            person.name = profile.name[:200]
        if profile.timezone:
            zone(profile.timezone)
            person.timezone = profile.timezone
        if profile.created_at is not None:
            person.created_at = profile.created_at
        written = {
            name: getattr(person, name)
            for name in PROFILE_COLUMNS
            if getattr(person, name) != before[name]
        }
        if written and self.changes is not None:
            previous = {name: before[name] for name in written}
            self.changes.updated(Person.__table__, person.id, previous, written)

    def _variable(self, person: Person, observed: Observed) -> Variable:
        known = self.variables.get(person.id)
        if known is None:
            known = self.variables[person.id] = variables_of(self.session, person_id=person.id)
        variable = known.get(observed.variable.key)
        if variable is None:
            variable = ensure_person_variable(
                self.session, person_id=person.id, definition=observed.variable
            )
            known[variable.key] = variable
            if self.changes is not None:
                self.changes.inserted(
                    Base.metadata.tables["variables"], variable.id, {"key": variable.key}
                )
        return variable

    def _queue(self, person_id: int, table: str, row: dict[str, Any]) -> None:
        self.pending.setdefault((person_id, table), []).append(row)
        self.count += 1
        if self.count % BATCH == 0:
            self.flush()

    def observed(self, observed: Observed) -> None:
        person = self._person(observed.person)
        variable = self._variable(person, observed)
        if observed.value is not None:
            try:
                check_value(definition_of(variable), observed.value)
            except InvalidEntry as problem:
                self.result.skipped.append(
                    Skipped(observed.line or 0, f"{variable.key}: {problem.message}")
                )
                return
        row: dict[str, Any] = {
            "variable_id": variable.id,
            "day": observed.day,
            "source": observed.source or self.source,
            "value": observed.value,
            "raw_value": observed.raw,
        }
        if observed.recorded_at is not None:
            row["recorded_at"] = observed.recorded_at
        self._queue(person.id, "observations", row)

    def noted(self, noted: Noted) -> None:
        person = self._person(noted.person)
        row = {
            "day": noted.day,
            "kind": noted.kind,
            "source": noted.source or self.source,
            "text": noted.text,
        }
        self._queue(person.id, "notes", row)

    def flush(self) -> None:
        for (person_id, name), rows in self.pending.items():
            if not rows:
                continue
            writer = self.writers.get((person_id, name))
            if writer is None:
                writer = self.writers[(person_id, name)] = TableWriter(
                    self.session,
                    Base.metadata.tables[name],
                    person_id,
                    person_is_new=person_id in self.new_people,
                    changes=self.changes,
                )
            written, _ = writer.write(rows)
            self.result.written.setdefault(name, Written()).add(written)
        self.pending = {}

    def restore_rows(self) -> None:
        """Rows of fibrotrack JSON, table by table in an order where references resolve."""
        if not self.rows:
            return
        person = self._person(None)
        tables = {table.name: table for table in exported_tables()}
        for name in self.rows:
            if name not in tables:
                count = len(self.rows[name])
                self.result.skipped.append(
                    Skipped(
                        0,
                        f"table {name!r} is not known to this fibrotrack; its {count} "
                        "rows are not imported",
                    )
                )
        keys: dict[str, list[Any]] = {}
        for name, table in tables.items():
            known = variables_of(self.session, person_id=person.id)
            variable_id = _variable_ids(known)
            refer = _references(keys)
            # Rows of the diary's tables may be left out (dated out of range, or a value its
            # variable does not allow); no row refers to one, so the positions that rows of
            # other tables refer to stay those of the file.
            rows: list[Row] = []
            stored: list[dict[str, Any]] = []
            for row in self.rows.get(name, []):
                where = f"tables.{name}[{row.line}]"
                values = stored_row(table, row.values, where, variable_id, refer)
                if self._allowed(row, values, known):
                    rows.append(row)
                    stored.append(values)
            writer = TableWriter(self.session, table, person.id, changes=self.changes)
            written, keys[name] = writer.write(stored)
            self.result.written.setdefault(name, Written()).add(written)
            self._refer_within(table, rows, keys[name])
            self.session.flush()
            self.session.expire_all()

    def _allowed(self, row: Row, values: dict[str, Any], known: dict[str, Variable]) -> bool:
        """Whether ``row`` (stored as ``values``) holds no observation's value its variable
        does not allow; such a row is skipped, naming its element, as an observation of
        another format is."""
        value = values.get("value")
        if row.table != "observations" or value is None:
            return True
        try:
            check_value(definition_of(known[row.values["variable"]]), value)
        except InvalidEntry as problem:
            where = f"tables.{row.table}[{row.line}].value"
            self.result.skipped.append(Skipped(0, f"{where}: {problem.field} {problem.message}"))
            return False
        return True

    def _refer_within(self, table: Table, rows: list[Row], keys: list[Any]) -> None:
        """Set the references of ``rows`` to rows of their own table, now all have ids."""
        for column in self_references(table):
            key = table.c[next(iter(table.primary_key.columns.keys()))]
            for position, row in enumerate(rows):
                value = row.values.get(column)
                if value is None:
                    continue
                where = f"tables.{table.name}[{row.line}].{column}"
                target = _position(value, len(keys), where)
                self.session.execute(
                    update(table).where(key == keys[position]).values({column: keys[target]})
                )

    def write(self, records: Iterable[Record], listener: ProgressListener | None) -> None:
        progress = Progress(phase="writing", records_total=self._total())
        for record in records:
            if isinstance(record, Observed):
                self.observed(record)
            elif isinstance(record, Noted):
                self.noted(record)
            elif isinstance(record, Row):
                self.rows.setdefault(record.table, []).append(record)
            elif isinstance(record, PersonProfile):
                self.profile(record)
            progress.records_done += 1
            if listener is not None and progress.records_done % 1000 == 0:
                listener(progress)
        self.flush()
        self.restore_rows()
        if listener is not None:
            progress.records_done = progress.records_total
            listener(progress)

    def _total(self) -> int:
        summary = self.plan.summary
        return (
            summary.observations
            + summary.notes
            + sum(summary.rows.values())
            + summary.skipped_total
            + len(summary.people)
        )


def write_import(
    session: Session,
    *,
    plan: ImportPlan,
    person: Person | None,
    listener: ProgressListener | None = None,
    run: ImportRun | None = None,
) -> ImportResult:
    """Write ``plan`` for ``person`` (None when each of the file's people becomes a person) and
    record the import. Flushes, never commits: the caller's transaction holds it all."""
    writer = _Writer(session, plan, person)
    writer.write(plan.all_records(), listener)
    result = writer.result
    earlier = select(ImportRun.finished_at).where(
        ImportRun.file_sha256 == plan.sha256,
        ImportRun.status == "done",
        ImportRun.format == plan.importer.name,
        ImportRun.person_id.is_(None) if person is None else ImportRun.person_id == person.id,
    )
    result.earlier = [moment for moment in session.scalars(earlier) if moment is not None]
    if run is None:
        run = ImportRun(
            person_id=person.id if person is not None else None,
            format=plan.importer.name,
            file_name=plan.path.name[:300],
            options={
                "user": plan.options.user,
                "each_user": plan.options.each_user,
                "mapping": dict(plan.options.mapping),
            },
        )
        session.add(run)
    run.file_sha256 = plan.sha256
    run.file_size = plan.size
    run.status = "done"
    run.phase = "done"
    run.bytes_done = plan.size
    run.report = result.report()
    run.finished_at = utc_now()
    session.flush()
    if writer.changes is not None and person is not None:
        save_changes(session, writer.changes, import_id=run.id, person_id=person.id)
        run.changes_recorded = True
        session.flush()
    result.import_id = run.id
    return result
