"""Queries on a person's diet protocols, lab results, periods and questionnaire schedules."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrotrack.diary import day_value
from fibrotrack.storage.models import (
    DietDay,
    DietProtocol,
    LabResultEntry,
    MenstrualPeriod,
    Observation,
    QuestionnaireResponse,
    QuestionnaireSchedule,
    Variable,
)


def diet_protocols(session: Session, *, person_id: int) -> list[DietProtocol]:
    """A person's protocols, oldest first."""
    return list(
        session.scalars(
            select(DietProtocol)
            .where(DietProtocol.person_id == person_id)
            .order_by(DietProtocol.start_day, DietProtocol.id)
        )
    )


def diet_days(session: Session, *, person_id: int, protocol_id: int) -> list[DietDay]:
    return list(
        session.scalars(
            select(DietDay)
            .where(DietDay.person_id == person_id, DietDay.protocol_id == protocol_id)
            .order_by(DietDay.day)
        )
    )


def lab_results(
    session: Session, *, person_id: int, analyte: str | None = None
) -> list[LabResultEntry]:
    """A person's lab results by analyte, then date."""
    query = select(LabResultEntry).where(LabResultEntry.person_id == person_id)
    if analyte is not None:
        query = query.where(LabResultEntry.analyte == analyte)
    return list(
        session.scalars(
            query.order_by(LabResultEntry.analyte, LabResultEntry.day, LabResultEntry.id)
        )
    )


def menstrual_periods(session: Session, *, person_id: int) -> list[MenstrualPeriod]:
    return list(
        session.scalars(
            select(MenstrualPeriod)
            .where(MenstrualPeriod.person_id == person_id)
            .order_by(MenstrualPeriod.start_day)
        )
    )


def questionnaire_schedules(session: Session, *, person_id: int) -> list[QuestionnaireSchedule]:
    return list(
        session.scalars(
            select(QuestionnaireSchedule)
            .where(QuestionnaireSchedule.person_id == person_id)
            .order_by(QuestionnaireSchedule.instrument)
        )
    )


def last_taken(session: Session, *, person_id: int) -> dict[str, date]:
    """The last day each questionnaire was answered, keyed by the instrument's name folded to
    letters and digits (``PHQ-9`` → ``phq9``)."""
    rows = session.execute(
        select(QuestionnaireResponse.instrument, func.max(QuestionnaireResponse.day))
        .where(QuestionnaireResponse.person_id == person_id)
        .group_by(QuestionnaireResponse.instrument)
    )
    latest: dict[str, date] = {}
    for instrument, day in rows:
        key = "".join(character for character in instrument.casefold() if character.isalnum())
        if key not in latest or day > latest[key]:
            latest[key] = day
    return latest


def daily_values(
    session: Session, *, person_id: int, keys: Sequence[str], start: date, end: date
) -> dict[str, dict[date, float]]:
    """Each variable's value per logged day in [start, end]; where several sources gave one,
    the same source wins as in the history (the check-in, else the first alphabetically).
    Days without a value are absent: missing, never zero."""
    rows = session.execute(
        select(Variable.key, Observation.day, Observation.source, Observation.value)
        .join(Variable, Observation.variable_id == Variable.id)
        .where(
            Observation.person_id == person_id,
            Variable.key.in_(list(keys)),
            Observation.day >= start,
            Observation.day <= end,
        )
    )
    by_source: dict[tuple[str, date], dict[str, float | None]] = {}
    for key, day, source, value in rows:
        if value is not None:
            by_source.setdefault((key, day), {})[source] = value
    values: dict[str, dict[date, float]] = {key: {} for key in keys}
    for (key, day), sources in sorted(by_source.items()):
        value = day_value(sources)
        if value is not None:
            values[key][day] = value
    return values
