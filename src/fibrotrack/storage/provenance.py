"""What each import changed, stored so the import can be undone, and the queries undoing it.

While an import writes, a :class:`ChangeLog` collects every row it inserted and every row it
overwrote (with the values it had). :func:`save_changes` stores them in ``import_changes``;
:func:`stored_changes`, :func:`current_values`, :func:`referrers` and :func:`apply_undo` read
and undo them, always within one person's rows.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from fibrotrack.interop.undo import INSERTED, UPDATED, Change, RowRef, UndoPlan, merge
from fibrotrack.storage.models import Base, ImportChange
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
    """The rows one import inserted or overwrote, one change per row."""

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


def stored_changes(session: Session, *, import_id: int, person_id: int) -> list[Change]:
    """The changes recorded for the person's import ``import_id``."""
    query = select(ImportChange).where(
        ImportChange.import_id == import_id, ImportChange.person_id == person_id
    )
    return [
        Change(
            table=row.table_name,
            row_id=row.row_id,
            action=row.action,
            written=row.written,
            previous=row.previous,
        )
        for row in session.scalars(query.order_by(ImportChange.id))
    ]


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
