"""The menstrual cycle on the web, as ``fibrotrack cycle log|delete|summary``: log a period's
start, its end or both (only an end closes the latest open period), delete a mistyped one after
confirming, and see today's cycle day, the cycle lengths and pain and fatigue by phase."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from fibrotrack.body.cycle import MAX_PHASED_CYCLE_DAYS, USUAL_CYCLE_DAYS, cycle_lengths
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.cycle import (
    PHASES_NOTE,
    delete_period,
    log_period,
    period_starting,
    periods_of,
)
from fibrotrack.storage.models import Person
from fibrotrack.web.body_summaries import cycle_of
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.form_fields import (
    DELETE_CONFIRMATION,
    day_field,
    echoed_day,
    optional_day_field,
)
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)


def _cycle_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    status: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    today = today_for(person)
    cycle = cycle_of(session, person, today)
    return render(
        request,
        "program_body_cycle.html",
        {
            "person": person,
            "today": today,
            "cycle": cycle,
            "lengths": cycle_lengths(cycle.cycles) if cycle else [],
            "gaps": [found for found in cycle.cycles if found.gap] if cycle else [],
            "max_cycle_days": MAX_PHASED_CYCLE_DAYS,
            "periods": list(reversed(periods_of(session, person=person))),
            "usual": USUAL_CYCLE_DAYS,
            "note": PHASES_NOTE,
            "status": status,
            "error": error,
            "form": form or {},
        },
    )


@router.get("/program/body/cycle", name="body_cycle")
def cycle_page(
    request: Request, session: SessionDep, person: PersonDep, saved: str = "", deleted: str = ""
) -> Response:
    start, gone = echoed_day(saved), echoed_day(deleted)
    status = None
    if start:
        status = f"Saved the period from {start.isoformat()}."
    elif gone:
        status = f"Deleted the period from {gone.isoformat()}."
    return _cycle_page(request, session, person, status=status)


@router.post("/program/body/cycle", name="body_cycle_log", dependencies=[CsrfForm])
def log(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
) -> Response:
    """Logs a period as ``cycle log``; a date that clashes with another period writes nothing."""
    form = {"start": start, "end": end}
    try:
        row = log_period(
            session,
            person=person,
            today=today_for(person),
            start=optional_day_field("start", start),
            end=optional_day_field("end", end),
        )
    except InvalidEntry as error:
        session.rollback()
        return _cycle_page(request, session, person, error=error, form=form)
    session.commit()
    return redirect_to(request, "body_cycle", saved=row.start_day.isoformat())


@router.get("/program/body/cycle/{start}/delete", name="body_cycle_delete_confirm")
def delete_confirmation(
    request: Request, session: SessionDep, person: PersonDep, start: str
) -> Response:
    """Asks before a period is deleted; a day with no period of the person's is named."""
    try:
        day = day_field("start", start, today_for(person))
        row = period_starting(session, person=person, start=day)
    except InvalidEntry as error:
        return _cycle_page(request, session, person, error=error)
    return render(
        request,
        "program_body_cycle_delete.html",
        {"person": person, "today": today_for(person), "period": row},
    )


@router.post(
    "/program/body/cycle/{start}/delete", name="body_cycle_delete", dependencies=[CsrfForm]
)
def delete(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    start: str,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Deletes the period once confirmed (``confirm=delete``); otherwise asks, changing
    nothing."""
    if confirm != DELETE_CONFIRMATION:
        return delete_confirmation(request, session, person, start)
    try:
        day = day_field("start", start, today_for(person))
        delete_period(session, person=person, start=day)
    except InvalidEntry as error:
        session.rollback()
        return _cycle_page(request, session, person, error=error)
    session.commit()
    return redirect_to(request, "body_cycle", deleted=day.isoformat())
