"""Bearable: its CSV export, one row per logged item (formats.md §3).

Two header generations: ``date,weekday,time of day,category,rating/amount,detail,notes`` (A)
and the same with ``date formatted`` after ``date`` (B). Dates are ``22nd Sep 2020`` (A) or
ISO in ``date formatted`` (B). A day can hold several rows of one item (morning and evening
mood); they are combined into one value per day as described for each category below, and
every row's own text is kept in the raw value.

- Mood → ``bearable_mood`` (daily mean; Bearable's scale maximum is not documented, so no
  maximum is assumed); the emotions in ``detail`` (``Meh | Anxious``) → tags.
- Energy ``4 Good`` → ``bearable_energy`` 1–5 (daily mean).
- Symptom 1–4 (Mild, Moderate, Severe, Unbearable; the word repeated in ``detail``) →
  ``bearable_symptom_<name>`` 0–4 (the day's worst).
- Sleep ``9:45`` → the core ``sleep_hours`` (9.75; naps added); the asleep/in-bed times are
  kept raw. Sleep quality → ``bearable_sleep_quality`` (daily mean).
- Meds/Supplements ``200`` + ``Ibuprofen (mg)`` → ``bearable_med_ibuprofen`` in mg (daily
  sum); without an amount, a tag.
- Factors and the other pipe-separated lists (``☕ Caffeine - Little | 💣 Stress``) → tags
  (emoji and level dropped from the name, kept raw); food lists → food tags.
- Health measurements → resting heart rate, or ``bearable_<metric>``; Period → ``period``
  and ``menstrual_flow``; Bowel movements → a daily count; Water → daily sum.
- Gratitudes and extra notes → journal notes; the ``notes`` column → the day's note.
- A category fibrotrack does not know (custom ratings): a number → ``bearable_<category>``
  (daily mean), a list → tags.
"""

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from statistics import mean
from typing import BinaryIO

from fibrotrack.diary import (
    InvalidEntry,
    Pillar,
    TagCategory,
    VariableDefinition,
    VariableKind,
    check_value,
)
from fibrotrack.interop.delimited import iso_day, number, read_table, require_fields
from fibrotrack.interop.records import ImportOptions, Noted, Observed, Record, Skipped
from fibrotrack.interop.registry import Importer, register_importer
from fibrotrack.interop.variables import (
    FLOW_LEVELS,
    MENSTRUAL_FLOW,
    PERIOD,
    RESTING_HEART_RATE,
    SLEEP_HOURS,
    slug,
    tag,
    tracker,
)

APP = "Bearable"
SOURCE = "bearable"
GENERATION_A = ("date", "weekday", "time of day", "category", "rating/amount", "detail", "notes")
GENERATION_B = (
    "date",
    "date formatted",
    "weekday",
    "time of day",
    "category",
    "rating/amount",
    "detail",
    "notes",
)
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
SEVERITY = {"none": 0, "mild": 1, "moderate": 2, "severe": 3, "unbearable": 4}
LIST_CATEGORIES = {
    "factors",
    "sleep factors",
    "lifestyle",
    "social",
    "work",
    "personal care",
    "behavioural patterns",
    "behavioral patterns",
    "active",
}
FOOD_CATEGORIES = {"food diary", "food diary factors", "nutrition"}
JOURNAL_CATEGORIES = {"gratitudes", "extra notes"}
_ORDINAL_DATE = re.compile(r"^\s*(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?\s+(\d{4})\s*$")
_LEADING_SYMBOLS = re.compile(r"^[^\w(]+")
_TRAILING_LABEL = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_DURATION = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")

