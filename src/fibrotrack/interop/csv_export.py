"""CSV exports: one row per day (wide) or one row per observation (long).

- **Wide**: ``date``, one column per variable (the built-in ones first, then the person's own,
  by key), ``note``. When several sources recorded a variable on a day, the person's own
  check-in is shown, else the first source alphabetically, as everywhere in fibrotrack. Days
  with nothing recorded are not listed; a variable not recorded on a day is an empty cell.
  The file can be imported again with ``fibrotrack import csv``.
- **Long**: ``date,variable,label,value,unit,source,raw_value``, every observation of every
  source.

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is written with a leading apostrophe, and so is text that would look
protected already (apostrophes, then one of those): importing the wide CSV removes exactly that
apostrophe (:func:`unprotected_text`), so its notes come back as they were. fibrotrack JSON
keeps all text exactly.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

from fibrotrack.diary import CORE_VARIABLES, choose_source, day_value
from fibrotrack.interop.registry import Exporter, register_exporter
from fibrotrack.interop.snapshot import PortableRow, Snapshot

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _looks_protected(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def safe_text(text: str | None) -> str:
    """``text`` as a spreadsheet will show it and never run it."""
    if not text:
        return ""
    return "'" + text if _looks_protected(text) else text


def unprotected_text(cell: str) -> str:
    """The text :func:`safe_text` wrote as ``cell``."""
    return cell[1:] if cell.startswith("'") and _looks_protected(cell) else cell


def variable_labels(snapshot: Snapshot) -> dict[str, Mapping[str, Any]]:
    """Every variable the snapshot can mention, core first, by key."""
    labels: dict[str, Mapping[str, Any]] = {
        variable.key: {"label": variable.label, "unit": variable.unit}
        for variable in CORE_VARIABLES
    }
    for row in snapshot.rows("variables"):
        labels[str(row["key"])] = row
    return labels


def _ordered_keys(snapshot: Snapshot, used: set[str]) -> list[str]:
    core = [variable.key for variable in CORE_VARIABLES if variable.key in used]
    return core + sorted(used - set(core))


def _writer(out: BinaryIO) -> tuple[io.TextIOWrapper, Any]:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    return text, csv.writer(text, lineterminator="\n")


def write_wide(snapshot: Snapshot, out: BinaryIO) -> None:
    chosen: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    for row in snapshot.rows("observations"):
        chosen[str(row["day"])][str(row["variable"])][str(row["source"])] = row["value"]
    notes: dict[str, dict[str, str]] = defaultdict(dict)
    for row in snapshot.rows("notes"):
        if row.get("kind") == "day":
            notes[str(row["day"])].setdefault(str(row["source"]), str(row["text"]))
    keys = _ordered_keys(snapshot, {key for day in chosen.values() for key in day})
    text, writer = _writer(out)
    writer.writerow(["date", *keys, "note"])
    for day in sorted(set(chosen) | set(notes)):
        values = chosen.get(day, {})
        cells = []
        for key in keys:
            sources = values.get(key)
            value = day_value(sources) if sources else None
            cells.append("" if value is None else number_text(value))
        day_notes = notes.get(day, {})
        note = day_notes[choose_source(day_notes)] if day_notes else ""
        writer.writerow([day, *cells, safe_text(note)])
    text.detach()


def write_long(snapshot: Snapshot, out: BinaryIO) -> None:
    labels = variable_labels(snapshot)
    rows: Sequence[PortableRow] = sorted(
        snapshot.rows("observations"),
        key=lambda row: (str(row["day"]), str(row["variable"]), str(row["source"])),
    )
    text, writer = _writer(out)
    writer.writerow(["date", "variable", "label", "value", "unit", "source", "raw_value"])
    for row in rows:
        variable = labels.get(str(row["variable"]), {})
        writer.writerow(
            [
                row["day"],
                row["variable"],
                safe_text(str(variable.get("label") or row["variable"])),
                number_text(row["value"]),
                variable.get("unit") or "",
                row["source"],
                safe_text(row.get("raw_value")),
            ]
        )
    text.detach()


CSV_WIDE = register_exporter(
    Exporter(
        name="csv",
        label="CSV, one row per day",
        suffix=".csv",
        media_type="text/csv",
        write=write_wide,
        summary="A spreadsheet: a row per logged day, a column per variable, and the note.",
    )
)
CSV_LONG = register_exporter(
    Exporter(
        name="csv-long",
        label="CSV, one row per observation",
        suffix=".csv",
        media_type="text/csv",
        write=write_long,
        summary="Every observation of every source with its raw value, one per row.",
    )
)
