"""The daily check-in: record a day, change it, copy yesterday, read the history."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from fibrotrack.diary import (
    CHECKIN_SOURCE,
    DayEntry,
    InvalidEntry,
    VariableDefinition,
    VariableKind,
    check_day,
    check_text,
    check_value,
    copy_of_previous_day,
    parse_tag,
)
from fibrotrack.storage.catalogue import definition_of, ensure_person_variable, variables_of
from fibrotrack.storage.diary import (
    day_entries,
    day_note,
    delete_observations,
    observations_on,
    set_day_note,
)
from fibrotrack.storage.models import Observation, Person, Variable

MAX_NOTE_LENGTH = 5000


@dataclass(frozen=True)
class CheckIn:
    """A change to one day's check-in.

    ``values`` are set, ``clear`` removes values, tags are added or removed, ``note`` replaces
    the note (``""`` removes it, ``None`` leaves it). With ``replace`` the day's check-in becomes
    exactly what is given (the web form sends the whole day).
    """

    day: date
    values: Mapping[str, float] = field(default_factory=dict)
    clear: frozenset[str] = frozenset()
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()
    note: str | None = None
    replace: bool = False


def _check_values(
    values: Mapping[str, float], known: Mapping[str, Variable]
) -> dict[Variable, float]:
    checked: dict[Variable, float] = {}
    for key, value in values.items():
        variable = known.get(key)
        if variable is None or variable.kind == VariableKind.TAG:
            names = ", ".join(sorted(k for k, v in known.items() if v.kind != VariableKind.TAG))
            raise InvalidEntry(key, f"unknown variable {key!r}; known variables: {names}")
        checked[variable] = check_value(definition_of(variable), value)
    return checked


def check_in(session: Session, *, person: Person, change: CheckIn, today: date) -> DayEntry:
    """Record ``change`` for the person and return the day's check-in as now stored.

    Everything is checked before anything is written: on bad input nothing changes.
    """
    day = check_day(change.day, today)
    known = variables_of(session, person_id=person.id)
    values = _check_values(change.values, known)
    for key in change.clear:
        if key not in known:
            raise InvalidEntry(key, f"unknown variable {key!r}")
    added = [parse_tag(text) for text in change.add_tags]
    removed = {parse_tag(text).key for text in change.remove_tags}
    if change.note is not None:
        check_text("note", change.note, MAX_NOTE_LENGTH)

    tag_variables = list(
        {
            variable.id: variable
            for variable in (_tag_variable(session, person, known, d) for d in added)
        }.values()
    )

    # One read of the day, then only the writes that change something.
    existing = {
        variable.id: (observation, variable)
        for observation, variable in observations_on(
            session, person_id=person.id, day=day, source=CHECKIN_SOURCE
        )
    }
    setting = {variable.id: value for variable, value in values.items()}
    setting.update({variable.id: 1.0 for variable in tag_variables})
    if change.replace:
        dropped = set(existing) - set(setting)
    else:
        named = {known[key].id for key in change.clear}
        named |= {known[key].id for key in removed if key in known}
        dropped = (named & set(existing)) - set(setting)
    delete_observations(
        session, person_id=person.id, day=day, source=CHECKIN_SOURCE, variable_ids=dropped
    )
    for variable in [*values, *tag_variables]:
        current = existing.get(variable.id)
        if current is None:
            session.add(
                Observation(
                    person_id=person.id,
                    variable_id=variable.id,
                    day=day,
                    source=CHECKIN_SOURCE,
                    value=setting[variable.id],
                )
            )
        else:
            current[0].value = setting[variable.id]
    note = checkin_note(session, person=person, day=day)
    if change.replace or change.note is not None:
        wanted = (change.note or "").strip() or None
        if wanted != note:
            set_day_note(session, person_id=person.id, day=day, text=wanted)
        note = wanted
    session.flush()

    kept = {vid: pair for vid, pair in existing.items() if vid not in dropped}
    final_values = {v.key: obs.value for obs, v in kept.values() if v.kind != VariableKind.TAG}
    final_values.update({variable.key: value for variable, value in values.items()})
    final_tags = {v.key for _, v in kept.values() if v.kind == VariableKind.TAG}
    final_tags |= {variable.key for variable in tag_variables}
    return DayEntry(
        day=day,
        values={key: value for key, value in final_values.items() if value is not None},
        tags=frozenset(final_tags),
        note=note,
    )


def _tag_variable(
    session: Session, person: Person, known: Mapping[str, Variable], definition: VariableDefinition
) -> Variable:
    """The person's tag variable for ``definition``, created if new; a key already used by a
    variable of another kind (an imported tracker, say) cannot become a tag."""
    variable = known.get(definition.key)
    if variable is None:
        return ensure_person_variable(session, person_id=person.id, definition=definition)
    if variable.kind != VariableKind.TAG:
        raise InvalidEntry(
            "tag", f"{definition.label!r} is already a {variable.kind} variable; log it as a value"
        )
    return variable


def checkin_of(session: Session, *, person: Person, day: date) -> DayEntry | None:
    """What the person themselves logged on ``day`` (imports excluded), or None if nothing."""
    values: dict[str, float] = {}
    tags: set[str] = set()
    for observation, variable in observations_on(
        session, person_id=person.id, day=day, source=CHECKIN_SOURCE
    ):
        if variable.kind == VariableKind.TAG:
            tags.add(variable.key)
        elif observation.value is not None:
            values[variable.key] = observation.value
    note = day_note(session, person_id=person.id, day=day)
    entry = DayEntry(
        day=day,
        values=values,
        tags=frozenset(tags),
        note=note.text if note and note.source == CHECKIN_SOURCE else None,
    )
    return None if entry.is_empty else entry


def same_as_yesterday(session: Session, *, person: Person, day: date, today: date) -> DayEntry:
    """Log ``day`` with the values and tags the person logged the day before."""
    check_day(day, today)
    previous = checkin_of(session, person=person, day=day - timedelta(days=1))
    copy = copy_of_previous_day(previous, day)
    return check_in(
        session,
        person=person,
        change=CheckIn(
            day=day,
            values=copy.values,
            add_tags=tuple(_tag_texts(session, person, copy.tags)),
            replace=True,
            note=checkin_note(session, person=person, day=day),
        ),
        today=today,
    )


def _tag_texts(session: Session, person: Person, keys: frozenset[str]) -> list[str]:
    known = variables_of(session, person_id=person.id)
    texts = []
    for key in sorted(keys):
        variable = known[key]
        prefix = f"{variable.category}:" if variable.category else ""
        texts.append(prefix + variable.label)
    return texts


def checkin_note(session: Session, *, person: Person, day: date) -> str | None:
    note = day_note(session, person_id=person.id, day=day)
    return note.text if note and note.source == CHECKIN_SOURCE else None


def history(
    session: Session, *, person: Person, start: date | None = None, end: date | None = None
) -> list[DayEntry]:
    """Every logged day in [start, end], all sources merged (the check-in wins)."""
    if start is not None and end is not None and start > end:
        raise InvalidEntry("from", f"{start} is after the end date {end}")
    return day_entries(session, person_id=person.id, start=start, end=end)


def history_json(entries: Sequence[DayEntry]) -> dict[str, list[dict[str, object]]]:
    """The ``fibrotrack history --json`` document; missing days are absent."""
    return {
        "days": [
            {
                "date": entry.day.isoformat(),
                "values": {
                    key: int(value) if value == int(value) else value
                    for key, value in sorted(entry.values.items())
                },
                "tags": sorted(entry.tags),
                "note": entry.note,
            }
            for entry in entries
        ]
    }
