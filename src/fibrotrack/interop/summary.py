"""The preview of an import, built from its records before anything is written: how many
days and people, which variables, the date range, and the rows that will be skipped."""

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fibrotrack.diary import VariableDefinition, describe_range
from fibrotrack.interop.records import Noted, Observed, PersonProfile, Record, Row, Skipped

MAX_SKIPPED_KEPT = 1000


@dataclass
class VariableSeen:
    key: str
    label: str
    scale: str
    values: int = 0


@dataclass
class ImportSummary:
    """What a file holds, as an import would write it."""

    days: set[tuple[str | None, date]] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    variables: dict[str, VariableSeen] = field(default_factory=dict)
    observations: int = 0
    notes: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    skipped_total: int = 0
    first_day: date | None = None
    last_day: date | None = None

    def _day(self, person: str | None, day: date) -> None:
        self.days.add((person, day))
        if self.first_day is None or day < self.first_day:
            self.first_day = day
        if self.last_day is None or day > self.last_day:
            self.last_day = day

    def _variable(self, variable: VariableDefinition) -> None:
        seen = self.variables.get(variable.key)
        if seen is None:
            seen = self.variables[variable.key] = VariableSeen(
                key=variable.key, label=variable.label, scale=describe_range(variable)
            )
        seen.values += 1

    def skip(self, skipped: Skipped) -> None:
        self.skipped_total += 1
        if len(self.skipped) < MAX_SKIPPED_KEPT:
            self.skipped.append(skipped)

    def _row(self, row: Row) -> None:
        """A row of fibrotrack JSON: an observation counts as a value, a note as a note, any
        other row as a row of its table."""
        day = row.values.get("day")
        if isinstance(day, str):
            with suppress(ValueError):
                self._day(None, date.fromisoformat(day))
        variable = row.values.get("variable")
        if row.table == "observations":
            self.observations += 1
            if isinstance(variable, str):
                seen = self.variables.setdefault(variable, VariableSeen(variable, variable, ""))
                seen.values += 1
        elif row.table == "notes":
            self.notes += 1
        else:
            self.rows[row.table] = self.rows.get(row.table, 0) + 1

    def add(self, record: Record) -> None:
        if isinstance(record, Observed):
            self.observations += 1
            self._day(record.person, record.day)
            self._variable(record.variable)
        elif isinstance(record, Noted):
            self.notes += 1
            self._day(record.person, record.day)
        elif isinstance(record, Row):
            self._row(record)
        elif isinstance(record, PersonProfile):
            if record.key is not None:
                self.people.add(record.key)
        else:
            self.skip(record)

    @property
    def day_count(self) -> int:
        return len(self.days)

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON values, for the import log and the web page."""
        return {
            "days": self.day_count,
            "people": len(self.people),
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "observations": self.observations,
            "notes": self.notes,
            "rows": dict(sorted(self.rows.items())),
            "variables": [
                {"key": seen.key, "label": seen.label, "scale": seen.scale, "values": seen.values}
                for seen in sorted(self.variables.values(), key=lambda seen: seen.key)
            ],
            "skipped_total": self.skipped_total,
            "skipped": [
                {"line": skipped.line, "reason": skipped.reason} for skipped in self.skipped
            ],
        }
