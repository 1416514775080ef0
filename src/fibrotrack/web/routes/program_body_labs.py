"""Lab results on the web, as ``fibrotrack labs add|list``: add a result as the lab reported
it, see every result against the lab's own range with its change and the symptoms of the four
weeks before, and delete one after a confirmation."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from fibrotrack.body.labs import ANALYTES, DISCUSS
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.labs import add_lab_result, delete_lab_result, lab_history
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, RowId, SessionDep
from fibrotrack.web.form_fields import DELETE_CONFIRMATION, day_field, number_field
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)

STATUSES = {"added": "Saved the result.", "deleted": "Deleted the result."}


def _labs_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    status: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    today = today_for(person)
    return render(
        request,
        "program_body_labs.html",
        {
            "person": person,
            "today": today,
            "lines": sorted(
                lab_history(session, person=person),
                key=lambda line: (line.row.day, line.row.id),
                reverse=True,
            ),
            "analytes": ANALYTES,
            "discuss": DISCUSS,
            "status": status,
            "error": error,
            "form": form or {},
        },
    )


@router.get("/program/body/labs", name="body_labs")
def labs_page(request: Request, session: SessionDep, person: PersonDep, done: str = "") -> Response:
    return _labs_page(request, session, person, status=STATUSES.get(done))


@router.post("/program/body/labs", name="body_labs_add", dependencies=[CsrfForm])
def add(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    analyte: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    low: Annotated[str, Form()] = "",
    high: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="date")] = "",
    lab: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Records a result as ``labs add``; a bad test, unit, number or date writes nothing."""
    today = today_for(person)
    form = {
        "analyte": analyte,
        "value": value,
        "unit": unit,
        "low": low,
        "high": high,
        "date": day,
        "lab": lab,
        "note": note,
    }
    try:
        measured = number_field("value", value)
        if measured is None:
            raise InvalidEntry("value", "give the value as the lab reported it")
        add_lab_result(
            session,
            person=person,
            day=day_field("date", day, today),
            today=today,
            analyte=analyte,
            value=measured,
            unit=unit,
            low=number_field("low", low),
            high=number_field("high", high),
            lab=lab or None,
            note=note or None,
        )
    except InvalidEntry as error:
        session.rollback()
        return _labs_page(request, session, person, error=error, form=form)
    session.commit()
    return redirect_to(request, "body_labs", done="added")


@router.get("/program/body/labs/{result_id}/delete", name="body_labs_delete_confirm")
def delete_confirmation(
    request: Request, session: SessionDep, person: PersonDep, result_id: RowId
) -> Response:
    """Asks before a result is deleted; another person's result is not found."""
    line = next(
        (line for line in lab_history(session, person=person) if line.row.id == result_id), None
    )
    if line is None:
        return _labs_page(
            request, session, person, error=InvalidEntry("result", "no such lab result of yours")
        )
    return render(
        request,
        "program_body_labs_delete.html",
        {"person": person, "today": today_for(person), "line": line},
    )


@router.post(
    "/program/body/labs/{result_id}/delete", name="body_labs_delete", dependencies=[CsrfForm]
)
def delete(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    result_id: RowId,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Deletes the result once confirmed (``confirm=delete``); otherwise asks, changing nothing."""
    if confirm != DELETE_CONFIRMATION:
        return delete_confirmation(request, session, person, result_id)
    try:
        delete_lab_result(session, person=person, result_id=result_id)
    except InvalidEntry as error:
        session.rollback()
        return _labs_page(request, session, person, error=error)
    session.commit()
    return redirect_to(request, "body_labs", done="deleted")
