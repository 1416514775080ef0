"""Lab results with their units and the lab's own ranges, shown beside symptoms."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.body.labs import DISCUSS, LabResult, find_analyte, find_unit, lab_result
from fibrotrack.diary import InvalidEntry, check_day, check_text
from fibrotrack.storage.body import daily_values, lab_results
from fibrotrack.storage.models import LabResultEntry, Person

SYMPTOM_DAYS = 28
SYMPTOMS = ("pain", "fatigue")
MAX_TEXT = 200
MAX_NOTE = 2000


def add_lab_result(
    session: Session,
    *,
    person: Person,
    day: date,
    today: date,
    analyte: str,
    value: float,
    unit: str,
    low: float | None = None,
    high: float | None = None,
    lab: str | None = None,
    note: str | None = None,
) -> LabResultEntry:
    """Record a result as reported; an unknown analyte or unit is refused, nothing written."""
    check_day(day, today)
    result = lab_result(analyte, value, unit, low, high)
    if lab is not None:
        check_text("lab", lab, MAX_TEXT)
    if note is not None:
        check_text("note", note, MAX_NOTE)
    row = LabResultEntry(
        person_id=person.id,
        day=day,
        analyte=result.analyte.key,
        value=result.value,
        unit=result.unit.name,
        reference_low=result.low,
        reference_high=result.high,
        standard_value=result.standard_value,
        standard_unit=result.analyte.standard.name,
        lab=(lab or "").strip() or None,
        note=(note or "").strip() or None,
    )
    session.add(row)
    session.flush()
    return row


def delete_lab_result(session: Session, *, person: Person, result_id: int) -> LabResultEntry:
    """Remove one of the person's own results; ``InvalidEntry`` for any other id."""
    row = session.get(LabResultEntry, result_id)
    if row is None or row.person_id != person.id:
        raise InvalidEntry("result", "no such lab result of yours")
    session.delete(row)
    session.flush()
    return row


def result_of(row: LabResultEntry) -> LabResult:
    analyte = find_analyte(row.analyte)
    return LabResult(
        analyte, row.value, find_unit(analyte, row.unit), row.reference_low, row.reference_high
    )


@dataclass(frozen=True)
class SymptomsBefore:
    """Mean daily symptoms over the 28 days up to a sample, and how many days were logged."""

    days_logged: int
    means: dict[str, float]


@dataclass(frozen=True)
class LabLine:
    row: LabResultEntry
    result: LabResult
    change: float | None
    symptoms: SymptomsBefore


def lab_history(session: Session, *, person: Person, analyte: str | None = None) -> list[LabLine]:
    """Every result by analyte and date, with the change from the previous result in the
    standard unit and the symptoms of the 4 weeks before each sample (beside, not because)."""
    key = find_analyte(analyte).key if analyte else None
    rows = lab_results(session, person_id=person.id, analyte=key)
    if not rows:
        return []
    first = min(row.day for row in rows) - timedelta(days=SYMPTOM_DAYS - 1)
    values = daily_values(
        session, person_id=person.id, keys=SYMPTOMS, start=first, end=max(row.day for row in rows)
    )
    logged = {day for series in values.values() for day in series}
    lines: list[LabLine] = []
    previous: dict[str, float] = {}
    for row in rows:
        since = row.day - timedelta(days=SYMPTOM_DAYS - 1)
        means = {}
        for symptom in SYMPTOMS:
            window = [value for day, value in values[symptom].items() if since <= day <= row.day]
            if window:
                means[symptom] = mean(window)
        days_logged = sum(1 for day in logged if since <= day <= row.day)
        before = previous.get(row.analyte)
        lines.append(
            LabLine(
                row=row,
                result=result_of(row),
                change=None if before is None else row.standard_value - before,
                symptoms=SymptomsBefore(days_logged=days_logged, means=means),
            )
        )
        previous[row.analyte] = row.standard_value
    return lines


def lab_history_json(lines: Sequence[LabLine]) -> dict[str, Any]:
    return {
        "results": [
            {
                "date": line.row.day.isoformat(),
                "analyte": line.row.analyte,
                "label": line.result.analyte.label,
                "value": line.row.value,
                "unit": line.row.unit,
                "reference_low": line.row.reference_low,
                "reference_high": line.row.reference_high,
                "status": line.result.status.value,
                "message": line.result.message,
                "standard_value": round(line.row.standard_value, 3),
                "standard_unit": line.row.standard_unit,
                "change_from_previous": None if line.change is None else round(line.change, 3),
                "lab": line.row.lab,
                "symptoms_28_days_before": {
                    "days_logged": line.symptoms.days_logged,
                    **{key: round(value, 2) for key, value in line.symptoms.means.items()},
                },
            }
            for line in lines
        ],
        "note": (
            f"Values are compared with each lab's own reference range only; outside it, "
            f"{DISCUSS}. fibrotrack never diagnoses or suggests a dose. Symptoms beside a result "
            "are shown for context, not as its cause."
        ),
    }
