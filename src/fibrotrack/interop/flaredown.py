"""Flaredown: the public research dump (long, many people), a member's own export (wide) and
its notes file (formats.md §1–2).

- Research dump ``user_id,age,sex,country,checkin_date,trackable_id,trackable_type,
  trackable_name,trackable_value``: rows in no particular order, many people. Import one person
  (``user``) into the chosen person, or each person as a new person (``each_user``); a file
  with several people and neither choice is refused, naming how many it holds.
- Member export: ``Date``, one column per condition, symptom and treatment name, then
  ``Tags``, ``Foods`` and the weather columns. A column holding anything but numbers is a
  treatment column.
- Notes export: ``date,note``.

Mapping: conditions and symptoms (0 not active – 4 extremely active) → ``flaredown_<name>``
0–4 (a condition and a symptom of the same name are one variable); treatments →
``flaredown_treatment_<name>`` 1 taken / 0 "Not Taken", the dose text kept raw; tags → tags;
foods → food tags; weather → ``weather_*`` variables in Flaredown's default units (°F, mb;
a member may have chosen others, the raw value is kept) and the summary icon as a tag
(``weather_rain``). Age, sex and country are not kept.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from fibrotrack.diary import (
    InvalidEntry,
    Pillar,
    TagCategory,
    VariableDefinition,
    VariableKind,
    check_value,
)
from fibrotrack.interop.delimited import Table, iso_day, number, read_table, require_fields
from fibrotrack.interop.records import (
    ImportOptions,
    Noted,
    Observed,
    PersonProfile,
    Record,
    Skipped,
)
from fibrotrack.interop.registry import Importer, register_importer
from fibrotrack.interop.variables import slug, tag, tracker

APP = "Flaredown"
SOURCE = "flaredown"
DUMP_COLUMNS = (
    "user_id",
    "age",
    "sex",
    "country",
    "checkin_date",
    "trackable_id",
    "trackable_type",
    "trackable_name",
    "trackable_value",
)
NOTES_COLUMNS = ("date", "note")
TAKEN = {"taken": 1.0, "not taken": 0.0}


def _weather(key: str, label: str, unit: str | None) -> VariableDefinition:
    return VariableDefinition(
        key=f"weather_{key}",
        label=f"Weather: {label}",
        kind=VariableKind.NUMBER,
        pillar=Pillar.ENVIRONMENT,
        unit=unit,
        description=f"{label.capitalize()} where the person lives, as Flaredown recorded it.",
    )


WEATHER = {
    "temperature_min": _weather("temperature_min", "minimum temperature", "°F"),
    "temperature_max": _weather("temperature_max", "maximum temperature", "°F"),
    "precip_intensity": _weather("precip_intensity", "precipitation intensity", None),
    "pressure": _weather("pressure", "pressure", "mb"),
    "humidity": _weather("humidity", "humidity", None),
}
WIDE_WEATHER = {
    "weather max temperature": "temperature_max",
    "weather min temperature": "temperature_min",
    "weather pressure": "pressure",
    "weather precipitation intensity": "precip_intensity",
    "weather humidity": "humidity",
}


def rating(name: str) -> VariableDefinition:
    return tracker(
        APP,
        name,
        kind=VariableKind.SCALE,
        pillar=Pillar.SYMPTOMS,
        minimum=0,
        maximum=4,
        higher_is_worse=True,
        description="Flaredown condition or symptom: 0 not active – 4 extremely active.",
    )


def treatment(name: str) -> VariableDefinition:
    return tracker(
        APP,
        name,
        kind=VariableKind.SCALE,
        pillar=None,
        minimum=0,
        maximum=1,
        key=f"flaredown_treatment_{slug(name)}",
        description="A Flaredown treatment: 1 taken, 0 not taken; the dose is kept as written.",
    )


def weather_icon(icon: str) -> VariableDefinition:
    return tag(f"weather {icon}", TagCategory.TRIGGER)


@dataclass(frozen=True)
class _Cell:
    line: int
    day: date
    kind: str
    name: str
    value: str
    person: str | None


def _records(cell: _Cell) -> Iterator[Record]:
    """The records of one tracked item of one day."""
    kind, text = cell.kind.casefold(), cell.value.strip()
    if kind in {"condition", "symptom"}:
        if not text:
            return
        variable = rating(cell.name)
        value = number(text)
    elif kind == "treatment":
        variable = treatment(cell.name)
        value = TAKEN.get(text.casefold(), 1.0)
    elif kind in {"tag", "food"}:
        category = TagCategory.FOOD if kind == "food" else TagCategory.OTHER
        yield Observed(
            day=cell.day,
            variable=tag(cell.name, category),
            value=1.0,
            raw=text or None,
            person=cell.person,
            line=cell.line,
        )
        return
    elif kind == "weather":
        if not text:
            return
        if cell.name.casefold() == "icon":
            variable, value = weather_icon(text), 1.0
        elif cell.name.casefold() in WEATHER:
            variable, value = WEATHER[cell.name.casefold()], number(text)
        else:
            yield Skipped(cell.line, f"unknown weather measure {cell.name[:40]!r}")
            return
    else:
        if not text:
            return
        variable = tracker(APP, f"{cell.kind} {cell.name}", kind=VariableKind.NUMBER, pillar=None)
        value = number(text)
    if value is None:
        yield Skipped(cell.line, f"{cell.name[:40]}: {text[:40]!r} is not a number")
        return
    try:
        check_value(variable, value)
    except InvalidEntry as problem:
        yield Skipped(cell.line, f"{cell.name[:40]}: {problem.message}")
        return
    yield Observed(
        day=cell.day,
        variable=variable,
        value=value,
        raw=text or None,
        person=cell.person,
        line=cell.line,
    )


def _several_people(users: dict[str, int]) -> InvalidEntry:
    shown = ", ".join(list(users)[:3])
    return InvalidEntry(
        "user",
        f"this research dump holds {len(users)} people ({shown}, …); choose one with "
        "--user ID, or import each as a person of their own with --each-user",
    )


def _read_dump(table: Table, options: ImportOptions) -> Iterator[Record]:
    users: dict[str, int] = {}
    wanted = options.user.strip() if options.user else None
    found = False
    for line, row in table.rows:
        require_fields(row, len(DUMP_COLUMNS), line)
        user = row[0].strip()
        if not user:
            yield Skipped(line, "the user_id is empty")
            continue
        if user not in users:
            users[user] = line
            if options.each_user:
                yield PersonProfile(key=user, name=f"Flaredown {user[:16]}")
        if wanted is not None and user != wanted:
            continue
        if wanted is None and not options.each_user and len(users) > 1:
            continue
        found = True
        cell = _Cell(
            line=line,
            day=iso_day(row[4], line),
            kind=row[6].strip(),
            name=row[7].strip(),
            value=",".join(row[8:]),
            person=user if options.each_user else None,
        )
        if not cell.name:
            yield Skipped(line, "the trackable_name is empty")
            continue
        yield from _records(cell)
    if wanted is not None and not found:
        raise InvalidEntry("user", f"no rows of user {wanted[:40]!r} in this file")
    if wanted is None and not options.each_user and len(users) > 1:
        raise _several_people(users)


def _read_wide(table: Table) -> Iterator[Record]:
    rows = list(table.rows)
    header = table.header
    lists = {"tags": "tag", "foods": "food"}
    trackers = [
        index
        for index, name in enumerate(header)
        if index
        and name.casefold() not in lists
        and name.casefold() != "weather summary"
        and name.casefold() not in WIDE_WEATHER
    ]
    treatments = {
        index
        for index in trackers
        for _, row in rows
        if index < len(row) and row[index].strip() and number(row[index]) is None
    }
    for line, row in rows:
        require_fields(row, len(header), line)
        day = iso_day(row[0], line)
        for index, name in enumerate(header[1:], 1):
            text = row[index]
            if not text.strip():
                continue
            key = name.casefold()
            if key in lists:
                for item in text.split(";"):
                    if item.strip():
                        yield from _records(_Cell(line, day, lists[key], item.strip(), "", None))
            elif key == "weather summary":
                yield from _records(_Cell(line, day, "weather", "icon", text, None))
            elif key in WIDE_WEATHER:
                yield from _records(_Cell(line, day, "weather", WIDE_WEATHER[key], text, None))
            else:
                kind = "treatment" if index in treatments else "symptom"
                yield from _records(_Cell(line, day, kind, name, text, None))


def read_flaredown(stream: BinaryIO, options: ImportOptions) -> Iterator[Record]:
    table = read_table(stream, delimiters=",;")
    header = [name.casefold() for name in table.header]
    if header == list(DUMP_COLUMNS):
        yield from _read_dump(table, options)
    elif header == list(NOTES_COLUMNS):
        for line, row in table.rows:
            require_fields(row, 2, line)
            text = ",".join(row[1:]).strip()
            if text:
                yield Noted(day=iso_day(row[0], line), text=text, line=line)
    elif header and header[0] == "date" and "tags" in header:
        if options.user or options.each_user:
            raise InvalidEntry("user", "this is one member's own export; it has no users")
        yield from _read_wide(table)
    else:
        shown = table.delimiter.join(table.header)[:120]
        raise InvalidEntry(
            "line 1",
            "this is not a Flaredown export: expected the research dump's columns "
            f"({','.join(DUMP_COLUMNS)}), a member export (Date, …, Tags, Foods, …) or "
            f"notes (date,note); found {shown!r}",
        )


FLAREDOWN = register_importer(
    Importer(
        name="flaredown",
        label="Flaredown (CSV)",
        source=SOURCE,
        read=read_flaredown,
        summary="Flaredown's research dump (one person, or each as a person), a member's own "
        "export and its notes: conditions, symptoms, treatments, tags, foods, weather.",
    )
)
