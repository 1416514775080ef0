"""Visible (the pacing app): its CSV health-data export.

Long format, one row per tracker and day:
``observation_date,tracker_name,tracker_category,observation_value`` (formats.md §4). Symptom
and exertion ratings are 0–3, the sleep rating 0–2, the stability score 1–5, FUNCAP items 0–6,
crash and period days 0/1, HRV in ms and resting heart rate in bpm; a ``Note`` row carries
free text in the value column.

Every tracker keeps Visible's own scale: a 0–3 fatigue rating is ``visible_fatigue`` (0–3),
never the 0–10 core fatigue. Resting heart rate and period mean the same as other apps'
and join the shared variables. Quirks handled: spaces after names and values, ``;`` as the
delimiter, the renamings ``HR Variability``→``HRV``, ``Menstrual``→``Experience`` and the FUNCAP
item "…one A4 page long"→"…one page long". Symptoms Visible left out on a day stay missing.
"""

import re
from collections.abc import Iterator
from typing import BinaryIO

from fibrotrack.diary import InvalidEntry, Pillar, VariableDefinition, VariableKind, check_value
from fibrotrack.interop.delimited import (
    iso_day,
    number,
    read_table,
    require_columns,
    require_fields,
)
from fibrotrack.interop.records import ImportOptions, Noted, Observed, Record, Skipped
from fibrotrack.interop.registry import Importer, register_importer
from fibrotrack.interop.variables import PERIOD, RESTING_HEART_RATE, slug, tracker

APP = "Visible"
SOURCE = "visible"
COLUMNS = ("observation_date", "tracker_name", "tracker_category", "observation_value")
EXERTION = {"cognitive", "physical", "social", "emotional"}

HRV = tracker(
    APP,
    "HRV",
    kind=VariableKind.NUMBER,
    pillar=Pillar.NERVOUS_SYSTEM,
    unit="ms",
    minimum=0,
    maximum=1000,
    higher_is_worse=False,
    key="visible_hrv",
    description="Visible's morning heart rate variability reading (called 'HR Variability' "
    "in older exports).",
)
STABILITY = tracker(
    APP,
    "Stability score",
    kind=VariableKind.SCALE,
    pillar=Pillar.NERVOUS_SYSTEM,
    minimum=1,
    maximum=5,
    description="Visible's daily stability score, 1–5, as the app computed it.",
)
SLEEP = tracker(
    APP,
    "Sleep",
    kind=VariableKind.SCALE,
    pillar=Pillar.SLEEP,
    minimum=0,
    maximum=2,
    description="Visible's 0–2 sleep rating, in the app's own direction.",
)


def _funcap_item(name: str) -> str:
    """FUNCAP item text with the 2025→2026 renaming undone ("one A4 page" → "one page")."""
    return re.sub(r"\bA4\s+", "", name.strip())


def definition(name: str, category: str) -> VariableDefinition | None:
    """The variable for a Visible tracker, or None for a note."""
    tracker_name, tracker_key, group = name.strip(), name.strip().casefold(), category.strip()
    group_key = group.casefold()
    if group_key == "note":
        return None
    if group_key == "measurement":
        if tracker_key in {"hrv", "hr variability"}:
            return HRV
        if tracker_key == "resting hr":
            return RESTING_HEART_RATE
        if tracker_key == "stability score":
            return STABILITY
        return tracker(APP, tracker_name, kind=VariableKind.NUMBER, pillar=Pillar.NERVOUS_SYSTEM)
    if tracker_key == "period":
        return PERIOD
    if group_key == "sleep":
        return SLEEP
    if group_key in {"experience", "menstrual"}:
        return tracker(
            APP,
            tracker_name,
            kind=VariableKind.SCALE,
            pillar=Pillar.SYMPTOMS,
            minimum=0,
            maximum=1,
            higher_is_worse=True,
            description=f"A Visible '{group}' day: 1 yes, 0 no.",
        )
    if group_key.startswith("funcap"):
        item = _funcap_item(tracker_name)
        area = group.partition("_")[2] or group
        return tracker(
            APP,
            f"FUNCAP {area}: {item}",
            kind=VariableKind.SCALE,
            pillar=Pillar.MOVEMENT,
            minimum=0,
            maximum=6,
            higher_is_worse=False,
            key=f"visible_funcap_{slug(item)}",
            description="A FUNCAP27 item as answered in Visible (monthly), 0 = not possible, "
            "6 = no difficulty.",
        )
    if group_key in EXERTION:
        return tracker(
            APP,
            tracker_name,
            kind=VariableKind.SCALE,
            pillar=Pillar.MOVEMENT,
            minimum=0,
            maximum=3,
            description=f"Visible's 0–3 rating of {group.lower()} exertion.",
        )
    if group_key == "custom":
        return tracker(APP, tracker_name, kind=VariableKind.NUMBER, pillar=None)
    return tracker(
        APP,
        tracker_name,
        kind=VariableKind.SCALE,
        pillar=Pillar.SYMPTOMS,
        minimum=0,
        maximum=3,
        higher_is_worse=True,
        description=f"Visible's 0–3 symptom rating ({group}).",
    )


def read_visible(stream: BinaryIO, options: ImportOptions) -> Iterator[Record]:
    table = read_table(stream, delimiters=",;")
    require_columns(table, COLUMNS, "a Visible export")
    definitions: dict[tuple[str, str], VariableDefinition | None] = {}
    for line, row in table.rows:
        require_fields(row, len(COLUMNS), line)
        day = iso_day(row[0], line)
        name, category = row[1], row[2]
        raw = table.delimiter.join(row[3:]).strip()
        if not name.strip():
            yield Skipped(line, "the tracker name is empty")
            continue
        known = (name, category)
        if known not in definitions:
            definitions[known] = definition(name, category)
        variable = definitions[known]
        if variable is None:
            if raw:
                yield Noted(day=day, text=raw, line=line)
            continue
        if not raw:
            continue
        value = number(raw)
        if value is None:
            yield Skipped(line, f"{name.strip()}: {raw[:40]!r} is not a number")
            continue
        try:
            check_value(variable, value)
        except InvalidEntry as problem:
            yield Skipped(line, f"{name.strip()}: {problem.message}")
            continue
        yield Observed(day=day, variable=variable, value=value, raw=raw, line=line)


VISIBLE = register_importer(
    Importer(
        name="visible",
        label="Visible (CSV)",
        source=SOURCE,
        read=read_visible,
        summary="Visible's 'Export Health Data' CSV: symptoms, exertion, sleep, HRV, resting "
        "heart rate, stability score, FUNCAP, crashes and notes.",
    )
)
