"""A person's data as portable rows, table by table, and back.

Every table with a ``person_id`` column is a table of the person's data and is exported and
imported the same way, so a table added later is carried along without code here (unless it
is listed in :data:`NOT_EXPORTED` with the reason). A portable row is a dict of JSON values:
every column except the row's own integer id and the person id, dates and times in ISO 8601,
secrets (columns ending ``_hash`` or ``_nonce``) left out, a reference to a variable written
as the variable's key under the column name without ``_id`` (``"variable": "pain"``), a
reference to a row of another exported table (or of the same one) written as that row's
position in its table's list, and a reference to a table that is not exported written as null.

Rows are written back without duplicates: a row whose unique key (observations: variable,
day and source; variables: key) matches a stored row of the person updates it; in a table
without a unique key, a row equal to a stored row in every column it gives is left alone.
Rows are listed in a stable order (by content, then by the order they were stored in), so an
export of an import of an export is the same file.
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Select,
    String,
    Table,
    Time,
    UniqueConstraint,
    and_,
    bindparam,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator, TypeEngine

from fibrotrack.diary import InvalidEntry
from fibrotrack.storage.models import Base

if TYPE_CHECKING:
    from fibrotrack.storage.provenance import ChangeLog

PERSON_COLUMN = "person_id"
VARIABLES = "variables"
SECRET_SUFFIXES = ("_hash", "_nonce")
NOT_EXPORTED: dict[str, str] = {
    "people": "the person themselves: their name and time zone are exported on their own",
    "accounts": "sign-in credentials belong to the server they were made on",
    "shares": "permissions given to this server's clinicians do not travel to another server",
    "imports": "this database's record of imported files, not the person's data",
    "imported_people": "ids of people in other apps' files, meaningful on this server only",
    "import_changes": "this database's record of what each import changed, to undo it",
    "community_members": "consent to share with this server's community does not travel",
    "community_practice_outcomes": "a community contribution, derived and recomputed here",
    "community_factor_effects": "a community contribution, derived and recomputed here",
}


class NotPortable(RuntimeError):
    """A table of a person's data that this module cannot carry: a developer must add it to
    ``NOT_EXPORTED`` with a reason, or teach this module the reference it holds."""


def _is_person_table(table: Table) -> bool:
    column = table.c.get(PERSON_COLUMN)
    return column is not None and any(
        foreign.column.table.name == "people" for foreign in column.foreign_keys
    )


def _own_id(table: Table, column: Column[Any]) -> bool:
    return column.primary_key and column.name == "id" and len(table.primary_key.columns) == 1


def own_id(table: Table) -> Column[Any] | None:
    """The table's own integer id column, if it has one."""
    column = table.c.get("id")
    return column if column is not None and _own_id(table, column) else None


def _referenced(column: Column[Any]) -> str | None:
    for foreign in column.foreign_keys:
        return str(foreign.column.table.name)
    return None


def exported_tables() -> list[Table]:
    """The tables of a person's data that are exported, in an order where every table comes
    after the tables it refers to."""
    tables = [
        table
        for table in Base.metadata.sorted_tables
        if _is_person_table(table) and table.name not in NOT_EXPORTED
    ]
    names = {table.name for table in tables}
    for table in tables:
        for column in table.columns:
            target = _referenced(column)
            if column.name == PERSON_COLUMN or target is None or target == VARIABLES:
                continue
            if target in names:
                if own_id(table) is None or own_id(Base.metadata.tables[target]) is None:
                    raise NotPortable(
                        f"{table.name}.{column.name}: only rows with an id can be referred to"
                    )
                continue
            if not column.nullable:
                raise NotPortable(
                    f"{table.name}.{column.name} refers to {target}: add {table.name} to "
                    "NOT_EXPORTED with a reason, or teach fibrotrack.storage.portable to "
                    "carry this reference"
                )
    return tables


def portable_columns(table: Table) -> list[Column[Any]]:
    """The columns a portable row of ``table`` holds."""
    return [
        column
        for column in table.columns
        if column.name != PERSON_COLUMN
        and not _own_id(table, column)
        and not column.name.endswith(SECRET_SUFFIXES)
    ]


