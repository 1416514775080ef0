"""``/api/v1/plan``: the program plan, read and changed, and practice sessions logged.

Plan changes go through ``fibrotrack.services.plan``, as the pages' and the CLI's do: each is
also an intervention the insight engine can evaluate, and a change keeps the old version in the
history. Bad input gets 422 naming the field as it is called in the request body.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.program import WeekAdherence, catalogue
from fibrotrack.services.pacing_status import pacing_view
from fibrotrack.services.plan import (
    add_practice,
    adherence,
    change_practice,
    current_plan,
    log_practice,
    schedule_of,
    stop_practice,
)
from fibrotrack.storage.models import PlanItem
from fibrotrack.web.deps import CsrfHeader, PersonDep, SessionDep
from fibrotrack.web.routes.api.schemas import INVALID
from fibrotrack.web.routes.pages import today_for

router = APIRouter(tags=["plan"])

PracticeId = Annotated[
    str, Path(description="A practice id of the catalogue", examples=["walking"])
]

# The services name fields as the CLI's options; the API names them as its body does.
FIELD_NAMES = {"practice": "practice_id", "days": "days_per_week", "start": "start", "date": "day"}


@contextmanager
def _fields_named_as_in_body() -> Iterator[None]:
    """A service's ``InvalidEntry`` (answered 422) with its field named as the body names it."""
    try:
        yield
    except InvalidEntry as error:
        raise InvalidEntry(FIELD_NAMES.get(error.field, error.field), error.message) from None


class PlanItemOut(BaseModel):
    """One version of one practice in the plan."""

    id: int
    practice_id: str
    name: str
    pillar: str
    evidence: str
    days_per_week: int | None
    minutes: int | None
    schedule: str = Field(examples=["10 min, every day"])
    start: date
    stop: date | None
    end_reason: str | None


class WeekOut(BaseModel):
    """One practice in one week (Monday to Sunday), counted up to today."""

    practice_id: str
    week_start: date
    planned_sessions: int
    done_sessions: int
    planned_minutes: int | None
    done_minutes: float
    sessions_without_minutes: int
    adherence: float | None = Field(description="done / planned sessions; can pass 1")
    complete: bool


class PacingOut(BaseModel):
    """Today's target of the graded activity plan, and why."""

    measure: str = Field(examples=["activity_minutes"])
    unit: str
    target: float | None
    decision: str
    reason: str
    in_flare: bool
    baseline: float | None
    baseline_days_used: int


class PlanOut(BaseModel):
    today: date
    items: list[PlanItemOut]
    this_week: list[WeekOut]
    pacing: PacingOut | None = Field(description="None while no graded activity plan runs")


class SessionIn(BaseModel):
    """A session of a practice; it need not be in the plan."""

    practice_id: str = Field(examples=["walking"])
    day: date | None = Field(default=None, description="Default today; never in the future")
    minutes: float | None = Field(default=None, description="Unknown when absent, never zero")
    note: str | None = None


class SessionOut(BaseModel):
    id: int
    practice_id: str
    day: date
    minutes: float | None
    note: str | None


class PlanItemIn(BaseModel):
    """A practice to add; without days and minutes, the catalogue's starting schedule."""

    practice_id: str = Field(examples=["walking"])
    start: date | None = Field(default=None, description="Default today; never in the future")
    days_per_week: int | None = Field(default=None, examples=[5])
    minutes: int | None = Field(default=None, examples=[10])
    note: str | None = None


class ScheduleIn(BaseModel):
    """A practice's new schedule from ``day`` on (default today)."""

    days_per_week: int | None = Field(default=None, examples=[7])
    minutes: int | None = Field(default=None, examples=[15])
    day: date | None = None


class StopIn(BaseModel):
    """The practice's last day in the plan (default today)."""

    day: date | None = None


# What the routes that change or stop a practice in the plan share: both answer with the
# version of the practice they leave, and both are writes.
CHANGES_A_PRACTICE: dict[str, Any] = {
    "response_model": PlanItemOut,
    "dependencies": [CsrfHeader],
    "responses": INVALID,
}


