"""The demo person's program: the plan, sessions and graded walking plan of their story.

Alex started graded walking (10 minutes a day) a third of the way through the year and
mindfulness half way through (``fibrotrack.analysis.synthetic.demo_diary``). Their plan holds
those two practices from those days, adopting the interventions the demo already recorded;
their sessions are the days their diary tags walking or mindfulness; and a graded activity plan
on active minutes runs from the day walking started.
"""

from datetime import date

from sqlalchemy.orm import Session

from fibrotrack.analysis.synthetic import SyntheticDiary
from fibrotrack.program import Measure
from fibrotrack.services.pacing import start_pacing
from fibrotrack.services.plan import PERSON_SOURCE, add_practice
from fibrotrack.storage.models import Person, PracticeLog

DEMO_SCHEDULES = {"walking": (7, 10), "mindfulness": (5, 10)}


def add_demo_program(
    session: Session, *, person: Person, diary: SyntheticDiary, today: date
) -> None:
    starts = {planted.name: planted.start for planted in diary.interventions}
    for practice_id, (days, minutes) in DEMO_SCHEDULES.items():
        add_practice(
            session,
            person=person,
            practice_id=practice_id,
            today=today,
            start=starts[practice_id],
            days_per_week=days,
            minutes=minutes,
        )
    logs = []
    for day in diary.days:
        if "practice:walking" in day.tags:
            logs.append(
                PracticeLog(
                    person_id=person.id,
                    practice_id="walking",
                    day=day.day,
                    minutes=day.values.get("activity_minutes"),
                    source=PERSON_SOURCE,
                )
            )
        if "practice:mindfulness" in day.tags:
            logs.append(
                PracticeLog(
                    person_id=person.id,
                    practice_id="mindfulness",
                    day=day.day,
                    minutes=15.0 if day.day.weekday() >= 5 else 10.0,
                    source=PERSON_SOURCE,
                )
            )
    session.add_all(logs)
    start_pacing(
        session,
        person=person,
        today=today,
        measure=Measure.ACTIVE_MINUTES,
        start=starts["walking"],
    )