def self_references(table: Table) -> list[str]:
    """The columns of ``table`` that refer to rows of the same table."""
    return [column.name for column in table.columns if _referenced(column) == table.name]


def portable_name(column: Column[Any]) -> str:
    if _referenced(column) == VARIABLES:
        return column.name.removesuffix("_id")
    return column.name


def _type_of(column: Column[Any]) -> TypeEngine[Any]:
    kind = column.type
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def to_portable(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = _type_of(column)
    if isinstance(kind, DateTime | Date | Time):
        return value.isoformat()
    if isinstance(kind, Float):
        return float(value)
    return value


def _canonical(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def sort_key(row: Mapping[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)


def from_portable(column: Column[Any], value: Any, where: str) -> Any:
    """The stored value of ``column`` for the JSON ``value``, or ``InvalidEntry`` naming
    ``where`` and the column."""
    field_name = f"{where}.{column.name}"
    if value is None:
        if not column.nullable:
            raise InvalidEntry(field_name, "may not be empty")
        return None
    kind = _type_of(column)
    try:
        if isinstance(kind, JSON):
            return value
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise ValueError(value)
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(value)
            return value
        if isinstance(kind, Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(value)
            return float(value)
        if not isinstance(value, str):
            raise ValueError(value)
        if isinstance(kind, DateTime):
            moment = datetime.fromisoformat(value)
            if (moment.tzinfo is None) == bool(kind.timezone):
                raise ValueError(value)
            return moment
        if isinstance(kind, Date):
            return date.fromisoformat(value)
        if isinstance(kind, Time):
            return time.fromisoformat(value)
        if isinstance(kind, String) and kind.length is not None and len(value) > kind.length:
            raise InvalidEntry(field_name, f"is longer than {kind.length} characters")
        if "\x00" in value:
            raise InvalidEntry(field_name, "contains a NUL character")
        return value
    except InvalidEntry:
        raise
    except (ValueError, TypeError):
        shown = json.dumps(value, ensure_ascii=False)[:40]
        raise InvalidEntry(field_name, f"{shown} is not a valid {kind}") from None


def _day_filter(table: Table, start: date | None, end: date | None) -> list[Any]:
    conditions: list[Any] = []
    if "day" in table.c:
        if start is not None:
            conditions.append(table.c.day >= start)
        if end is not None:
            conditions.append(table.c.day <= end)
    elif "start_day" in table.c:
        if end is not None:
            conditions.append(table.c.start_day <= end)
        if start is not None and "end_day" in table.c:
            conditions.append(or_(table.c.end_day.is_(None), table.c.end_day >= start))
    return conditions


def variable_keys(session: Session, *, person_id: int) -> dict[int, str]:
    """Variable ids to keys for every variable the person can have recorded."""
    variables = Base.metadata.tables[VARIABLES]
    rows = session.execute(
        select(variables.c.id, variables.c.key).where(
            or_(variables.c.person_id.is_(None), variables.c.person_id == person_id)
        )
    )
    return {identifier: key for identifier, key in rows}


def dump_person(
    session: Session, *, person_id: int, start: date | None = None, end: date | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every exported table's portable rows of the person (dated rows within [start, end]),
    each table's rows in a stable order."""
    keys = variable_keys(session, person_id=person_id)
    positions: dict[str, dict[Any, int]] = {}
    dumped: dict[str, list[dict[str, Any]]] = {}
    for table in exported_tables():
        columns = portable_columns(table)
        identifier = own_id(table)
        selected = [*columns, identifier] if identifier is not None else columns
        query: Select[Any] = select(*selected).where(
            and_(table.c[PERSON_COLUMN] == person_id, *_day_filter(table, start, end))
        )
        entries: list[tuple[str, Any, dict[str, Any], dict[str, Any]]] = []
        for stored in session.execute(query).mappings():
            row: dict[str, Any] = {}
            later: dict[str, Any] = {}
            for column in columns:
                value = stored[column.name]
                target = _referenced(column)
                if target == VARIABLES:
                    row[portable_name(column)] = keys.get(value) if value is not None else None
                elif target == table.name:
                    row[column.name], later[column.name] = None, value
                elif target is not None:
                    found = positions.get(target, {})
                    row[column.name] = found.get(value) if value is not None else None
                else:
                    row[column.name] = to_portable(column, value)
            order = stored[identifier.name] if identifier is not None else 0
            entries.append((sort_key(row), order, row, later))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        positions[table.name] = {entry[1]: index for index, entry in enumerate(entries)}
        for _, _, row, later in entries:
            for name, value in later.items():
                row[name] = positions[table.name].get(value) if value is not None else None
        dumped[table.name] = [row for _, _, row, _ in entries]
    return dumped


Refer = Callable[[Column[Any], Any, str], Any]


def stored_row(
    table: Table,
    values: Mapping[str, Any],
    where: str,
    variable_id: Callable[[str, str], int],
    refer: Refer,
) -> dict[str, Any]:
    """The stored form of a portable row (JSON values) of ``table``. ``variable_id`` turns a
    variable key into an id; ``refer`` turns a reference to another table's row (its position
    in the file) into an id. A reference to the same table is left out: it is set once every
    row has its id. Raises ``InvalidEntry`` naming ``where``."""
    columns = {portable_name(column): column for column in portable_columns(table)}
    unknown = [name for name in values if name not in columns]
    if unknown:
        raise InvalidEntry(f"{where}.{unknown[0]}", f"is not a column of {table.name}")
    row: dict[str, Any] = {}
    for name, column in columns.items():
        if name not in values:
            if column.default is None and not column.nullable and column.server_default is None:
                raise InvalidEntry(f"{where}.{name}", "is missing")
            continue
        value = values[name]
        target = _referenced(column)
        if target == VARIABLES:
            if value is None:
                row[column.name] = from_portable(column, None, where)
            elif not isinstance(value, str):
                raise InvalidEntry(f"{where}.{name}", "is not a variable key")
            else:
                row[column.name] = variable_id(value, f"{where}.{name}")
        elif target == table.name:
            continue
        elif target is not None:
            if value is None:
                row[column.name] = from_portable(column, None, where)
            else:
                row[column.name] = refer(column, value, f"{where}.{name}")
        else:
            row[column.name] = from_portable(column, value, where)
    return row


@dataclass
class Written:
    """What writing rows did: rows inserted, stored rows changed, rows already there."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: "Written") -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged


def _identity_columns(table: Table, given: Iterable[str]) -> list[str] | None:
    """The columns (besides the person) of the first unique key of ``table`` that rows with
    the ``given`` columns fill in; None if there is none."""
    available = set(given) | {PERSON_COLUMN}
    keys = [list(table.primary_key.columns.keys())]
    keys += [
        [column.name for column in constraint.columns]
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    for names in keys:
        if set(names) <= available and set(names) != {"id"}:
            return [name for name in names if name != PERSON_COLUMN]
    return None


@dataclass
class TableWriter:
    """Writes one person's rows into one table without duplicating stored rows; with
    ``changes``, notes every row it inserts, every stored row it overwrites and every stored
    row it finds already as it would write it."""

    session: Session
    table: Table
    person_id: int
    person_is_new: bool = False
    changes: "ChangeLog | None" = None
    _loaded: dict[tuple[str, ...], dict[tuple[Any, ...], dict[str, Any]]] = field(
        default_factory=dict
    )

    @property
    def _key(self) -> str:
        return next(iter(self.table.primary_key.columns.keys()))

    def _stored(
        self, columns: tuple[str, ...], key_columns: Sequence[str]
    ) -> dict[tuple[Any, ...], dict[str, Any]]:
        """The person's stored rows, by the values of ``key_columns``, loaded once."""
        if columns in self._loaded:
            return self._loaded[columns]
        known: dict[tuple[Any, ...], dict[str, Any]] = {}
        if not self.person_is_new:
            query = select(self.table).where(self.table.c[PERSON_COLUMN] == self.person_id)
            for stored in self.session.execute(query).mappings():
                entry = {name: stored[name] for name in (*columns, self._key)}
                known[tuple(_canonical(stored[name]) for name in key_columns)] = entry
        self._loaded[columns] = known
        return known

    def write(self, rows: Sequence[Mapping[str, Any]]) -> tuple[Written, list[Any]]:
        """Write ``rows``; returns what happened and the stored row's key for each of them."""
        written = Written()
        keys: list[Any] = [None] * len(rows)
        groups: dict[tuple[str, ...], list[tuple[int, Mapping[str, Any]]]] = {}
        for position, row in enumerate(rows):
            groups.setdefault(tuple(sorted(row)), []).append((position, row))
        for columns, group in groups.items():
            identity = _identity_columns(self.table, columns)
            key_columns = identity if identity is not None else list(columns)
            stored = self._stored(columns, key_columns)
            inserts: dict[tuple[Any, ...], dict[str, Any]] = {}
            updates: dict[tuple[Any, ...], dict[str, Any]] = {}
            where: dict[tuple[Any, ...], list[int]] = {}
            for position, row in group:
                key = tuple(_canonical(row[name]) for name in key_columns)
                where.setdefault(key, []).append(position)
                existing = stored.get(key)
                if key in inserts:
                    inserts[key] = {**row, PERSON_COLUMN: self.person_id}
                elif existing is None:
                    inserts[key] = {**row, PERSON_COLUMN: self.person_id}
                    written.new += 1
                elif any(_canonical(existing[name]) != _canonical(row[name]) for name in columns):
                    if key not in updates:
                        written.updated += 1
                    updates[key] = {f"_new_{name}": value for name, value in row.items()}
                else:
                    written.unchanged += 1
                    if self.changes is not None:
                        self.changes.found(self.table, existing[self._key], row)
            if inserts:
                statement = insert(self.table).returning(
                    self.table.c[self._key], sort_by_parameter_order=True
                )
                created = self.session.execute(statement, list(inserts.values())).scalars()
                for (key, row), identifier in zip(inserts.items(), created, strict=True):
                    stored[key] = {**{name: row[name] for name in columns}, self._key: identifier}
                    if self.changes is not None:
                        self.changes.inserted(self.table, identifier, row)
            if updates:
                self._update(key_columns, columns, list(updates.values()))
                for key, row in updates.items():
                    values = {name: row[f"_new_{name}"] for name in columns}
                    if self.changes is not None:
                        self._note_update(self.changes, stored[key], key_columns, values)
                    stored[key].update(values)
            for key, positions in where.items():
                for position in positions:
                    keys[position] = stored[key][self._key]
        return written, keys

    def _note_update(
        self,
        changes: "ChangeLog",
        existing: Mapping[str, Any],
        key_columns: Sequence[str],
        written: Mapping[str, Any],
    ) -> None:
        changed = [name for name in written if name not in key_columns]
        changes.updated(
            self.table,
            existing[self._key],
            previous={name: existing[name] for name in changed},
            written={name: written[name] for name in changed},
        )

    def _update(
        self, key_columns: Sequence[str], columns: Sequence[str], rows: list[dict[str, Any]]
    ) -> None:
        changed = [name for name in columns if name not in key_columns]
        statement = (
            update(self.table)
            .where(
                self.table.c[PERSON_COLUMN] == self.person_id,
                *(self.table.c[name] == bindparam(f"_new_{name}") for name in key_columns),
            )
            .values({name: bindparam(f"_new_{name}") for name in changed})
        )
        self.session.connection().execute(statement, rows)


def erase_person(session: Session, *, person_id: int) -> dict[str, int]:
    """Delete every row of the person from every table (rows that hang off those rows go with
    them through their foreign keys), then the person. Returns rows deleted per table."""
    counts: dict[str, int] = {}
    for table in reversed(Base.metadata.sorted_tables):
        if _is_person_table(table):
            result = session.execute(delete(table).where(table.c[PERSON_COLUMN] == person_id))
            counts[table.name] = int(getattr(result, "rowcount", 0) or 0)
    people = Base.metadata.tables["people"]
    session.execute(delete(people).where(people.c.id == person_id))
    counts["people"] = 1
    return counts
