"""The demo person's body systems: a sleep diary for the last ten weeks that matches their
logged hours of sleep, a finished elimination protocol in which gluten (the demo's real
trigger) comes out as worsening their gut and dairy does not, lab results with a low vitamin D
corrected after a supplement, a year of irregular cycles, twelve weekly CBT sessions, a
PHQ-9/GAD-7 schedule and a journal with milestones.

While the protocol runs the demo person follows it, so their ``food:gluten`` tags during those
weeks are the protocol's (gluten only on its challenge days).
"""

from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import delete
from sqlalchemy.orm import Session

from fibrotrack.analysis.synthetic import SyntheticDiary
from fibrotrack.body.elimination import Phase, ProtocolPlan, end_of, protocol_day, schedule
from fibrotrack.body.sleep import DiaryEntry
from fibrotrack.diary import CHECKIN_SOURCE, parse_tag, zone
from fibrotrack.services.cycle import log_period
from fibrotrack.services.diet import log_diet_day, start_protocol
from fibrotrack.services.labs import add_lab_result
from fibrotrack.services.medications import add_medication
from fibrotrack.services.recovery import add_journal_entry, log_therapy_session, set_schedule
from fibrotrack.services.sleep import log_night
from fibrotrack.storage.catalogue import ensure_person_variable
from fibrotrack.storage.models import Observation, Person

SEED = 29
SLEEP_DIARY_DAYS = 70
PROTOCOL_START_DAYS_AGO = 60
CYCLE_LENGTHS = (29, 27, 33, 26, 31, 30, 28, 34, 27, 29, 32, 30, 28, 31)


def add_demo_body(session: Session, *, person: Person, diary: SyntheticDiary, today: date) -> None:
    rng = np.random.default_rng(SEED)
    session.flush()
    _sleep_diary(session, person, diary, today, rng)
    _protocol(session, person, diary, today, rng)
    _labs_and_supplements(session, person, today)
    _cycles(session, person, today, rng)
    _recovery(session, person, diary, today)


def _sleep_diary(
    session: Session,
    person: Person,
    diary: SyntheticDiary,
    today: date,
    rng: np.random.Generator,
) -> None:
    """Nights whose total sleep time is the hours of sleep the demo person logged that day."""
    local = zone(person.timezone)
    for day in diary.days:
        if (
            day.day < today - timedelta(days=SLEEP_DIARY_DAYS - 1)
            or "sleep_hours" not in day.values
        ):
            continue
        asleep = round(day.values["sleep_hours"] * 60)
        latency = int(rng.choice([10, 15, 20, 30, 45, 60]))
        wakings = int(rng.integers(0, 4))
        awake = 0 if wakings == 0 else int(rng.integers(1, 4)) * 10 * wakings
        bed = datetime.combine(day.day - timedelta(days=1), datetime.min.time()) + timedelta(
            hours=22, minutes=int(rng.integers(0, 10)) * 10
        )
        lights_out = bed + timedelta(minutes=int(rng.choice([0, 10, 20])))
        wake = (
            lights_out.replace(tzinfo=local).astimezone(UTC)
            + timedelta(minutes=latency + asleep + awake)
        ).astimezone(local)
        up = wake + timedelta(minutes=int(rng.choice([0, 5, 15, 30])))
        log_night(
            session,
            person=person,
            entry=DiaryEntry(
                night=day.day,
                bed=bed.time(),
                lights_out=lights_out.time(),
                latency=latency,
                wakings=wakings,
                awake=awake,
                wake=wake.time().replace(tzinfo=None),
                out_of_bed=up.time().replace(tzinfo=None),
                quality=int(day.values.get("sleep_quality", 5)),
            ),
            today=today,
        )


def _protocol(
    session: Session,
    person: Person,
    diary: SyntheticDiary,
    today: date,
    rng: np.random.Generator,
) -> None:
    """Gluten raises GI symptoms by about 2.5 points for its challenge days and two days after;
    dairy does nothing. The person slipped once early in the elimination."""
    start = today - timedelta(days=PROTOCOL_START_DAYS_AGO)
    plan = ProtocolPlan(start, ("gluten", "dairy"))
    start_protocol(session, person=person, foods=plan.foods, start=start, today=start)
    gluten_tag = ensure_person_variable(
        session, person_id=person.id, definition=parse_tag("food:gluten")
    )
    dairy_tag = ensure_person_variable(
        session, person_id=person.id, definition=parse_tag("food:dairy")
    )
    elimination_start = schedule(plan)[1].first
    slip = elimination_start + timedelta(days=4)
    gluten_challenge = schedule(plan)[2]
    logged = {day.day for day in diary.days}
    session.execute(
        delete(Observation).where(
            Observation.person_id == person.id,
            Observation.variable_id == gluten_tag.id,
            Observation.day >= elimination_start,
            Observation.day <= end_of(plan),
        )
    )
    for offset in range((end_of(plan) - start).days + 1):
        day = start + timedelta(days=offset)
        if day not in logged:
            continue
        stage = protocol_day(plan, day)
        reacting = gluten_challenge.first <= day <= gluten_challenge.last + timedelta(days=2)
        level = 3.5 if stage.phase == Phase.BASELINE else 1.8
        gi = float(np.clip(np.rint(level + 2.5 * reacting + rng.normal(0, 0.35)), 0, 10))
        eats = set()
        if stage.phase == Phase.BASELINE:
            eats = {"dairy"} if rng.random() < 0.6 else set()
        elif stage.phase == Phase.CHALLENGE and stage.food is not None:
            eats = {stage.food}
        for food, tag in (("gluten", gluten_tag), ("dairy", dairy_tag)):
            if food in eats:
                session.add(
                    Observation(
                        person_id=person.id,
                        variable_id=tag.id,
                        day=day,
                        source=CHECKIN_SOURCE,
                        value=1.0,
                    )
                )
        followed = None if stage.phase == Phase.BASELINE else day != slip
        log_diet_day(
            session,
            person=person,
            day=day,
            today=day,
            followed=followed,
            gi_symptoms=gi,
            note="Birthday cake at work." if day == slip else None,
        )