MOOD = tracker(
    APP,
    "Mood",
    kind=VariableKind.NUMBER,
    pillar=Pillar.EMOTIONAL,
    minimum=0,
    higher_is_worse=False,
    description="Bearable's mood rating, mean of the day's entries (scale maximum as in the app).",
)
ENERGY = tracker(
    APP,
    "Energy",
    kind=VariableKind.NUMBER,
    pillar=Pillar.SYMPTOMS,
    minimum=1,
    maximum=5,
    higher_is_worse=False,
    description="Bearable's 1–5 energy rating (2 Poor, 3 OK, 4 Good), mean of the day's entries.",
)
SLEEP_QUALITY = tracker(
    APP,
    "Sleep quality",
    kind=VariableKind.NUMBER,
    pillar=Pillar.SLEEP,
    minimum=0,
    higher_is_worse=False,
    description="Bearable's sleep quality rating (Poor, OK, Good, Great), mean of the day's.",
)
BOWEL_MOVEMENTS = tracker(
    APP,
    "Bowel movements",
    kind=VariableKind.COUNT,
    pillar=Pillar.GUT,
    minimum=0,
    description="Bowel movements logged on the day.",
)
WATER = tracker(
    APP,
    "Water",
    kind=VariableKind.NUMBER,
    pillar=Pillar.GUT,
    minimum=0,
    description="Water logged on the day, in Bearable's unit (daily sum).",
)


def _combine_mean(values: list[float]) -> float:
    return mean(values)  # exact: never overflows, unlike a float sum


@dataclass
class _Day:
    """What one day holds for one variable, before the rows are combined."""

    variable: VariableDefinition
    combine: Callable[[list[float]], float]
    line: int
    values: list[float] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)


class _Collector:
    def __init__(self) -> None:
        self.days: dict[tuple[date, str], _Day] = {}

    def add(
        self,
        row: "_Row",
        variable: VariableDefinition,
        value: float,
        raw: str,
        combine: Callable[[list[float]], float],
    ) -> None:
        entry = self.days.setdefault((row.day, variable.key), _Day(variable, combine, row.line))
        entry.values.append(value)
        if raw:
            entry.raws.append(raw)

    def observations(self) -> Iterator[Observed | Skipped]:
        for (day, _), entry in sorted(self.days.items(), key=lambda item: item[0]):
            value = entry.combine(entry.values)
            if not math.isfinite(value):
                reason = "the day's values add up to more than a number can hold"
                yield Skipped(entry.line, f"{entry.variable.label}: {reason}")
                continue
            yield Observed(
                day=day,
                variable=entry.variable,
                value=value,
                raw=" | ".join(entry.raws) or None,
                line=entry.line,
            )


def parse_date(text: str, line: int) -> date:
    """Bearable's ``22nd Sep 2020``, or an ISO date."""
    match = _ORDINAL_DATE.match(text)
    if match is None:
        return iso_day(text, line)
    day_text, month_text, year_text = match.groups()
    month = MONTHS.get(month_text[:3].casefold())
    try:
        if month is None:
            raise ValueError(month_text)
        return date(int(year_text), month, int(day_text))
    except ValueError:
        raise InvalidEntry(f"line {line}", f"{text.strip()!r} is not a real date") from None


def item_name(text: str) -> str:
    """An item as Bearable writes it, without emoji in front: ``☕ Caffeine`` → ``Caffeine``."""
    return _LEADING_SYMBOLS.sub("", text).strip()


def list_items(detail: str) -> list[tuple[str, str]]:
    """``☕ Caffeine - Little | Alcohol`` → [("Caffeine", "☕ Caffeine - Little"), ...]."""
    items = []
    for part in detail.split("|"):
        original = part.strip()
        name = item_name(original.rsplit(" - ", 1)[0] if " - " in original else original)
        if name:
            items.append((name, original))
    return items


def name_and_label(detail: str) -> tuple[str, str | None]:
    """``Back (lower) pain (Moderate)`` → ("Back (lower) pain", "Moderate")."""
    text = item_name(detail)
    match = _TRAILING_LABEL.match(text)
    if match is None:
        return text, None
    return match.group(1).strip(), match.group(2).strip()


def hours(text: str) -> float | None:
    """``9:45`` → 9.75."""
    match = _DURATION.match(text)
    if match is None:
        return None
    whole, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60:
        return None
    return whole + minutes / 60


def _leading_number(text: str) -> float | None:
    """``4 Good`` → 4."""
    first = text.strip().split(" ", 1)[0] if text.strip() else ""
    return number(first)


