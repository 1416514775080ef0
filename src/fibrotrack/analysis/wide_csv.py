"""A wide table of daily data for ``fibrotrack analyze --csv``: a ``date`` column in ISO form
(YYYY-MM-DD), one column per variable, a blank cell for a value not logged. Days may be absent
(they are missing) and rows may come in any order; each day may appear once. Every problem is
reported with its line and column, and nothing is guessed."""

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fibrotrack.diary.errors import InvalidEntry

MISSING_TEXTS = frozenset({"", "na", "nan", "null"})
# Text columns left out, so fibrotrack's own wide export (``export csv``) can be read as it is.
TEXT_COLUMNS = frozenset({"note", "notes"})
# Separators other than the comma that spreadsheets write, named for the message.
SEPARATORS = {";": "';'", "\t": "tabs"}


@dataclass(frozen=True)
class WideTable:
    """Days in order and, per column, one value (None when blank) per day; the text columns
    that were left out."""

    days: list[date]
    columns: dict[str, list[float | None]]
    left_out: tuple[str, ...] = ()


def _cell(text: str, line: int, column: str) -> float | None:
    cleaned = text.strip()
    if cleaned.casefold() in MISSING_TEXTS:
        return None
    where = f"line {line}, column {column}"
    try:
        value = float(cleaned)
    except ValueError:
        raise InvalidEntry(where, f"{cleaned!r} is not a number") from None
    if not math.isfinite(value):
        raise InvalidEntry(where, f"{cleaned!r} is not a finite number")
    return value


def read_wide_csv(lines: Iterable[str], *, source: str = "CSV") -> WideTable:
    """The table in ``lines`` (the text of the file), or ``InvalidEntry`` naming the line and
    column of the first problem."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidEntry("line 1", f"{source} is empty; it needs a header row") from None
    except csv.Error as error:
        raise InvalidEntry("line 1", f"not readable as CSV: {error}") from None
    names = [name.strip() for name in header]
    if "date" not in names:
        separator = next((s for s in SEPARATORS if len(names) == 1 and s in names[0]), None)
        hint = (
            f"; the columns seem to be separated by {SEPARATORS[separator]}: save the file "
            "with commas between columns"
            if separator
            else ""
        )
        raise InvalidEntry("line 1, column date", f"the header has no 'date' column{hint}")
    for position, name in enumerate(names, start=1):
        if not name:
            raise InvalidEntry(f"line 1, column {position}", "a column has no name")
        if names.count(name) > 1:
            raise InvalidEntry(f"line 1, column {name}", "the column name appears twice")
    date_at = names.index("date")
    skipped = {name for name in names if name.casefold() in TEXT_COLUMNS}
    others = [name for name in names if name != "date" and name not in skipped]
    rows: dict[date, list[float | None]] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                raise InvalidEntry(
                    f"line {line}", f"has {len(row)} fields but the header has {len(names)}"
                )
            text = row[date_at].strip()
            try:
                day = date.fromisoformat(text)
            except ValueError:
                raise InvalidEntry(
                    f"line {line}, column date", f"{text!r} is not a date in the form YYYY-MM-DD"
                ) from None
            if day in rows:
                raise InvalidEntry(f"line {line}, column date", f"{day} appears twice")
            rows[day] = [
                _cell(cell, line, name)
                for name, cell in zip(names, row, strict=True)
                if name != "date" and name not in skipped
            ]
    except csv.Error as error:
        raise InvalidEntry(f"line {reader.line_num}", f"not readable as CSV: {error}") from None
    if not rows:
        raise InvalidEntry("line 2", f"{source} has a header but no days")
    days = sorted(rows)
    return WideTable(
        days=days,
        columns={name: [rows[day][i] for day in days] for i, name in enumerate(others)},
        left_out=tuple(name for name in names if name in skipped),
    )
