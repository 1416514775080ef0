"""Reading the delimited text files other apps export, with errors that name the line.

Every CSV importer reads through :func:`read_table`: UTF-8 (with or without a byte-order
mark), the delimiter found from the header line, strict quoting, a limit on field size, and an
``InvalidEntry`` naming the line for anything that is not a well-formed table (binary data,
bytes that are not UTF-8, NUL bytes, a quoted field cut off by the end of the file, a field
too large).

The text is decoded ahead of the CSV reader, in chunks; bytes that are not UTF-8 are kept as
lone surrogates (``surrogateescape``) and refused line by line, so the error names the line
they are on, not the line the reader had reached when their chunk was decoded.
"""

import _csv
import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from fibrotrack.diary import InvalidEntry

MAX_HEADER_CHARACTERS = 65_536
MAX_FIELD_CHARACTERS = 131_072  # the csv module's own default limit
DELIMITERS = ",;\t"


@dataclass
class Table:
    """A delimited file: its header (each name stripped of surrounding spaces), the delimiter,
    and its rows as ``(line number, fields)``, blank lines left out."""

    header: list[str]
    delimiter: str
    rows: Iterator[tuple[int, list[str]]]


def _is_utf8(line: str) -> bool:
    """Whether ``line`` was decoded without a byte that is not UTF-8 (a lone surrogate)."""
    if line.isascii():
        return True
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _first_line(text: io.TextIOWrapper) -> str:
    first = text.readline(MAX_HEADER_CHARACTERS)
    if not _is_utf8(first):
        raise InvalidEntry("line 1", "is not UTF-8 text: this is not a CSV export")
    if not first.strip():
        raise InvalidEntry("file", "is empty: there is no header line")
    if "\x00" in first:
        raise InvalidEntry("line 1", "contains NUL bytes: this is a binary file, not CSV")
    if len(first) >= MAX_HEADER_CHARACTERS and not first.endswith(("\n", "\r")):
        raise InvalidEntry(
            "line 1", f"is longer than {MAX_HEADER_CHARACTERS} characters: not a CSV header"
        )
    return first


def _lines(first: str, text: io.TextIOWrapper) -> Iterator[str]:
    """The header line, then the lines of ``text``, refusing one that is not UTF-8."""
    yield first
    for number, line in enumerate(text, 2):
        if not _is_utf8(line):
            raise InvalidEntry(f"line {number}", "is not UTF-8 text")
        yield line


def _rows(reader: "_csv.Reader", text: io.TextIOWrapper) -> Iterator[tuple[int, list[str]]]:
    line = reader.line_num
    try:
        while True:
            start = line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise InvalidEntry(f"line {reader.line_num}", _explain(str(error))) from None
            if any("\x00" in field for field in row):
                raise InvalidEntry(f"line {start}", _explain("NUL"))
            line = reader.line_num
            if row and any(field.strip() for field in row):
                yield start, row
    finally:
        with suppress(ValueError):  # the caller may already have closed the file
            text.detach()


def _explain(message: str) -> str:
    if "NUL" in message:
        return "contains NUL bytes: this is a binary file, not CSV"
    if "field larger than field limit" in message:
        return f"has a field longer than {MAX_FIELD_CHARACTERS} characters"
    if "unexpected end of data" in message:
        return "the file ends inside a quoted field: is it cut short?"
    return f"is not well-formed CSV ({message})"


def read_table(stream: BinaryIO, delimiters: str = DELIMITERS) -> Table:
    """The delimited table in ``stream``; the delimiter is whichever of ``delimiters`` the
    header line uses most."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        first = _first_line(text)
    except InvalidEntry:
        text.detach()
        raise
    counts = {candidate: first.count(candidate) for candidate in delimiters}
    delimiter = max(counts, key=lambda candidate: counts[candidate])
    if not counts[delimiter]:
        delimiter = delimiters[0]
    reader = csv.reader(_lines(first, text), delimiter=delimiter, strict=True)
    rows = _rows(reader, text)
    header_row = next(rows, None)
    if header_row is None:
        raise InvalidEntry("file", "is empty: there is no header line")
    return Table(header=[name.strip() for name in header_row[1]], delimiter=delimiter, rows=rows)


def require_columns(table: Table, expected: Sequence[str], what: str) -> None:
    """``InvalidEntry`` on line 1 unless the header is ``expected`` (case and surrounding
    spaces ignored)."""
    found = [name.casefold() for name in table.header]
    if found != [name.casefold() for name in expected]:
        shown = table.delimiter.join(table.header)
        if len(shown) > 120:
            shown = shown[:120] + "…"
        raise InvalidEntry(
            "line 1",
            f"this is not {what}: expected the columns {', '.join(expected)}; found {shown!r}",
        )


def require_fields(row: Sequence[str], count: int, line: int) -> None:
    if len(row) < count:
        raise InvalidEntry(
            f"line {line}",
            f"has {len(row)} field{'s' if len(row) != 1 else ''} where {count} are expected: "
            "is the file cut short, or is the delimiter wrong?",
        )


def iso_day(text: str, line: int) -> date:
    """A ``YYYY-MM-DD`` date (a time after it is ignored), or ``InvalidEntry`` naming the line."""
    value = text.strip()
    try:
        if len(value) > 10 and value[10] not in "T ":
            raise ValueError(value)
        return date.fromisoformat(value[:10])
    except ValueError:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise InvalidEntry(f"line {line}", f"{shown!r} is not a date (YYYY-MM-DD)") from None


def number(text: str) -> float | None:
    """The number in ``text`` (a decimal comma accepted), or None if it is not one."""
    value = text.strip().replace(",", ".")
    try:
        result = float(value)
    except ValueError:
        return None
    if result != result or result in (float("inf"), float("-inf")):
        return None
    return result