@dataclass
class _Row:
    line: int
    day: date
    time: str
    category: str
    amount: str
    detail: str

    @property
    def raw(self) -> str:
        parts = [part for part in (self.amount.strip(), self.detail.strip()) if part]
        text = " ".join(parts)
        return f"{self.time.strip()}: {text}" if self.time.strip() and text else text


class _Reader:
    def __init__(self) -> None:
        self.collected = _Collector()

    def value(
        self,
        row: _Row,
        variable: VariableDefinition,
        value: float | None,
        combine: Callable[[list[float]], float] = _combine_mean,
    ) -> Skipped | None:
        if value is None:
            return Skipped(row.line, f"{row.category}: {row.amount.strip()[:40]!r} is not a number")
        try:
            check_value(variable, value)
        except InvalidEntry as problem:
            return Skipped(row.line, f"{row.category}: {problem.message}")
        self.collected.add(row, variable, value, row.raw, combine)
        return None

    def tags(self, row: _Row, category: TagCategory) -> Skipped | None:
        items = list_items(row.detail)
        if not items:
            return Skipped(row.line, f"{row.category}: nothing listed in 'detail'")
        for name, original in items:
            self.collected.add(row, tag(name, category), 1.0, original, max)
        return None

    def read(self, row: _Row) -> Iterator[Record]:
        category = row.category.strip().casefold()
        handler = _HANDLERS.get(category)
        if handler is not None:
            yield from handler(self, row)
            return
        if category in JOURNAL_CATEGORIES:
            if row.detail.strip():
                text = f"{row.category.strip()}: {row.detail.strip()}"
                yield Noted(day=row.day, text=text, kind="journal", line=row.line)
            return
        if category in LIST_CATEGORIES or category in FOOD_CATEGORIES:
            food = category in FOOD_CATEGORIES
            problem = self.tags(row, TagCategory.FOOD if food else TagCategory.OTHER)
            if problem:
                yield problem
            return
        amount = number(row.amount) if row.amount.strip() else None
        if amount is not None:
            variable = tracker(APP, row.category, kind=VariableKind.NUMBER, pillar=None)
            problem = self.value(row, variable, amount)
        elif row.detail.strip():
            problem = self.tags(row, TagCategory.OTHER)
        else:
            problem = Skipped(row.line, f"{row.category.strip()!r}: no amount and no detail")
        if problem:
            yield problem


def _mood(reader: _Reader, row: _Row) -> Iterator[Record]:
    problem = reader.value(row, MOOD, number(row.amount))
    if problem:
        yield problem
        return
    for name, original in list_items(row.detail):
        reader.collected.add(row, tag(name), 1.0, original, max)


def _energy(reader: _Reader, row: _Row) -> Iterator[Record]:
    problem = reader.value(row, ENERGY, _leading_number(row.amount))
    if problem:
        yield problem


def _symptom(reader: _Reader, row: _Row) -> Iterator[Record]:
    name, label = name_and_label(row.detail)
    if not name:
        yield Skipped(row.line, "Symptom: no symptom named in 'detail'")
        return
    severity = _leading_number(row.amount)
    if severity is None and label is not None:
        words = SEVERITY.get(label.casefold())
        severity = float(words) if words is not None else None
    variable = tracker(
        APP,
        name,
        kind=VariableKind.SCALE,
        pillar=Pillar.SYMPTOMS,
        minimum=0,
        maximum=4,
        higher_is_worse=True,
        key=f"bearable_symptom_{slug(name)}",
        description="Bearable symptom severity: 1 mild, 2 moderate, 3 severe, 4 unbearable "
        "(the day's worst).",
    )
    problem = reader.value(row, variable, severity, max)
    if problem:
        yield problem


def _sleep(reader: _Reader, row: _Row) -> Iterator[Record]:
    duration = hours(row.amount)
    if duration is None:
        yield Skipped(row.line, f"Sleep: {row.amount.strip()[:40]!r} is not a duration (H:MM)")
        return
    problem = reader.value(row, SLEEP_HOURS, duration, sum)
    if problem:
        yield problem


def _sleep_quality(reader: _Reader, row: _Row) -> Iterator[Record]:
    problem = reader.value(row, SLEEP_QUALITY, _leading_number(row.amount))
    if problem:
        yield problem


