"""The menstrual cycle: log periods (and delete a mistyped one), see today's cycle day and
symptoms by phase."""

from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.body.cycle import (
    USUAL_CYCLE_DAYS,
    Cycle,
    CycleDay,
    Period,
    PhaseSymptoms,
    check_period,
    cycle_day_of,
    cycle_days,
    cycle_lengths,
    cycles,
    predicted_length,
    symptoms_by_phase,
)
from fibrotrack.diary import InvalidEntry
from fibrotrack.storage.body import daily_values, menstrual_periods
from fibrotrack.storage.models import MenstrualPeriod, Person

SYMPTOMS = ("pain", "fatigue")
PHASES_NOTE = (
    "Phases other than bleeding are estimated from the calendar (luteal phase about 14 days "
    "before the next period), not measured. The current cycle is provisional and left out of "
    "symptoms by phase."
)


def log_period(
    session: Session, *, person: Person, today: date, start: date | None, end: date | None
) -> MenstrualPeriod:
    """Record a period's start (and end), or with only ``end`` close the latest open period.
    Everything is checked against the other periods before anything is written."""
    rows = menstrual_periods(session, person_id=person.id)
    row: MenstrualPeriod | None
    if start is None:
        if end is None:
            raise InvalidEntry("start", "give the first day, the last day or both")
        open_rows = [row for row in rows if row.end_day is None]
        if not open_rows:
            raise InvalidEntry("end", "no period without an end is logged; give its first day too")
        row = open_rows[-1]
        start = row.start_day
    else:
        row = next((r for r in rows if r.start_day == start), None)
        if row is not None and end is None:
            end = row.end_day
    others = [Period(r.start_day, r.end_day) for r in rows if r is not row]
    check_period(Period(start, end), others, today)
    if row is None:
        row = MenstrualPeriod(person_id=person.id, start_day=start)
        session.add(row)
    row.end_day = end
    session.flush()
    return row


def period_starting(session: Session, *, person: Person, start: date) -> MenstrualPeriod:
    """The person's period that starts on ``start``; ``InvalidEntry`` naming ``start`` when
    they have none."""
    row = next(
        (r for r in menstrual_periods(session, person_id=person.id) if r.start_day == start), None
    )
    if row is None:
        raise InvalidEntry("start", f"no period of yours starts on {start.isoformat()}")
    return row


def delete_period(session: Session, *, person: Person, start: date) -> MenstrualPeriod:
    """Remove the person's period that starts on ``start`` (to log it again with the right
    dates)."""
    row = period_starting(session, person=person, start=start)
    session.delete(row)
    session.flush()
    return row


def periods_of(session: Session, *, person: Person) -> list[Period]:
    return [
        Period(row.start_day, row.end_day)
        for row in menstrual_periods(session, person_id=person.id)
    ]


@dataclass(frozen=True)
class CycleSummary:
    today: CycleDay | None
    cycles: list[Cycle]
    predicted_length: int | None
    by_phase: dict[str, list[PhaseSymptoms]]


def cycle_summary(session: Session, *, person: Person, today: date) -> CycleSummary:
    periods = periods_of(session, person=person)
    if not periods:
        raise InvalidEntry("cycle", "no period logged yet; log one first")
    found = cycles(periods)
    days = cycle_days(periods, periods[0].start, today)
    values = daily_values(
        session, person_id=person.id, keys=SYMPTOMS, start=periods[0].start, end=today
    )
    by_phase = {symptom: symptoms_by_phase(days, values[symptom]) for symptom in SYMPTOMS}
    return CycleSummary(
        today=cycle_day_of(found, today),
        cycles=found,
        predicted_length=predicted_length(found),
        by_phase=by_phase,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def cycle_summary_json(summary: CycleSummary) -> dict[str, Any]:
    lengths = cycle_lengths(summary.cycles)
    today = summary.today
    return {
        "today": None
        if today is None
        else {
            "date": today.day.isoformat(),
            "cycle_day": today.cycle_day,
            "phase": today.phase.value,
            "provisional": today.provisional,
        },
        "cycles": [
            {
                "start": cycle.start.isoformat(),
                "length": cycle.length,
                "gap": cycle.gap,
                "bleeding_days": cycle.bleeding_days,
                "bleeding_logged": cycle.bleeding_logged,
                "in_usual_range": cycle.usual_length,
            }
            for cycle in summary.cycles
        ],
        "median_length": None if not lengths else median(lengths),
        "shortest": min(lengths, default=None),
        "longest": max(lengths, default=None),
        "predicted_length": summary.predicted_length,
        "usual_range": list(USUAL_CYCLE_DAYS),
        "symptoms_by_phase": {
            symptom: [
                {
                    "phase": row.phase.value,
                    "cycles": row.cycles,
                    "days": row.days,
                    "mean": _round(row.mean),
                    "interval": None if row.low is None else [_round(row.low), _round(row.high)],
                }
                for row in rows
            ]
            for symptom, rows in summary.by_phase.items()
        },
        "note": PHASES_NOTE,
    }
