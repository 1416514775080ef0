"""Flares on the web: the flares found in the person's pain and fatigue and those they logged,
with their word on each; confirm or deny each, or log a flare of their own.

Every change goes through ``fibrotrack.services.insights.review_flare``, as the CLI's does, so
the status engine, Trends' shading and the activity plan read the same confirmations. The routes
act only on the signed-in person's own flares; a clinician sees the list read-only on the
shared person's page."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.insights import FlareView, flare_checked_days, person_flares, review_flare
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.form_fields import optional_day_field
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)

SAVED = {
    "confirmed": "Saved: the flare from {start} to {end} is confirmed.",
    "denied": "Saved: {start} to {end} is marked as not a flare.",
    "logged": "Saved: your flare from {start} to {end} is logged.",
}


def day_of(field: str, text: str) -> date:
    """The date typed in ``field``, or ``InvalidEntry`` naming that field."""
    found = optional_day_field(field, text)
    if found is None:
        raise InvalidEntry(field, "enter a date (YYYY-MM-DD)")
    return found


def _saved_message(flares: list[FlareView], said: str | None, start: str | None) -> str | None:
    """What the change just saved did, in words, when ``said`` and ``start`` name one."""
    flare = next((flare for flare in flares if flare.start.isoformat() == start), None)
    if said not in SAVED or flare is None:
        return None
    return SAVED[said].format(start=flare.start.isoformat(), end=flare.end.isoformat())


def _flares_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    said: str | None = None,
    start: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    flares = person_flares(session, person=person)
    return render(
        request,
        "flares.html",
        {
            "person": person,
            "today": today_for(person),
            "flares": list(reversed(flares)),
            "checked_days": len(flare_checked_days(session, person=person)),
            "reviewable": True,
            "status": _saved_message(flares, said, start),
            "error": error,
            "form": form or {},
        },
    )


@router.get("/status/flares", name="flares")
def flares_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    said: str | None = None,
    start: str | None = None,
) -> Response:
    """Every flare, newest first, with Confirm and "Not a flare" buttons, and a form to log
    one; ``said`` and ``start`` name the change just saved."""
    return _flares_page(request, session, person, said=said, start=start)


def _review(
    request: Request, session: Session, person: Person, start: str, *, confirmed: bool
) -> Response:
    try:
        view = review_flare(
            session,
            person=person,
            start=day_of("start", start),
            confirmed=confirmed,
            today=today_for(person),
        )
    except InvalidEntry as error:
        session.rollback()
        return _flares_page(request, session, person, error=error)
    session.commit()
    said = "confirmed" if confirmed else "denied"
    return redirect_to(request, "flares", said=said, start=view.start.isoformat())


@router.post("/status/flares/{start}/confirm", name="flare_confirm", dependencies=[CsrfForm])
def confirm(request: Request, session: SessionDep, person: PersonDep, start: str) -> Response:
    """The flare starting on ``start`` was a flare."""
    return _review(request, session, person, start, confirmed=True)


@router.post("/status/flares/{start}/deny", name="flare_deny", dependencies=[CsrfForm])
def deny(request: Request, session: SessionDep, person: PersonDep, start: str) -> Response:
    """The flare starting on ``start`` was not a flare."""
    return _review(request, session, person, start, confirmed=False)


@router.post("/status/flares", name="flare_log", dependencies=[CsrfForm])
def log(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
) -> Response:
    """Log a flare of one's own from its first to its last day (empty: a one-day flare)."""
    try:
        first = day_of("start", start)
        last = day_of("end", end) if end.strip() else None
        view = review_flare(
            session,
            person=person,
            start=first,
            end=last,
            confirmed=True,
            today=today_for(person),
        )
    except InvalidEntry as error:
        session.rollback()
        return _flares_page(
            request, session, person, error=error, form={"start": start, "end": end}
        )
    session.commit()
    return redirect_to(request, "flares", said="logged", start=view.start.isoformat())
