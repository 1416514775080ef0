"""A person's data as portable rows, table by table, and back.

Every table with a ``person_id`` column is a table of the person's data and is exported and
imported the same way, so a table added later is carried along without code here (unless it
is listed in :data:`NOT_EXPORTED` with the reason). A portable row is a dict of JSON values:
every column except the row's own integer id and the person id, dates and times in ISO 8601,
secrets (columns ending ``_hash`` or ``_nonce``) left out, a reference to a variable written
as the variable's key under the column name without ``_id`` (``"variable": "pain"``), and a
reference to a table that is not exported written as null.

Rows are written back without duplicates: a row whose unique key (observations: variable,
day and source; variables: key) matches a stored row of the person updates it; in a table
without a unique key, a row equal to a stored row in every column it gives is left alone.
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

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

PERSON_COLUMN = "person_id"
VARIABLES = "variables"
SECRET_SUFFIXES = ("_hash", "_nonce")
NOT_EXPORTED: dict[str, str] = {
    "people": "the person themselves: their name and time zone are exported on their own",
    "accounts": "sign-in credentials belong to the server they were made on",
    "shares": "permissions given to this server's clinicians do not travel to another server",
    "imports": "this database's record of imported files, not the person's data",
    "imported_people": "ids of people in other apps' files, meaningful on this server only",
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
            if target in names or not column.nullable:
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
            if moment.tzinfo is None:
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
    dumped: dict[str, list[dict[str, Any]]] = {}
    for table in exported_tables():
        columns = portable_columns(table)
        query: Select[Any] = select(*columns).where(
            and_(table.c[PERSON_COLUMN] == person_id, *_day_filter(table, start, end))
        )
        rows = []
        for stored in session.execute(query).mappings():
            row: dict[str, Any] = {}
            for column in columns:
                value = stored[column.name]
                if _referenced(column) == VARIABLES:
                    row[portable_name(column)] = keys.get(value) if value is not None else None
                elif _referenced(column) is not None:
                    row[column.name] = None
                else:
                    row[column.name] = to_portable(column, value)
            rows.append(row)
        rows.sort(key=sort_key)
        dumped[table.name] = rows
    return dumped


def stored_row(
    table: Table,
    values: Mapping[str, Any],
    where: str,
    variable_id: Callable[[str, str], int],
) -> dict[str, Any]:
    """The stored form of a portable row (JSON values) of ``table``; ``variable_id`` turns a
    variable key into an id (or raises). Raises ``InvalidEntry`` naming ``where``."""
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
        elif target is not None:
            row[column.name] = from_portable(column, None, where) if value is None else None
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
        if constraint.__class__.__name__ == "UniqueConstraint"
    ]
    for names in keys:
        if PERSON_COLUMN in names and set(names) <= available:
            return [name for name in names if name != PERSON_COLUMN]
    return None


@dataclass
class TableWriter:
    """Writes one person's rows into one table without duplicating stored rows."""

    session: Session
    table: Table
    person_id: int
    person_is_new: bool = False
    _loaded: dict[tuple[str, ...], dict[tuple[Any, ...], dict[str, Any]]] = field(
        default_factory=dict
    )

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
                entry = {name: stored[name] for name in columns}
                known[tuple(_canonical(stored[name]) for name in key_columns)] = entry
        self._loaded[columns] = known
        return known

    def write(self, rows: Sequence[Mapping[str, Any]]) -> Written:
        written = Written()
        groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
        for row in rows:
            groups.setdefault(tuple(sorted(row)), []).append(row)
        for columns, group in groups.items():
            identity = _identity_columns(self.table, columns)
            key_columns = identity if identity is not None else list(columns)
            stored = self._stored(columns, key_columns)
            inserts: dict[tuple[Any, ...], dict[str, Any]] = {}
            updates: dict[tuple[Any, ...], dict[str, Any]] = {}
            for row in group:
                key = tuple(_canonical(row[name]) for name in key_columns)
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
            if inserts:
                self.session.execute(insert(self.table), list(inserts.values()))
                for key, row in inserts.items():
                    stored[key] = {name: row[name] for name in columns}
            if updates:
                statement = (
                    update(self.table)
                    .where(
                        self.table.c[PERSON_COLUMN] == self.person_id,
                        *(self.table.c[name] == bindparam(f"_new_{name}") for name in key_columns),
                    )
                    .values(
                        {
                            name: bindparam(f"_new_{name}")
                            for name in columns
                            if name not in key_columns
                        }
                    )
                )
                self.session.connection().execute(statement, list(updates.values()))
                for key, row in updates.items():
                    stored[key] = {name: row[f"_new_{name}"] for name in columns}
        return written


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