def _item(item: PlanItem) -> PlanItemOut:
    practice = catalogue().practice(item.practice_id)
    return PlanItemOut(
        id=item.id,
        practice_id=item.practice_id,
        name=practice.name,
        pillar=practice.pillar.value,
        evidence=practice.evidence.value,
        days_per_week=item.days_per_week,
        minutes=item.minutes,
        schedule=schedule_of(item).describe(),
        start=item.start_day,
        stop=item.stop_day,
        end_reason=item.end_reason,
    )


def _committed(session: Session, item: PlanItem) -> PlanItemOut:
    """Keep the plan change and answer with the version of the practice it left."""
    session.commit()
    return _item(item)


def _week(week: WeekAdherence) -> WeekOut:
    return WeekOut(
        practice_id=week.practice_id,
        week_start=week.week_start,
        planned_sessions=week.planned_sessions,
        done_sessions=week.done_sessions,
        planned_minutes=week.planned_minutes,
        done_minutes=week.done_minutes,
        sessions_without_minutes=week.sessions_without_minutes,
        adherence=round(week.ratio, 3) if week.ratio is not None else None,
        complete=week.complete,
    )


@router.get("/plan", response_model=PlanOut)
def get_plan(session: SessionDep, person: PersonDep) -> PlanOut:
    """Today's plan with each practice's schedule, this week's adherence and today's activity
    target."""
    today = today_for(person)
    view = pacing_view(session, person=person, today=today)
    pacing = None
    if view is not None:
        status = view.status
        pacing = PacingOut(
            measure=status.measure.value,
            unit=status.measure.unit,
            target=status.measure.rounded(status.target) if status.target is not None else None,
            decision=status.decision.value,
            reason=status.reason,
            in_flare=status.in_flare,
            baseline=round(status.baseline.value, 1) if status.baseline.value is not None else None,
            baseline_days_used=status.baseline.days_used,
        )
    return PlanOut(
        today=today,
        items=[_item(item) for item in current_plan(session, person=person, today=today)],
        this_week=[_week(week) for week in adherence(session, person=person, today=today, weeks=1)],
        pacing=pacing,
    )


@router.post(
    "/plan/sessions",
    response_model=SessionOut,
    status_code=201,
    dependencies=[CsrfHeader],
    responses=INVALID,
)
def post_session(body: SessionIn, session: SessionDep, person: PersonDep) -> SessionOut:
    """Log a session of a practice on a day (default today)."""
    today = today_for(person)
    with _fields_named_as_in_body():
        log = log_practice(
            session,
            person=person,
            practice_id=body.practice_id,
            day=body.day or today,
            today=today,
            minutes=body.minutes,
            note=body.note,
        )
    session.commit()
    return SessionOut(
        id=log.id, practice_id=log.practice_id, day=log.day, minutes=log.minutes, note=log.note
    )


@router.post(
    "/plan/items",
    response_model=PlanItemOut,
    status_code=201,
    dependencies=[CsrfHeader],
    responses=INVALID,
)
def post_item(body: PlanItemIn, session: SessionDep, person: PersonDep) -> PlanItemOut:
    """Put a practice in the plan from ``start`` (default today)."""
    with _fields_named_as_in_body():
        item = add_practice(
            session,
            person=person,
            practice_id=body.practice_id,
            today=today_for(person),
            start=body.start,
            days_per_week=body.days_per_week,
            minutes=body.minutes,
            note=body.note,
        )
    return _committed(session, item)


@router.patch("/plan/items/{practice_id}", **CHANGES_A_PRACTICE)
def patch_item(
    practice_id: PracticeId, body: ScheduleIn, session: SessionDep, person: PersonDep
) -> PlanItemOut:
    """Change a practice's schedule from ``day`` on; the answer is the new version (the old
    one stays in the history)."""
    with _fields_named_as_in_body():
        item = change_practice(
            session,
            person=person,
            practice_id=practice_id,
            today=today_for(person),
            day=body.day,
            days_per_week=body.days_per_week,
            minutes=body.minutes,
        )
    return _committed(session, item)


@router.post("/plan/items/{practice_id}/stop", **CHANGES_A_PRACTICE)
def stop_item(
    practice_id: PracticeId, body: StopIn, session: SessionDep, person: PersonDep
) -> PlanItemOut:
    """Stop a practice; ``day`` (default today) is its last day. It stays in the history."""
    with _fields_named_as_in_body():
        item = stop_practice(
            session, person=person, practice_id=practice_id, today=today_for(person), day=body.day
        )
    return _committed(session, item)
