"""Synthetic community members on a real database, built through the services: a diary from
``fibrotrack.analysis.synthetic_community``, a practice in the plan with logged sessions, and a
FIQR before and after."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy.orm import Session

from fibrotrack.analysis.synthetic_community import synthetic_member
from fibrotrack.diary import CHECKIN_SOURCE, parse_tag
from fibrotrack.instruments import get
from fibrotrack.services.assessments import record_response
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.people import create_person
from fibrotrack.services.plan import add_practice, log_practice
from fibrotrack.storage.catalogue import ensure_person_variable, variables_of
from fibrotrack.storage.models import Observation, Person

TODAY = date(2026, 11, 20)
PRACTICE_WEEKS = 12
DIARY_DAYS = 120


def fiqr_answers(level: int) -> dict[str, int]:
    """Every FIQR item answered ``level`` (0–10): a total of exactly 10 × level."""
    return {item.id: level for item in get("fiqr").items}


@dataclass(frozen=True)
class MemberPlan:
    practice: str = "tai_chi"
    kept_up: bool = True
    fiqr_before: int = 6  # item level: total 60
    fiqr_after: int = 4  # total 40: 33% better on every item, an FM30 responder
    sleep_effect: float = -0.3
    secret_note: str | None = None


def add_member(
    session: Session, *, index: int, plan: MemberPlan, today: date = TODAY, seed: int = 0
) -> Person:
    person = create_person(session, name=f"Member {index}", timezone="UTC")
    add_member_data(session, person=person, index=index, plan=plan, today=today, seed=seed)
    return person


def add_member_data(
    session: Session, *, person: Person, index: int, plan: MemberPlan, today: date, seed: int = 0
) -> None:
    """A diary, the practice with its sessions and two FIQRs for an existing person."""
    _add_diary(session, person, index, plan, today, seed)
    start = today - timedelta(weeks=PRACTICE_WEEKS)
    add_practice(
        session,
        person=person,
        practice_id=plan.practice,
        today=today,
        start=start,
        days_per_week=5,
        minutes=30,
    )
    days_a_week = 5 if plan.kept_up else 2
    for week in range(PRACTICE_WEEKS):
        for offset in range(days_a_week):
            log_practice(
                session,
                person=person,
                practice_id=plan.practice,
                day=start + timedelta(weeks=week, days=offset),
                today=today,
                minutes=30,
            )
    for day, level in ((start - timedelta(days=3), plan.fiqr_before), (today, plan.fiqr_after)):
        record_response(
            session,
            person=person,
            instrument_id="fiqr",
            answers=fiqr_answers(level),
            taken_at=datetime.combine(day, time(12), tzinfo=UTC),
            today=today,
        )
    if plan.secret_note:
        check_in(
            session,
            person=person,
            change=CheckIn(day=today, add_tags=["food:secret-food"], note=plan.secret_note),
            today=today,
        )
    session.flush()


def _add_diary(
    session: Session, person: Person, index: int, plan: MemberPlan, today: date, seed: int
) -> None:
    """Pain, sleep, active minutes and gluten for the ``DIARY_DAYS`` before today, without
    pain or other ratings in the week of each FIQR (the FIQR's own pain item then counts)."""
    rng = np.random.default_rng(seed * 1000 + index)
    first = today - timedelta(days=DIARY_DAYS)
    member = synthetic_member(
        rng,
        {"sleep_hours": plan.sleep_effect, "activity_minutes": 0.1, "gluten": 0.4},
        n_days=DIARY_DAYS,
        first_day=first,
    )
    gluten = ensure_person_variable(
        session, person_id=person.id, definition=parse_tag("food:gluten")
    )
    known = variables_of(session, person_id=person.id)
    start = today - timedelta(weeks=PRACTICE_WEEKS)
    fiqr_weeks = [
        (start - timedelta(days=10), start - timedelta(days=3)),
        (today - timedelta(days=7), today),
    ]
    rows = []
    for i in range(DIARY_DAYS):
        day = first + timedelta(days=i)
        if np.isnan(member.pain[i]) or any(low <= day <= high for low, high in fiqr_weeks):
            continue
        for key, value in (
            ("pain", member.pain[i]),
            ("sleep_hours", member.factors["sleep_hours"][i]),
            ("activity_minutes", member.factors["activity_minutes"][i]),
        ):
            rows.append(
                Observation(
                    person_id=person.id,
                    variable_id=known[key].id,
                    day=day,
                    source=CHECKIN_SOURCE,
                    value=float(value),
                )
            )
        if member.factors["gluten"][i] == 1:
            rows.append(
                Observation(
                    person_id=person.id,
                    variable_id=gluten.id,
                    day=day,
                    source=CHECKIN_SOURCE,
                    value=1.0,
                )
            )
    session.add_all(rows)
    session.flush()