def _labs_and_supplements(session: Session, person: Person, today: date) -> None:
    first, second, latest = (today - timedelta(days=d) for d in (300, 200, 30))
    results = (
        (first, "vitamin_d", 18, "ng/mL", 30, 100, "GP surgery"),
        (first, "tsh", 2.1, "mIU/L", 0.4, 4.0, "GP surgery"),
        (first, "free_t4", 1.2, "ng/dL", 0.8, 1.8, "GP surgery"),
        (first, "ferritin", 28, "µg/L", 15, 150, "GP surgery"),
        (first, "crp", 2.4, "mg/L", None, 5, "GP surgery"),
        (first, "vitamin_b12", 410, "pg/mL", 200, 900, "GP surgery"),
        (first, "hba1c", 5.4, "%", 4.0, 5.6, "GP surgery"),
        (first, "cortisol_morning", 14, "µg/dL", 6, 23, "GP surgery"),
        (second, "vitamin_d", 34, "ng/mL", 30, 100, "GP surgery"),
        (latest, "vitamin_d", 92, "nmol/L", 75, 250, "Hospital lab"),
        (latest, "tsh", 1.8, "mIU/L", 0.27, 4.2, "Hospital lab"),
        (latest, "ferritin", 41, "µg/L", 13, 150, "Hospital lab"),
    )
    for day, analyte, value, unit, low, high, lab in results:
        add_lab_result(
            session,
            person=person,
            day=day,
            today=today,
            analyte=analyte,
            value=value,
            unit=unit,
            low=low,
            high=high,
            lab=lab,
        )
    add_medication(
        session,
        person=person,
        name="Vitamin D3",
        kind="supplement",
        dose="2000 IU daily",
        start=first + timedelta(days=10),
        today=today,
        note="Started after talking to the GP about the low result.",
    )
    add_medication(
        session,
        person=person,
        name="Amitriptyline",
        kind="medication",
        dose="10 mg at night",
        start=today - timedelta(days=500),
        today=today,
    )


def _cycles(session: Session, person: Person, today: date, rng: np.random.Generator) -> None:
    start = today - timedelta(days=360)
    for length in CYCLE_LENGTHS:
        if start > today:
            break
        end = start + timedelta(days=int(rng.integers(3, 6)))
        log_period(
            session, person=person, today=today, start=start, end=end if end <= today else None
        )
        start += timedelta(days=length)


def _recovery(session: Session, person: Person, diary: SyntheticDiary, today: date) -> None:
    for instrument in ("phq9", "gad7"):
        set_schedule(
            session,
            person=person,
            instrument=instrument,
            every_days=28,
            start=today - timedelta(days=180),
        )
    first_session = today - timedelta(days=150)
    for week in range(12):
        log_therapy_session(
            session,
            person=person,
            therapy="cbt",
            day=first_session + timedelta(weeks=week),
            today=today,
            minutes=50,
        )
    walking = next(p.start for p in diary.interventions if p.name == "walking")
    protocol_end = end_of(
        ProtocolPlan(today - timedelta(days=PROTOCOL_START_DAYS_AGO), ("gluten", "dairy"))
    )
    entries = (
        (walking + timedelta(days=3), "Legs ache but I went round the block twice.", False),
        (walking + timedelta(days=45), "Walked 20 minutes without a flare.", True),
        (
            protocol_end + timedelta(days=1),
            "Finished the food test: gluten really does upset my gut; dairy seems fine.",
            True,
        ),
        (today - timedelta(days=5), "Slept seven hours three nights in a row.", True),
    )
    for day, text, milestone in entries:
        if day <= today:
            add_journal_entry(
                session, person=person, day=day, today=today, text=text, milestone=milestone
            )