def _medication(reader: _Reader, row: _Row) -> Iterator[Record]:
    name, unit = name_and_label(row.detail)
    if not name:
        yield Skipped(row.line, "Meds/Supplements: no name in 'detail'")
        return
    if not row.amount.strip():
        reader.collected.add(row, tag(name), 1.0, row.raw, max)
        return
    variable = tracker(
        APP,
        name,
        kind=VariableKind.NUMBER,
        pillar=None,
        minimum=0,
        unit=unit,
        key=f"bearable_med_{slug(name)}",
        description="Amount taken on the day as logged in Bearable (daily sum).",
    )
    problem = reader.value(row, variable, number(row.amount), sum)
    if problem:
        yield problem


def _measurement(reader: _Reader, row: _Row) -> Iterator[Record]:
    metric = item_name(row.detail)
    if not metric:
        yield Skipped(row.line, "Health measurements: no measurement named in 'detail'")
        return
    variable = (
        RESTING_HEART_RATE
        if slug(metric) == "resting_heart_rate"
        else tracker(APP, metric, kind=VariableKind.NUMBER, pillar=None)
    )
    problem = reader.value(row, variable, number(row.amount))
    if problem:
        yield problem


def _period(reader: _Reader, row: _Row) -> Iterator[Record]:
    _, level = name_and_label(row.detail)
    flow = FLOW_LEVELS.get(level.casefold()) if level else None
    phase = row.amount.strip().casefold()
    bleeding = phase == "period" or bool(flow)
    reader.collected.add(row, PERIOD, 1.0 if bleeding else 0.0, row.raw, max)
    if flow is not None:
        reader.collected.add(row, MENSTRUAL_FLOW, float(flow), row.raw, max)
    yield from ()


def _bowel(reader: _Reader, row: _Row) -> Iterator[Record]:
    amount = number(row.amount) if row.amount.strip() else 1.0
    problem = reader.value(row, BOWEL_MOVEMENTS, amount, sum)
    if problem:
        yield problem


def _water(reader: _Reader, row: _Row) -> Iterator[Record]:
    problem = reader.value(row, WATER, number(row.amount), sum)
    if problem:
        yield problem


_HANDLERS: dict[str, Callable[[_Reader, _Row], Iterator[Record]]] = {
    "mood": _mood,
    "energy": _energy,
    "symptom": _symptom,
    "symptoms": _symptom,
    "sleep": _sleep,
    "sleep quality": _sleep_quality,
    "meds/supplements": _medication,
    "health measurements": _measurement,
    "period": _period,
    "bowel movements": _bowel,
    "water": _water,
}


def read_bearable(stream: BinaryIO, options: ImportOptions) -> Iterator[Record]:
    table = read_table(stream, delimiters=",;")
    header = tuple(name.casefold() for name in table.header)
    if header == GENERATION_B:
        offset = 1
    elif header == GENERATION_A:
        offset = 0
    else:
        shown = table.delimiter.join(table.header)[:120]
        raise InvalidEntry(
            "line 1",
            "this is not a Bearable export: expected the columns "
            f"{', '.join(GENERATION_B)} (or without 'date formatted'); found {shown!r}",
        )
    reader = _Reader()
    for line, cells in table.rows:
        require_fields(cells, len(header), line)
        day = iso_day(cells[1], line) if offset else parse_date(cells[0], line)
        row = _Row(
            line=line,
            day=day,
            time=cells[2 + offset],
            category=cells[3 + offset],
            amount=cells[4 + offset],
            detail=cells[5 + offset],
        )
        note = cells[6 + offset].strip()
        if note:
            yield Noted(day=day, text=note, line=line)
        if not row.category.strip():
            yield Skipped(line, "the category is empty")
            continue
        yield from reader.read(row)
    yield from reader.collected.observations()


BEARABLE = register_importer(
    Importer(
        name="bearable",
        label="Bearable (CSV)",
        source=SOURCE,
        read=read_bearable,
        summary="Bearable's CSV export (both header generations): mood, energy, symptoms, "
        "sleep, medications, factors, measurements, period and notes.",
    )
)
