"""fibrotrack's own JSON: everything of one person, readable by any later fibrotrack.

::

    {"format": "fibrotrack", "version": 1,
     "person": {"name": …, "timezone": "Europe/London", "created_at": "…"},
     "from": null, "to": null,
     "tables": {"variables": […], "observations": […], "notes": […], …}}

``tables`` holds every table of the person's data, each row with every column except its id
and person id (see :mod:`fibrotrack.interop.snapshot`): the person's own variables with their
kind, unit and scale, observations with their source and raw value, notes, questionnaire
responses, interventions and any table added later. Keys are sorted and rows are in a stable
order, so exporting, importing into an empty database and exporting again gives the same file.
"""

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from fibrotrack.diary import InvalidEntry
from fibrotrack.interop.records import ImportOptions, PersonProfile, Record, Row
from fibrotrack.interop.registry import Exporter, Importer, register_exporter, register_importer
from fibrotrack.interop.snapshot import Snapshot

FORMAT = "fibrotrack"
VERSION = 1
MAX_BYTES = 2 << 30


def document(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "person": {
            "name": snapshot.name,
            "timezone": snapshot.timezone,
            "created_at": snapshot.created_at,
        },
        "from": snapshot.start.isoformat() if snapshot.start else None,
        "to": snapshot.end.isoformat() if snapshot.end else None,
        "tables": {name: list(rows) for name, rows in snapshot.tables.items()},
    }


def write_json(snapshot: Snapshot, out: BinaryIO) -> None:
    text = json.dumps(document(snapshot), ensure_ascii=False, indent=1, sort_keys=True)
    out.write(text.encode("utf-8") + b"\n")


def _load(stream: BinaryIO) -> Any:
    data = stream.read(MAX_BYTES)
    if stream.read(1):
        raise InvalidEntry("file", "is larger than 2 GB: not a fibrotrack export")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidEntry("file", "is not UTF-8 text: not a fibrotrack export") from None
    except json.JSONDecodeError as error:
        raise InvalidEntry(
            f"line {error.lineno}, column {error.colno}", f"is not JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise InvalidEntry("file", "is nested too deeply to be a fibrotrack export") from None


def _created_at(text: Any) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        raise InvalidEntry(
            "person.created_at", f"{str(text)[:40]!r} is not a date and time"
        ) from None
    if moment.tzinfo is None:
        raise InvalidEntry("person.created_at", "has no time zone offset")
    return moment


def read_json(stream: BinaryIO, options: ImportOptions) -> Iterator[Record]:
    loaded = _load(stream)
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        raise InvalidEntry("format", "this is not a fibrotrack JSON export")
    version = loaded.get("version")
    if version != VERSION:
        raise InvalidEntry(
            "version",
            f"this export is version {version!r}; this fibrotrack reads version {VERSION}",
        )
    person = loaded.get("person")
    tables = loaded.get("tables")
    if not isinstance(person, dict) or not isinstance(tables, dict):
        raise InvalidEntry("file", "a fibrotrack export needs 'person' and 'tables' objects")
    name, timezone = person.get("name"), person.get("timezone")
    if name is not None and not isinstance(name, str):
        raise InvalidEntry("person.name", "is not text")
    if timezone is not None and not isinstance(timezone, str):
        raise InvalidEntry("person.timezone", "is not text")
    yield PersonProfile(
        key=None, name=name, timezone=timezone, created_at=_created_at(person.get("created_at"))
    )
    for table, rows in tables.items():
        if not isinstance(rows, list):
            raise InvalidEntry(f"tables.{table}", "is not a list of rows")
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InvalidEntry(f"tables.{table}[{index}]", "is not an object")
            yield Row(table=str(table), values=row, line=index)


FIBROTRACK_JSON = register_importer(
    Importer(
        name="json",
        label="fibrotrack JSON",
        source="fibrotrack",
        read=read_json,
        summary="fibrotrack's own export: everything of a person, each value with its "
        "original source.",
    )
)
FIBROTRACK_JSON_EXPORT = register_exporter(
    Exporter(
        name="json",
        label="fibrotrack JSON",
        suffix=".json",
        media_type="application/json",
        write=write_json,
        summary="Everything of the person, lossless: import it into any fibrotrack.",
    )
)
