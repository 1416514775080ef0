"""A self-experiment stopped in the past, for the CLI and web tests: started 40 days ago with
the default design (6 pairs of 7 days, planned to run 84 days), pain logged every day, and
stopped 10 days ago, after two whole pairs. The experiment is over but its schedule is not."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np

from fibrotrack.diary import local_today
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.experiments import design_of, start_experiment, stop_experiment
from fibrotrack.services.people import current_person
from fibrotrack.storage import Database
from fibrotrack.storage.models import Person


@dataclass(frozen=True)
class StoppedExperiment:
    start: date
    stopped: date
    end: date
    today: date


def add_stopped_experiment(
    database: Database, *, person_id: int | None = None
) -> StoppedExperiment:
    """The experiment above for ``person_id`` (default: the database's only person)."""
    with database.session() as session:
        person = (
            session.get(Person, person_id)
            if person_id is not None
            else current_person(session, person_id=None)
        )
        assert person is not None
        today = local_today(person.timezone, datetime.now(UTC))
        start = today - timedelta(days=40)
        stopped = today - timedelta(days=10)
        experiment = start_experiment(
            session,
            person=person,
            factor="coffee",
            today=start,
            rng=np.random.default_rng(8),
        )
        noise = np.random.default_rng(10)
        for offset in range((stopped - start).days + 1):
            day = start + timedelta(days=offset)
            pain = float(np.clip(round(5 + noise.normal(0, 1)), 0, 10))
            check_in(session, person=person, change=CheckIn(day, {"pain": pain}), today=day)
        stop_experiment(session, person=person, today=stopped)
        return StoppedExperiment(start, stopped, design_of(experiment).end, today)
