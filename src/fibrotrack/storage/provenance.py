"""What each import changed, stored so the import can be undone, and the queries undoing it.

While an import writes, a :class:`ChangeLog` collects every row it inserted, every row it
overwrote (with the values it had) and every row it found already holding what it would write.
:func:`save_changes` stores them in ``import_changes``; :func:`undone_imports`,
:func:`recorded_rows`, :func:`left_rows`, :func:`records_of`, :func:`current_values`,
:func:`referrers` and :func:`apply_undo` read and undo them, always within one person's rows.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from fibrotrack.interop.undo import (
    FOUND,
    INSERTED,
    UPDATED,
    Change,
    Recorded,
    RowRef,
    UndoPlan,
    merge,
)
from fibrotrack.storage.models import Base, ImportChange, ImportRun
from fibrotrack.storage.portable import PERSON_COLUMN, from_portable, to_portable

CHUNK = 500


def portable_value(table: Table, name: str, value: Any) -> Any:
    """A stored value as JSON, datetimes in UTC so a value compares equal once stored."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC)
    return to_portable(table.c[name], value)


def _portable(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: portable_value(table, name, value)
        for name, value in values.items()
        if name != PERSON_COLUMN
    }


@dataclass
class ChangeLog:
    """The rows one import inserted, overwrote or found already there, one change per row."""

    changes: dict[RowRef, Change] = field(default_factory=dict)

    def _add(self, change: Change) -> None:
        earlier = self.changes.get(change.ref)
        self.changes[change.ref] = change if earlier is None else merge(earlier, change)

    def inserted(self, table: Table, row_id: int, values: Mapping[str, Any]) -> None:
        self._add(Change(table.name, row_id, INSERTED, _portable(table, values)))

    def updated(
        self, table: Table, row_id: int, previous: Mapping[str, Any], written: Mapping[str, Any]
    ) -> None:
        self._add(
            Change(
                table.name,
                row_id,
                UPDATED,
                _portable(table, written),
                previous=_portable(table, previous),
            )
        )

    def found(self, table: Table, row_id: int, values: Mapping[str, Any]) -> None:
        """The stored row ``row_id`` already held ``values``, what the import would write."""
        self._add(Change(table.name, row_id, FOUND, _portable(table, values)))


def save_changes(session: Session, log: ChangeLog, *, import_id: int, person_id: int) -> None:
    """Store the changes of the person's import ``import_id``."""
    rows = [
        {
            "import_id": import_id,
            "person_id": person_id,
            "table_name": change.table,
            "row_id": change.row_id,
            "action": change.action,
            "previous": dict(change.previous) if change.previous is not None else None,
            "written": dict(change.written),
        }
        for change in log.changes.values()
    ]
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(ImportChange), rows[start : start + CHUNK])


def _key(table: Table) -> Any:
    return next(iter(table.primary_key.columns))


def _owner(table: Table) -> Any:
    """The column that says whose a row is: its person, or for the person's own row its key."""
    return table.c[PERSON_COLUMN] if PERSON_COLUMN in table.c else _key(table)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _by_table(refs: Iterable[RowRef]) -> dict[str, list[int]]:
    tables: dict[str, list[int]] = {}
    for table, row_id in refs:
        tables.setdefault(table, []).append(row_id)
    return tables


def undone_imports(session: Session, *, person_id: int) -> set[int]:
    """The person's imports that were undone."""
    query = select(ImportRun.id).where(
        ImportRun.person_id == person_id, ImportRun.status == "undone"
    )
    return set(session.scalars(query))


def recorded_rows(session: Session, *, import_ids: Iterable[int], person_id: int) -> set[RowRef]:
    """The rows the person's imports ``import_ids`` recorded, whatever they did to them."""
    return {
        (name, row_id)
        for name, row_id, _ in _entries(session, import_ids=import_ids, person_id=person_id)
    }


def left_rows(session: Session, *, import_ids: Iterable[int], person_id: int) -> set[RowRef]:
    """The rows the person's imports ``import_ids`` inserted that are still stored."""
    inserted = [
        (name, row_id)
        for name, row_id, action in _entries(session, import_ids=import_ids, person_id=person_id)
        if action == INSERTED
    ]
    stored: set[RowRef] = set()
    for name, ids in _by_table(inserted).items():
        table = Base.metadata.tables.get(name)
        if table is None:
            continue
        key = _key(table)
        for chunk in _chunks(sorted(set(ids))):
            query = select(key).where(key.in_(chunk), _owner(table) == person_id)
            stored.update((name, row_id) for row_id in session.scalars(query))
    return stored


