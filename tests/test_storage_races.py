"""Two saves of the same day at the same moment: the one that loses the race (its new row
taken, or on SQLite its snapshot stale) is run again on what the other wrote, so both are
kept, the later last. The race is made exact: the other tab saves between this save's read
and its write."""

from datetime import date
from typing import Any

from sqlalchemy import event, select

from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.people import create_person
from fibrotrack.storage import Database
from fibrotrack.storage.models import Observation, Person, Variable
from fibrotrack.storage.races import commit_racing

DAY = date(2026, 11, 20)


def test_a_save_that_loses_a_race_is_made_again_on_what_the_other_saved(
    database: Database,
) -> None:
    with database.session() as session:
        person_id = create_person(session, name="Pat", timezone="UTC").id
    other_tab: list[int] = []

    def other_tab_saves_first(session: Any, _context: Any, _instances: Any) -> None:
        if other_tab:
            return
        with database.session() as other:
            change = CheckIn(day=DAY, values={"pain": 6}, add_tags=["coffee"])
            check_in(other, person=other.get(Person, person_id), change=change, today=DAY)
        other_tab.append(1)

    with database.sessions() as session:
        event.listen(session, "before_flush", other_tab_saves_first)
        person = session.get(Person, person_id)
        change = CheckIn(day=DAY, values={"pain": 7, "fatigue": 4}, add_tags=["coffee"])
        entry = commit_racing(
            session, lambda: check_in(session, person=person, change=change, today=DAY)
        )
    assert other_tab == [1]
    assert entry.values == {"pain": 7, "fatigue": 4} and entry.tags == {"coffee"}
    with database.session() as session:
        stored = session.execute(
            select(Variable.key, Observation.value)
            .join(Variable, Variable.id == Observation.variable_id)
            .where(Observation.person_id == person_id)
        ).all()
    assert sorted(stored) == [("coffee", 1.0), ("fatigue", 4.0), ("pain", 7.0)]
