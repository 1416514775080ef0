"""Insight services on a real database: what the diary table holds, and a whole
self-experiment from start to result."""

from datetime import date, timedelta

import numpy as np

from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.experiments import (
    experiment_result,
    experiment_status,
    log_adherence,
    start_experiment,
)
from fibrotrack.services.insights import analyze_person, diary_table
from fibrotrack.services.people import create_person
from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.diary import set_observation
from fibrotrack.storage.models import Intervention

FIRST = date(2026, 1, 5)


def test_unlogged_days_are_missing_and_tags_are_only_known_on_check_in_days(database) -> None:
    with database.session() as session:
        person = create_person(session, name="T", timezone="UTC")
        today = FIRST + timedelta(days=10)
        check_in(
            session,
            person=person,
            change=CheckIn(FIRST, {"pain": 5}, add_tags=["coffee"]),
            today=today,
        )
        check_in(
            session,
            person=person,
            change=CheckIn(FIRST + timedelta(days=1), {"pain": 6}),
            today=today,
        )
        steps = variables_of(session, person_id=person.id)["steps"]
        set_observation(  # a wearable's steps on a day without a check-in
            session,
            person_id=person.id,
            variable=steps,
            day=FIRST + timedelta(days=2),
            value=4000,
            source="fitbit",
        )
        check_in(
            session,
            person=person,
            change=CheckIn(FIRST + timedelta(days=5), {"pain": 7}),
            today=today,
        )
        session.flush()
        table = diary_table(session, person_id=person.id)
    assert table is not None and table.calendar.length == 6
    pain = table.values["pain"]
    assert np.isnan(pain[[2, 3, 4]]).all() and list(pain[[0, 1, 5]]) == [5, 6, 7]
    coffee = table.tags["coffee"]
    assert coffee[0] == 1 and coffee[1] == 0 and coffee[5] == 0
    assert np.isnan(coffee[[2, 3, 4]]).all()  # not checked in: unknown, not "no coffee"
    assert table.values["steps"][2] == 4000


def test_interventions_are_candidate_factors(database) -> None:
    rng = np.random.default_rng(1)
    with database.session() as session:
        person = create_person(session, name="I", timezone="UTC")
        today = FIRST + timedelta(days=200)
        for i in range(120):
            check_in(
                session,
                person=person,
                change=CheckIn(FIRST + timedelta(days=i), {"pain": float(rng.integers(3, 8))}),
                today=today,
            )
        session.add(
            Intervention(person_id=person.id, name="Tai chi", start_day=FIRST + timedelta(days=60))
        )
        session.flush()
        report = analyze_person(session, person=person, today=today)
    factors = {finding.factor for finding in report.findings}
    assert "intervention:Tai chi" in factors


def test_a_treatment_stopped_and_started_again_is_one_factor(database) -> None:
    rng = np.random.default_rng(2)
    with database.session() as session:
        person = create_person(session, name="R", timezone="UTC")
        today = FIRST + timedelta(days=200)
        for i in range(150):
            change = CheckIn(FIRST + timedelta(days=i), {"pain": float(rng.integers(3, 8))})
            check_in(session, person=person, change=change, today=today)
        for start, end in ((30, 60), (90, None)):
            session.add(
                Intervention(
                    person_id=person.id,
                    kind="medication",
                    name="Ibuprofen",
                    start_day=FIRST + timedelta(days=start),
                    end_day=None if end is None else FIRST + timedelta(days=end),
                )
            )
        session.flush()
        report = analyze_person(session, person=person, today=today)
    tested = [(f.factor, f.lag) for f in report.findings if f.factor == "intervention:Ibuprofen"]
    assert sorted(tested) == [("intervention:Ibuprofen", lag) for lag in range(4)]


def test_a_whole_self_experiment(database) -> None:
    start = FIRST
    with database.session() as session:
        person = create_person(session, name="E", timezone="UTC")
        start_experiment(
            session,
            person=person,
            factor="coffee",
            today=start,
            pairs=6,
            period_days=5,
            washout_days=1,
            rng=np.random.default_rng(2),
        )
        end = start + timedelta(days=59)
        noise = np.random.default_rng(3)
        for offset in range(60):
            day = start + timedelta(days=offset)
            status = experiment_status(session, person=person, today=day)
            assert status.today is not None
            pain = 5 + (1.5 if status.today.on else 0) + noise.normal(0, 0.6)
            if offset % 9 != 4:  # some days are not logged
                check_in(
                    session,
                    person=person,
                    change=CheckIn(day, {"pain": float(np.clip(round(pain), 0, 10))}),
                    today=day,
                )
            log_adherence(session, person=person, day=day, followed=offset != 7, today=day)
        result = experiment_result(session, person=person, today=end)
        assert result.complete and result.pairs_used == 6
        assert result.effect is not None and result.ci is not None
        assert result.ci[0] < 1.5 < result.ci[1] and result.ci[0] > 0
        assert result.p == 2 / 64
        assert result.adherence is not None and abs(result.adherence - 59 / 60) < 1e-9
