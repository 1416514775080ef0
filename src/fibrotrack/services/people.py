"""Choosing the person a command acts on."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, zone
from fibrotrack.storage.models import Person


def current_person(session: Session, *, person_id: int | None, timezone: str = "UTC") -> Person:
    """The person to act on: ``person_id`` if given; otherwise the database's only person,
    created on first use with ``timezone``. Several people and no id is an error."""
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise InvalidEntry("person", f"there is no person with id {person_id}")
        return person
    count = session.scalar(select(func.count()).select_from(Person)) or 0
    if count == 0:
        return create_person(session, name=None, timezone=timezone)
    if count > 1:
        ids = ", ".join(str(i) for i in session.scalars(select(Person.id).order_by(Person.id)))
        raise InvalidEntry(
            "person", f"this database holds {count} people (ids {ids}); choose one with --person ID"
        )
    return session.scalars(select(Person)).one()


def create_person(session: Session, *, name: str | None, timezone: str) -> Person:
    zone(timezone)
    person = Person(name=name, timezone=timezone)
    session.add(person)
    session.flush()
    return person
