"""The graded activity plan started and stopped from the web, as ``fibrotrack pacing start``
and ``stop`` do. Stopping asks first. Today's target itself is on the Program page."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from fibrotrack.diary import InvalidEntry
from fibrotrack.program import DEFAULT_STEP_PERCENT, Measure
from fibrotrack.services.pacing import parse_measure, start_pacing, stop_pacing
from fibrotrack.storage.models import Person
from fibrotrack.storage.plan import open_pacing_plan
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.form_fields import day_field, number_field
from fibrotrack.web.routes.pages import redirect_to, render, today_for
from fibrotrack.web.routes.program_plan import STOP_CONFIRMATION

router = APIRouter(include_in_schema=False)


def _percent(text: str) -> float:
    found = number_field("step", text)
    return DEFAULT_STEP_PERCENT if found is None else found


def _pacing_page(
    request: Request,
    session: SessionDep,
    person: Person,
    *,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    today = today_for(person)
    return render(
        request,
        "program_pacing.html",
        {
            "person": person,
            "today": today,
            "plan": open_pacing_plan(session, person_id=person.id),
            "measures": list(Measure),
            "default_step": f"{DEFAULT_STEP_PERCENT:g}",
            "error": error,
            "form": form or {},
        },
    )


@router.get("/program/pacing", name="program_pacing")
def pacing_page(request: Request, session: SessionDep, person: PersonDep) -> Response:
    """Start the graded activity plan, or stop the running one (after a confirmation)."""
    return _pacing_page(request, session, person)


@router.post("/program/pacing/start", name="pacing_start", dependencies=[CsrfForm])
def start(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    measure: Annotated[str, Form()] = Measure.ACTIVE_MINUTES.value,
    step: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="start")] = "",
) -> Response:
    today = today_for(person)
    try:
        start_pacing(
            session,
            person=person,
            today=today,
            measure=parse_measure(measure),
            step_percent=_percent(step),
            start=day_field("start", day, today),
        )
    except InvalidEntry as error:
        session.rollback()
        form = {"measure": measure, "step": step, "start": day}
        return _pacing_page(request, session, person, error=error, form=form)
    session.commit()
    return redirect_to(request, "program", pacing="started")


@router.post("/program/pacing/stop", name="pacing_stop", dependencies=[CsrfForm])
def stop(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    day: Annotated[str, Form(alias="date")] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Stops the plan once confirmed; without ``confirm=stop`` nothing changes."""
    if confirm != STOP_CONFIRMATION:
        return _pacing_page(request, session, person)
    today = today_for(person)
    try:
        stop_pacing(session, person=person, today=today, day=day_field("date", day, today))
    except InvalidEntry as error:
        session.rollback()
        return _pacing_page(request, session, person, error=error, form={"date": day})
    session.commit()
    return redirect_to(request, "program", pacing="stopped")