def _entries(
    session: Session, *, import_ids: Iterable[int], person_id: int
) -> list[tuple[str, int, str]]:
    """Each record of the person's imports ``import_ids``: its table, row and action."""
    entries: list[tuple[str, int, str]] = []
    for chunk in _chunks(sorted(set(import_ids))):
        query = select(ImportChange.table_name, ImportChange.row_id, ImportChange.action).where(
            ImportChange.import_id.in_(chunk), ImportChange.person_id == person_id
        )
        entries.extend((name, row_id, action) for name, row_id, action in session.execute(query))
    return entries


def records_of(session: Session, refs: Set[RowRef], *, person_id: int) -> list[Recorded]:
    """Every record any of the person's imports keeps of the rows ``refs``, in the order the
    imports were made (the order their records were stored)."""
    imports = select(ImportRun.id).where(
        ImportRun.person_id == person_id, ImportRun.changes_recorded.is_(True)
    )
    wanted: list[int] = []
    for chunk in _chunks(sorted(session.scalars(imports))):
        query = select(ImportChange.id, ImportChange.table_name, ImportChange.row_id).where(
            ImportChange.import_id.in_(chunk), ImportChange.person_id == person_id
        )
        wanted.extend(
            record_id
            for record_id, name, row_id in session.execute(query)
            if (name, row_id) in refs
        )
    records: list[Recorded] = []
    columns = (
        ImportChange.import_id,
        ImportChange.table_name,
        ImportChange.row_id,
        ImportChange.action,
        ImportChange.written,
        ImportChange.previous,
    )
    for chunk in _chunks(sorted(wanted)):
        stored = select(*columns).where(ImportChange.id.in_(chunk)).order_by(ImportChange.id)
        records.extend(
            Recorded(import_id, Change(name, row_id, action, written, previous))
            for import_id, name, row_id, action, written, previous in session.execute(stored)
        )
    return records


def current_values(
    session: Session, changes: Sequence[Change], *, person_id: int
) -> dict[RowRef, dict[str, Any]]:
    """The portable values, now, of the person's rows that ``changes`` touched (in the columns
    the import wrote); a row deleted since is missing."""
    current: dict[RowRef, dict[str, Any]] = {}
    columns: dict[str, set[str]] = {}
    for change in changes:
        columns.setdefault(change.table, set()).update(change.written)
    for name, ids in _by_table(change.ref for change in changes).items():
        table = Base.metadata.tables.get(name)
        if table is None:
            continue
        key = _key(table)
        wanted = sorted(column for column in columns[name] if column in table.c)
        for chunk in _chunks(ids):
            query = select(key, *(table.c[column] for column in wanted)).where(
                key.in_(chunk), _owner(table) == person_id
            )
            for row in session.execute(query).mappings():
                current[(name, row[key.name])] = {
                    column: portable_value(table, column, row[column]) for column in wanted
                }
    return current


def referrers(
    session: Session, refs: Iterable[RowRef], *, person_id: int
) -> dict[RowRef, set[RowRef]]:
    """For each of ``refs`` (rows an import inserted), the stored rows that refer to it."""
    found: dict[RowRef, set[RowRef]] = {}
    for name, ids in _by_table(refs).items():
        target = Base.metadata.tables.get(name)
        if target is None:
            continue
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if table.name == ImportChange.__tablename__ or not any(
                    foreign.column.table is target for foreign in column.foreign_keys
                ):
                    continue
                key = _key(table)
                for chunk in _chunks(ids):
                    query = select(column, key).where(column.in_(chunk))
                    if PERSON_COLUMN in table.c:
                        query = query.where(table.c[PERSON_COLUMN] == person_id)
                    for referred, referring in session.execute(query):
                        found.setdefault((name, referred), set()).add((table.name, referring))
    return found


def apply_undo(session: Session, plan: UndoPlan, *, person_id: int) -> None:
    """Restore the overwritten rows and remove the inserted ones of ``plan`` (rows that refer
    to others first), within the person's rows. Flushes nothing else; the caller commits."""
    for (name, row_id), previous in plan.restore:
        table = Base.metadata.tables[name]
        values = {
            column: from_portable(table.c[column], value, f"{name}[{row_id}]")
            for column, value in previous.items()
            if column in table.c
        }
        if values:
            session.execute(
                update(table)
                .where(_key(table) == row_id, _owner(table) == person_id)
                .values(values)
            )
    removals = _by_table(plan.remove)
    for table in reversed(Base.metadata.sorted_tables):
        ids = removals.get(table.name)
        if not ids:
            continue
        for chunk in _chunks(ids):
            session.execute(
                delete(table).where(_key(table).in_(chunk), table.c[PERSON_COLUMN] == person_id)
            )
