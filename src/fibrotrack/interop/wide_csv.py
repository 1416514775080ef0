"""A generic wide CSV: a ``date`` column (YYYY-MM-DD) and one column per variable.

The mapping step decides what each column becomes. By default a column whose name is a
variable's key or label (``pain``, ``Sleep quality``, or one of the person's own) is that
variable, a ``note`` column is the day's note, and any other column becomes a new number
variable of the person named after it. ``ImportOptions.mapping`` overrides this per column:
a variable key, ``note``, or nothing (``-``) to leave the column out. Empty cells are missing
days, never zeros. The delimiter may be a comma, a semicolon or a tab. A note that starts with
the apostrophe fibrotrack's CSV export puts before text a spreadsheet would run as a formula
(``'- slept badly``) loses that apostrophe again.
"""

from collections.abc import Iterator, Mapping, Sequence
from typing import BinaryIO

from fibrotrack.diary import (
    CORE_VARIABLES,
    InvalidEntry,
    VariableDefinition,
    VariableKind,
    check_value,
    core_variable,
)
from fibrotrack.interop.csv_export import unprotected_text
from fibrotrack.interop.delimited import iso_day, number, read_table, require_fields
from fibrotrack.interop.records import ImportOptions, Noted, Observed, Record, Skipped
from fibrotrack.interop.registry import Importer, register_importer
from fibrotrack.interop.variables import slug

SOURCE = "csv"
DATE_COLUMNS = ("date", "day")
NOTE = "note"
IGNORE = ("", "-")

Target = VariableDefinition | str | None  # a variable, NOTE, or None (left out)


def _new_variable(key: str, label: str) -> VariableDefinition:
    return VariableDefinition(
        key=key,
        label=label[:200],
        kind=VariableKind.NUMBER,
        pillar=None,
        description="Imported from a CSV column.",
    )


def _variable(key: str, label: str, known: Mapping[str, VariableDefinition]) -> VariableDefinition:
    return known.get(key) or core_variable(key) or _new_variable(key, label)


def column_mapping(header: Sequence[str], options: ImportOptions) -> dict[str, Target]:
    """What each column (except the date) becomes, after ``options.mapping``."""
    labels = {variable.label.casefold(): variable for variable in CORE_VARIABLES}
    labels.update({variable.label.casefold(): variable for variable in options.known.values()})
    columns = [name for name in header if name.casefold() not in DATE_COLUMNS]
    unknown = [name for name in options.mapping if name not in columns]
    if unknown:
        raise InvalidEntry(
            "map", f"no column named {unknown[0]!r}; the columns are {', '.join(columns)}"
        )
    mapping: dict[str, Target] = {}
    for name in columns:
        if name in options.mapping:
            choice = (options.mapping[name] or "").strip()
            if choice in IGNORE:
                mapping[name] = None
            elif choice.casefold() == NOTE:
                mapping[name] = NOTE
            else:
                mapping[name] = _variable(slug(choice), name, options.known)
        elif name.casefold() in {NOTE, "notes"}:
            mapping[name] = NOTE
        elif name.casefold() in labels:
            mapping[name] = labels[name.casefold()]
        else:
            mapping[name] = _variable(slug(name), name, options.known)
    return mapping


def read_wide_csv(stream: BinaryIO, options: ImportOptions) -> Iterator[Record]:
    table = read_table(stream)
    header = table.header
    folded = [name.casefold() for name in header]
    dates = [index for index, name in enumerate(folded) if name in DATE_COLUMNS]
    if not dates:
        raise InvalidEntry(
            "line 1", f"needs a 'date' column (YYYY-MM-DD); found {', '.join(header)[:120]!r}"
        )
    repeated = {name for name in header if header.count(name) > 1}
    if repeated:
        raise InvalidEntry("line 1", f"the column {sorted(repeated)[0]!r} appears twice")
    mapping = column_mapping(header, options)
    date_index = dates[0]
    targets = [(index, name, mapping.get(name)) for index, name in enumerate(header)]
    for line, row in table.rows:
        require_fields(row, len(header), line)
        day = iso_day(row[date_index], line)
        for index, name, target in targets:
            text = row[index].strip()
            if index == date_index or target is None or not text:
                continue
            if target == NOTE:
                yield Noted(day=day, text=unprotected_text(text), line=line)
                continue
            if not isinstance(target, VariableDefinition):
                continue
            value = number(text)
            if value is None:
                yield Skipped(line, f"{name}: {text[:40]!r} is not a number")
                continue
            try:
                check_value(target, value)
            except InvalidEntry as problem:
                yield Skipped(line, f"{name}: {problem.message}")
                continue
            yield Observed(day=day, variable=target, value=value, raw=text, line=line)


WIDE_CSV = register_importer(
    Importer(
        name="csv",
        label="CSV, one row per day",
        source=SOURCE,
        read=read_wide_csv,
        summary="A spreadsheet with a date column and one column per variable; columns are "
        "mapped to variables (pain, sleep_hours, your own) or left out.",
    )
)
