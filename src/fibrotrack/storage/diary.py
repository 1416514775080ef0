"""Queries on a person's diary. Every function takes the person's id: nothing crosses people."""

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fibrotrack.diary import DayEntry, VariableKind, choose_source, day_value
from fibrotrack.storage.models import Note, Observation, Variable


def set_observation(
    session: Session,
    *,
    person_id: int,
    variable: Variable,
    day: date,
    value: float | None,
    source: str,
    raw_value: str | None = None,
) -> Observation:
    """Insert or overwrite the value of ``variable`` on ``day`` from ``source``."""
    row = session.scalars(
        select(Observation).where(
            Observation.person_id == person_id,
            Observation.variable_id == variable.id,
            Observation.day == day,
            Observation.source == source,
        )
    ).one_or_none()
    if row is None:
        row = Observation(person_id=person_id, variable_id=variable.id, day=day, source=source)
        session.add(row)
    row.value = value
    row.raw_value = raw_value
    return row


def delete_observations(
    session: Session, *, person_id: int, day: date, source: str, variable_ids: Iterable[int]
) -> None:
    ids = list(variable_ids)
    if ids:
        session.execute(
            delete(Observation).where(
                Observation.person_id == person_id,
                Observation.day == day,
                Observation.source == source,
                Observation.variable_id.in_(ids),
            )
        )


def observations_on(
    session: Session, *, person_id: int, day: date, source: str
) -> list[tuple[Observation, Variable]]:
    rows = session.execute(
        select(Observation, Variable)
        .join(Variable, Observation.variable_id == Variable.id)
        .where(
            Observation.person_id == person_id,
            Observation.day == day,
            Observation.source == source,
        )
    )
    return [(observation, variable) for observation, variable in rows]


def day_note(session: Session, *, person_id: int, day: date) -> Note | None:
    return session.scalars(
        select(Note)
        .where(Note.person_id == person_id, Note.day == day, Note.kind == "day")
        .order_by(Note.source != "checkin", Note.id)
    ).first()


def set_day_note(session: Session, *, person_id: int, day: date, text: str | None) -> None:
    """The check-in note of ``day``; an empty text removes it."""
    session.execute(
        delete(Note).where(
            Note.person_id == person_id,
            Note.day == day,
            Note.kind == "day",
            Note.source == "checkin",
        )
    )
    if text and text.strip():
        session.add(Note(person_id=person_id, day=day, kind="day", text=text.strip()))


def day_entries(
    session: Session, *, person_id: int, start: date | None = None, end: date | None = None
) -> list[DayEntry]:
    """Every logged day of a person in [start, end], oldest first. Days with nothing logged
    are absent: a missing day is missing."""
    query = (
        select(Observation.day, Observation.source, Observation.value, Variable.key, Variable.kind)
        .join(Variable, Observation.variable_id == Variable.id)
        .where(Observation.person_id == person_id)
    )
    notes = select(Note.day, Note.text, Note.source).where(
        Note.person_id == person_id, Note.kind == "day"
    )
    if start is not None:
        query = query.where(Observation.day >= start)
        notes = notes.where(Note.day >= start)
    if end is not None:
        query = query.where(Observation.day <= end)
        notes = notes.where(Note.day <= end)

    by_day: dict[date, dict[str, dict[str, tuple[float | None, str]]]] = defaultdict(dict)
    for day, source, value, key, kind in session.execute(query):
        by_day[day].setdefault(key, {})[source] = (value, kind)
    notes_by_day: dict[date, dict[str, str]] = defaultdict(dict)
    for day, text, source in session.execute(notes):
        notes_by_day[day].setdefault(source, text)

    entries = []
    for day in sorted(set(by_day) | set(notes_by_day)):
        values: dict[str, float] = {}
        tags: set[str] = set()
        for key, sources in by_day.get(day, {}).items():
            kind = next(iter(sources.values()))[1]
            value = day_value({source: value for source, (value, _) in sources.items()})
            if kind == VariableKind.TAG:
                if value:
                    tags.add(key)
            elif value is not None:
                values[key] = value
        day_notes = notes_by_day.get(day, {})
        note = day_notes[choose_source(day_notes)] if day_notes else None
        entries.append(DayEntry(day=day, values=values, tags=frozenset(tags), note=note))
    return entries


def daily_values(
    session: Session, *, person_id: int, keys: Collection[str], start: date, end: date
) -> dict[str, dict[date, float]]:
    """The value shown for each of ``keys`` on each day in [start, end] (the check-in wins
    over imports): a lighter read than ``day_entries`` when a few variables are all that is
    needed."""
    rows = session.execute(
        select(Observation.day, Observation.source, Observation.value, Variable.key)
        .join(Variable, Observation.variable_id == Variable.id)
        .where(
            Observation.person_id == person_id,
            Variable.key.in_(list(keys)),
            Observation.day >= start,
            Observation.day <= end,
        )
    )
    by_key: dict[str, dict[date, dict[str, float | None]]] = defaultdict(lambda: defaultdict(dict))
    for day, source, value, key in rows:
        by_key[key][day][source] = value
    chosen: dict[str, dict[date, float]] = {key: {} for key in keys}
    for key, days in by_key.items():
        for day, sources in days.items():
            value = day_value(sources)
            if value is not None:
                chosen[key][day] = value
    return chosen


def recent_tags(
    session: Session, *, person_id: int, since: date, limit: int = 24
) -> list[Variable]:
    """The person's tags, the most recently used first (those used since ``since``), then the
    rest alphabetically, so quick tags put what they log now within one tap."""
    # One index look-up per tag (the unique index leads with person, variable and day),
    # rather than grouping every observation of the last weeks.
    last_used = (
        select(func.max(Observation.day))
        .where(
            Observation.person_id == person_id,
            Observation.variable_id == Variable.id,
            Observation.day >= since,
        )
        .scalar_subquery()
    )
    rows = session.execute(
        select(Variable, last_used).where(
            Variable.person_id == person_id, Variable.kind == VariableKind.TAG.value
        )
    )
    ordered = sorted(
        rows, key=lambda row: (row[1] is None, -(row[1].toordinal() if row[1] else 0), row[0].key)
    )
    return [variable for variable, _ in ordered[:limit]]
