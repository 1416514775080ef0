"""Queries on a person's sleep nights and sleep windows."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.storage.models import PrescribedSleepWindow, SleepNight


def sleep_nights(
    session: Session,
    *,
    person_id: int,
    source: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[SleepNight]:
    """A person's nights in [start, end], oldest first, from one source or all."""
    query = select(SleepNight).where(SleepNight.person_id == person_id)
    if source is not None:
        query = query.where(SleepNight.source == source)
    if start is not None:
        query = query.where(SleepNight.night >= start)
    if end is not None:
        query = query.where(SleepNight.night <= end)
    return list(session.scalars(query.order_by(SleepNight.night, SleepNight.source)))


def sleep_night(session: Session, *, person_id: int, night: date, source: str) -> SleepNight | None:
    return session.scalars(
        select(SleepNight).where(
            SleepNight.person_id == person_id,
            SleepNight.night == night,
            SleepNight.source == source,
        )
    ).one_or_none()


def sleep_windows(session: Session, *, person_id: int) -> list[PrescribedSleepWindow]:
    """Every window given to a person, oldest first."""
    return list(
        session.scalars(
            select(PrescribedSleepWindow)
            .where(PrescribedSleepWindow.person_id == person_id)
            .order_by(PrescribedSleepWindow.start, PrescribedSleepWindow.id)
        )
    )
