"""The plan, changed from the web: the practices by pillar with their evidence, and adding,
changing and stopping a practice (stopping asks first). Every change goes through
``fibrotrack.services.plan``, so it is also an intervention the insight engine can evaluate."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from fibrotrack.diary import InvalidEntry
from fibrotrack.program import catalogue
from fibrotrack.services.plan import (
    add_practice,
    change_practice,
    current_plan,
    plan_history,
    schedule_of,
    stop_practice,
)
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.form_fields import day_field, whole_field
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)

STOP_CONFIRMATION = "stop"


def _plan_page(
    request: Request,
    session: SessionDep,
    person: Person,
    *,
    status: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
    form_for: str | None = None,
) -> HTMLResponse:
    today = today_for(person)
    items = current_plan(session, person=person, today=today)
    current_ids = {item.id for item in items}
    return render(
        request,
        "program_plan.html",
        {
            "person": person,
            "today": today,
            "plan": [
                {
                    "item": item,
                    "practice": catalogue().practice(item.practice_id),
                    "schedule": schedule_of(item).describe(),
                }
                for item in items
            ],
            "history": [
                {"item": item, "practice": catalogue().practice(item.practice_id)}
                for item in reversed(plan_history(session, person=person))
                if item.id not in current_ids
            ],
            "catalogue": catalogue(),
            "in_plan": {item.practice_id for item in items},
            "status": status,
            "error": error,
            "form": form or {},
            "form_for": form_for,
        },
    )


@router.get("/program/plan", name="program_plan")
def plan_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    added: str | None = None,
    changed: str | None = None,
    stopped: str | None = None,
) -> Response:
    status = None
    for verb, practice_id in (("Added", added), ("Changed", changed), ("Stopped", stopped)):
        if practice_id:
            try:
                status = f"{verb} {catalogue().practice(practice_id).name}."
            except InvalidEntry:
                status = None
    return _plan_page(request, session, person, status=status)


@router.get("/program/practices", name="program_practices")
def practices_page(request: Request, session: SessionDep, person: PersonDep) -> Response:
    """Every practice of the program, pillar by pillar, with what it is, how to start, its
    safety note and its evidence; each can be added to the plan from here."""
    today = today_for(person)
    plan = {item.practice_id: item for item in current_plan(session, person=person, today=today)}
    return render(
        request,
        "program_practices.html",
        {"person": person, "today": today, "catalogue": catalogue(), "plan": plan},
    )


@router.post("/program/plan/add", name="plan_add", dependencies=[CsrfForm])
def add(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    practice_id: Annotated[str, Form()] = "",
    start: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Put a practice in the plan; without days and minutes, the catalogue's starting
    schedule."""
    today = today_for(person)
    try:
        item = add_practice(
            session,
            person=person,
            practice_id=practice_id,
            today=today,
            start=day_field("start", start, today),
            days_per_week=whole_field("days", days),
            minutes=whole_field("minutes", minutes),
            note=note,
        )
    except InvalidEntry as error:
        session.rollback()
        form = {"practice_id": practice_id, "start": start, "days": days, "minutes": minutes}
        return _plan_page(
            request, session, person, error=error, form={**form, "note": note}, form_for="add"
        )
    session.commit()
    return redirect_to(request, "program_plan", added=item.practice_id)


@router.post("/program/plan/change", name="plan_change", dependencies=[CsrfForm])
def change(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    practice_id: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="date")] = "",
    days: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
) -> Response:
    """A new schedule from a day on; the old one stays in the history."""
    today = today_for(person)
    try:
        item = change_practice(
            session,
            person=person,
            practice_id=practice_id,
            today=today,
            day=day_field("date", day, today),
            days_per_week=whole_field("days", days),
            minutes=whole_field("minutes", minutes),
        )
    except InvalidEntry as error:
        session.rollback()
        form = {"practice_id": practice_id, "date": day, "days": days, "minutes": minutes}
        return _plan_page(request, session, person, error=error, form=form, form_for=practice_id)
    session.commit()
    return redirect_to(request, "program_plan", changed=item.practice_id)


def _stop_page(
    request: Request,
    session: SessionDep,
    person: Person,
    practice_id: str,
    *,
    day: str = "",
    error: InvalidEntry | None = None,
) -> Response:
    today = today_for(person)
    items = {
        item.practice_id: item
        for item in current_plan(session, person=person, today=today)
        if item.stop_day is None
    }
    item = items.get(practice_id)
    if item is None:
        return _plan_page(
            request,
            session,
            person,
            error=error or InvalidEntry("practice", f"{practice_id!r} is not in your plan"),
        )
    return render(
        request,
        "program_stop.html",
        {
            "person": person,
            "today": today,
            "item": item,
            "practice": catalogue().practice(practice_id),
            "schedule": schedule_of(item).describe(),
            "day": day or today.isoformat(),
            "error": error,
        },
    )


@router.get("/program/plan/stop", name="plan_stop_confirm")
def stop_confirmation(
    request: Request, session: SessionDep, person: PersonDep, practice: str = ""
) -> Response:
    """Asks before a practice leaves the plan."""
    return _stop_page(request, session, person, practice)


@router.post("/program/plan/stop", name="plan_stop", dependencies=[CsrfForm])
def stop(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    practice_id: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="date")] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Stops a practice once confirmed (``confirm=stop``, the confirmation page's button);
    without it, the confirmation page is shown and nothing changes."""
    if confirm != STOP_CONFIRMATION:
        return _stop_page(request, session, person, practice_id, day=day)
    today = today_for(person)
    try:
        item = stop_practice(
            session,
            person=person,
            practice_id=practice_id,
            today=today,
            day=day_field("date", day, today),
        )
    except InvalidEntry as error:
        session.rollback()
        return _stop_page(request, session, person, practice_id, day=day, error=error)
    session.commit()
    return redirect_to(request, "program_plan", stopped=item.practice_id)
