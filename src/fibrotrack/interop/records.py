"""What an importer reads from a file: plain records, no database.

An importer turns a file into a stream of these records; the import service checks them and
writes them. Nothing here knows about storage, so every importer can be tested on a file alone.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fibrotrack.diary import VariableDefinition


@dataclass(frozen=True, slots=True)
class Observed:
    """One value of one variable on one local date.

    ``raw`` is what the file said, kept beside the mapped value for lossless export. ``person``
    is the file's own id for the person when a file holds several people (None: the person
    being imported into). ``source`` overrides the importer's source (fibrotrack JSON keeps
    each observation's original source).
    """

    day: date
    variable: VariableDefinition
    value: float | None
    raw: str | None = None
    person: str | None = None
    source: str | None = None
    recorded_at: datetime | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Noted:
    """Free text of a day: a note, a journal entry or a milestone (``kind``)."""

    day: date
    text: str
    kind: str = "day"
    person: str | None = None
    source: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """A whole row of another table, as fibrotrack JSON stores it (JSON values, columns by
    name). Only fibrotrack's own format produces these; the service converts and checks them."""

    table: str
    values: Mapping[str, Any]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class PersonProfile:
    """Who a file is about. ``key`` is the file's id for the person (None: the person being
    imported into, whose name and time zone are only filled in when they have none yet)."""

    key: str | None
    name: str | None = None
    timezone: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that was read but not imported, with the reason and where it is in the file."""

    line: int
    reason: str


Record = Observed | Noted | Row | PersonProfile | Skipped


@dataclass(frozen=True)
class ImportOptions:
    """What an import needs to know besides the file.

    ``timezone`` is the person's IANA zone: wearables' timestamps are turned into the person's
    local dates with it. ``user`` and ``each_user`` choose people in a file that holds many
    (the Flaredown research dump). ``mapping`` maps a generic CSV's columns to variable keys
    (None ignores a column); ``known`` are the person's variables, so a column can be mapped to
    one they already have.
    """

    timezone: str = "UTC"
    user: str | None = None
    each_user: bool = False
    mapping: Mapping[str, str | None] = field(default_factory=dict)
    known: Mapping[str, VariableDefinition] = field(default_factory=dict)
