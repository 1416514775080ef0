"""Medications and supplements on the web, as ``fibrotrack meds add|stop|list``: record what
was started (name, kind, dose, start date) and the day it was stopped. Recording only:
fibrotrack never suggests a medication or a dose. Each start and stop is an intervention the
insight engine can estimate the effect of."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.medications import (
    KINDS,
    add_medication,
    delete_medication,
    find_medication,
    medications,
    resume_medication,
    stop_medication,
)
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, RowId, SessionDep
from fibrotrack.web.form_fields import DELETE_CONFIRMATION, day_field
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)

STATUSES = {
    "added": "Saved what you started.",
    "stopped": "Saved the day you stopped.",
    "resumed": "Taken back: it is recorded as taken now, with no last day.",
    "deleted": "Deleted the entry.",
}


def _meds_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    status: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
    stopping: int | None = None,
    just_stopped: int | None = None,
) -> Response:
    rows = medications(session, person=person)
    return render(
        request,
        "program_body_meds.html",
        {
            "person": person,
            "today": today_for(person),
            "taking": [row for row in rows if row.end_day is None],
            "stopped": [row for row in reversed(rows) if row.end_day is not None],
            "kinds": KINDS,
            "status": status,
            "error": error,
            "form": form or {},
            "stopping": stopping,
            "just_stopped": next(
                (row for row in rows if row.id == just_stopped and row.end_day is not None), None
            ),
        },
    )


@router.get("/program/body/meds", name="body_meds")
def meds_page(
    request: Request, session: SessionDep, person: PersonDep, done: str = "", med: int = 0
) -> Response:
    """The page; after a stop (``done=stopped&med=ID``) the status offers to take it back."""
    return _meds_page(request, session, person, status=STATUSES.get(done), just_stopped=med or None)


@router.post("/program/body/meds", name="body_meds_add", dependencies=[CsrfForm])
def add(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "medication",
    dose: Annotated[str, Form()] = "",
    start: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Records a start as ``meds add``; a missing name, an unknown kind, a future date or a
    second running entry of the same name writes nothing."""
    today = today_for(person)
    form = {"name": name, "kind": kind, "dose": dose, "start": start, "note": note}
    try:
        add_medication(
            session,
            person=person,
            name=name,
            kind=kind,
            start=day_field("start", start, today),
            today=today,
            dose=dose,
            note=note,
        )
    except InvalidEntry as error:
        session.rollback()
        return _meds_page(request, session, person, error=error, form=form)
    session.commit()
    return redirect_to(request, "body_meds", done="added")


@router.post("/program/body/meds/{med_id}/stop", name="body_meds_stop", dependencies=[CsrfForm])
def stop(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    med_id: RowId,
    day: Annotated[str, Form(alias="date")] = "",
) -> Response:
    """Records the last day as ``meds stop``; only the person's own running entries can be
    stopped, and not before they were started."""
    today = today_for(person)
    try:
        stop_medication(
            session, person=person, name=med_id, end=day_field("date", day, today), today=today
        )
    except InvalidEntry as error:
        session.rollback()
        return _meds_page(
            request, session, person, error=error, form={"date": day}, stopping=med_id
        )
    session.commit()
    return redirect_to(request, "body_meds", done="stopped", med=med_id)


@router.post("/program/body/meds/{med_id}/resume", name="body_meds_resume", dependencies=[CsrfForm])
def resume(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    med_id: RowId,
    name: Annotated[str, Form()] = "",
) -> Response:
    """Takes back a stop recorded by mistake, as ``meds resume``. The "Undo" after a stop also
    sends the name, so a page left open after that entry was deleted (its id may since name
    another) changes nothing."""
    try:
        if name and find_medication(session, person=person, name=med_id).name != name:
            raise InvalidEntry(
                "medication", "the entry this Undo was for is already gone; nothing was changed"
            )
        resume_medication(session, person=person, name=med_id)
    except InvalidEntry as error:
        session.rollback()
        return _meds_page(request, session, person, error=error)
    session.commit()
    return redirect_to(request, "body_meds", done="resumed")


@router.get("/program/body/meds/{med_id}/delete", name="body_meds_delete_confirm")
def delete_confirmation(
    request: Request, session: SessionDep, person: PersonDep, med_id: RowId
) -> Response:
    """Asks before an entry is deleted; another person's entry is not found."""
    try:
        row = find_medication(session, person=person, name=med_id)
    except InvalidEntry as error:
        return _meds_page(request, session, person, error=error)
    return render(
        request,
        "program_body_meds_delete.html",
        {"person": person, "today": today_for(person), "row": row},
    )


@router.post("/program/body/meds/{med_id}/delete", name="body_meds_delete", dependencies=[CsrfForm])
def delete(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    med_id: RowId,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Deletes the entry once confirmed (``confirm=delete``); otherwise asks, changing nothing."""
    if confirm != DELETE_CONFIRMATION:
        return delete_confirmation(request, session, person, med_id)
    try:
        delete_medication(session, person=person, name=med_id)
    except InvalidEntry as error:
        session.rollback()
        return _meds_page(request, session, person, error=error)
    session.commit()
    return redirect_to(request, "body_meds", done="deleted")
