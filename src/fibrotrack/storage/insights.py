"""Queries for the insight engine: interventions, self-experiments, flare confirmations.
Every function takes the person's id: nothing crosses people."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.storage.models import Experiment, ExperimentDay, FlareConfirmation, Intervention


def interventions_of(session: Session, *, person_id: int) -> list[Intervention]:
    """The person's interventions, oldest start first."""
    return list(
        session.scalars(
            select(Intervention)
            .where(Intervention.person_id == person_id)
            .order_by(Intervention.start_day, Intervention.id)
        )
    )


def experiments_of(session: Session, *, person_id: int) -> list[Experiment]:
    """The person's self-experiments, the one started last first (whatever its first day: one
    planned ahead and cancelled never hides the one started after it)."""
    return list(
        session.scalars(
            select(Experiment)
            .where(Experiment.person_id == person_id)
            .order_by(Experiment.id.desc())
        )
    )


def experiment_days(session: Session, *, person_id: int, experiment_id: int) -> list[ExperimentDay]:
    return list(
        session.scalars(
            select(ExperimentDay)
            .where(
                ExperimentDay.person_id == person_id,
                ExperimentDay.experiment_id == experiment_id,
            )
            .order_by(ExperimentDay.day)
        )
    )


def experiment_day(
    session: Session, *, person_id: int, experiment_id: int, day: date
) -> ExperimentDay | None:
    return session.scalars(
        select(ExperimentDay).where(
            ExperimentDay.person_id == person_id,
            ExperimentDay.experiment_id == experiment_id,
            ExperimentDay.day == day,
        )
    ).one_or_none()


def flare_confirmations(session: Session, *, person_id: int) -> list[FlareConfirmation]:
    return list(
        session.scalars(
            select(FlareConfirmation)
            .where(FlareConfirmation.person_id == person_id)
            .order_by(FlareConfirmation.start_day)
        )
    )


def set_flare_confirmation(
    session: Session,
    *,
    person_id: int,
    start: date,
    end: date | None,
    confirmed: bool,
    source: str,
    note: str | None,
) -> FlareConfirmation:
    """Insert or replace the person's word on the flare starting on ``start``."""
    row = session.scalars(
        select(FlareConfirmation).where(
            FlareConfirmation.person_id == person_id, FlareConfirmation.start_day == start
        )
    ).one_or_none()
    if row is None:
        row = FlareConfirmation(person_id=person_id, start_day=start)
        session.add(row)
    row.end_day = end
    row.confirmed = confirmed
    row.source = source
    row.note = note
    session.flush()
    return row
