"""The demo: one realistic synthetic person in a database of their own.

The demo never mixes with a person's own data: ``fibrotrack demo`` writes a separate database
in the data directory, and ``fibrotrack --database URL demo`` fills only an empty database.
Every area of fibrotrack adds its own data to the demo person here.
"""

from datetime import date

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from fibrotrack.analysis.synthetic import SyntheticDiary, demo_diary
from fibrotrack.diary import CHECKIN_SOURCE, InvalidEntry, parse_tag
from fibrotrack.services.demo_body import add_demo_body
from fibrotrack.services.demo_program import add_demo_program
from fibrotrack.services.demo_questionnaires import add_demo_questionnaires
from fibrotrack.services.experiments import add_demo_experiment
from fibrotrack.services.pain_map import add_demo_pain_maps
from fibrotrack.services.people import create_person
from fibrotrack.services.story import add_demo_story
from fibrotrack.storage import Database
from fibrotrack.storage.catalogue import ensure_person_variable, variables_of
from fibrotrack.storage.models import Intervention, Note, Observation, Person

DEMO_NAME = "Alex (demo)"
DEMO_TIMEZONE = "Europe/London"


def holds_people(database: Database) -> bool:
    if "people" not in inspect(database.engine).get_table_names():
        return False
    with database.session() as session:
        return bool(session.scalar(select(func.count()).select_from(Person)))


def fill_demo(database: Database, *, today: date) -> int:
    """Create the demo person with a year of data up to ``today`` in an empty database.

    Returns the demo person's id. Refuses a database that already holds anyone.
    """
    if holds_people(database):
        raise InvalidEntry(
            "database",
            "already holds people; the demo only fills an empty database, never your own data",
        )
    database.upgrade()
    diary = demo_diary(today)
    with database.session() as session:
        person = create_person(session, name=DEMO_NAME, timezone=DEMO_TIMEZONE)
        _add_diary(session, person, diary)
        _add_interventions(session, person, diary)
        add_demo_questionnaires(session, person=person, diary=diary, today=today)
        add_demo_program(session, person=person, diary=diary, today=today)
        add_demo_body(session, person=person, diary=diary, today=today)
        add_demo_experiment(session, person=person, today=today)
        add_demo_story(session, person=person)
        add_demo_pain_maps(
            session,
            person=person,
            pain={d.day: d.values["pain"] for d in diary.days if "pain" in d.values},
        )
        return person.id


def _add_diary(session: Session, person: Person, diary: SyntheticDiary) -> None:
    tag_texts = {text for day in diary.days for text in day.tags}
    tags = {
        text: ensure_person_variable(session, person_id=person.id, definition=parse_tag(text))
        for text in sorted(tag_texts)
    }
    known = variables_of(session, person_id=person.id)
    rows: list[Observation | Note] = []
    for day in diary.days:
        for key, value in day.values.items():
            rows.append(
                Observation(
                    person_id=person.id,
                    variable_id=known[key].id,
                    day=day.day,
                    source=CHECKIN_SOURCE,
                    value=value,
                )
            )
        for text in day.tags:
            rows.append(
                Observation(
                    person_id=person.id,
                    variable_id=tags[text].id,
                    day=day.day,
                    source=CHECKIN_SOURCE,
                    value=1.0,
                )
            )
        if day.note:
            rows.append(Note(person_id=person.id, day=day.day, kind="day", text=day.note))
    session.add_all(rows)


def _add_interventions(session: Session, person: Person, diary: SyntheticDiary) -> None:
    for planted in diary.interventions:
        session.add(
            Intervention(
                person_id=person.id,
                kind="practice",
                name=planted.name.capitalize(),
                practice_id=planted.name,
                start_day=planted.start,
            )
        )
