"""Logged practice sessions: the last four weeks' list, and deleting a session logged by
mistake (a double tap, a wrong day), asked first on the list, or taken back at once with the
"Undo" beside the status right after one-tap logging (Program and Today)."""

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.program import catalogue
from fibrotrack.services.plan import (
    RECENT_DAYS,
    delete_practice_log,
    practice_log,
    recent_practice_logs,
)
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, RowId, SessionDep
from fibrotrack.web.form_fields import DELETE_CONFIRMATION
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)

# Where a deletion returns: the list, or the page whose "Undo" was pressed.
RETURN_PAGES = {"sessions": "program_sessions", "program": "program", "today": "today"}


def _sessions_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    status: str | None = None,
    error: InvalidEntry | None = None,
) -> Response:
    today = today_for(person)
    rows = recent_practice_logs(session, person=person, today=today)
    return render(
        request,
        "program_sessions.html",
        {
            "person": person,
            "today": today,
            "days": RECENT_DAYS,
            "rows": [(row, catalogue().practice(row.practice_id)) for row in rows],
            "status": status,
            "error": error,
        },
    )


@router.get("/program/sessions", name="program_sessions")
def sessions_page(
    request: Request, session: SessionDep, person: PersonDep, undone: str = ""
) -> Response:
    return _sessions_page(request, session, person, status=undone_status(undone))


def undone_status(practice_id: str | None) -> str | None:
    """The status after a session was deleted: "Took back the session of Walking."."""
    if not practice_id:
        return None
    try:
        return f"Took back the session of {catalogue().practice(practice_id).name}."
    except InvalidEntry:
        return None


@router.get("/program/sessions/{log_id}/delete", name="program_session_delete_confirm")
def delete_confirmation(
    request: Request, session: SessionDep, person: PersonDep, log_id: RowId
) -> Response:
    """Asks before a session is deleted; another person's session is not found."""
    try:
        row = practice_log(session, person=person, log_id=log_id)
    except InvalidEntry as error:
        return _sessions_page(request, session, person, error=error)
    return render(
        request,
        "program_session_delete.html",
        {
            "person": person,
            "today": today_for(person),
            "row": row,
            "practice": catalogue().practice(row.practice_id),
        },
    )


@router.post(
    "/program/sessions/{log_id}/delete", name="program_session_delete", dependencies=[CsrfForm]
)
def delete(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    log_id: RowId,
    confirm: Annotated[str, Form()] = "",
    return_to: Annotated[str, Form()] = "sessions",
    practice_id: Annotated[str, Form()] = "",
) -> Response:
    """Deletes the session once confirmed (``confirm=delete``, which the "Undo" button sends);
    otherwise asks, changing nothing. It returns to the page named by ``return_to``. An "Undo"
    also names the session's practice: from a page left open (or gone back to) after that
    session was deleted, its id may since name another session, which is then kept."""
    if confirm != DELETE_CONFIRMATION:
        return delete_confirmation(request, session, person, log_id)
    try:
        row = practice_log(session, person=person, log_id=log_id)
        if practice_id and row.practice_id != practice_id:
            raise InvalidEntry(
                "session", "the session this Undo was for is already gone; nothing was deleted"
            )
        delete_practice_log(session, person=person, log_id=log_id)
    except InvalidEntry as error:
        session.rollback()
        return _sessions_page(request, session, person, error=error)
    session.commit()
    page = RETURN_PAGES.get(return_to, "program_sessions")
    return at_todays_program(redirect_to(request, page, undone=row.practice_id))


def at_todays_program(response: RedirectResponse) -> RedirectResponse:
    """Today's page opened at "Your program today", where the status and its Undo are (on a
    phone they are far below the top of the page); any other page as it is."""
    if urlsplit(response.headers["location"]).path.endswith("/today"):
        response.headers["location"] += "#program-today-heading"
    return response
