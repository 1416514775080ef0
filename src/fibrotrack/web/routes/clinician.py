"""The clinician's window: the people who shared with them, read-only, every look logged."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from fibrotrack.diary import CORE_VARIABLES, InvalidEntry, local_today
from fibrotrack.program import PLAN_QUESTION, REVIEW_QUESTIONS
from fibrotrack.services.checkin import history
from fibrotrack.services.insights import flare_checked_days, person_flares
from fibrotrack.services.pain_map import pain_frequencies
from fibrotrack.services.review_answers import latest_review_answers
from fibrotrack.services.sharing import (
    NotShared,
    people_sharing_with,
    record_access,
    redeem_share,
    shared_person,
)
from fibrotrack.services.trends import trends
from fibrotrack.storage.models import Account
from fibrotrack.storage.types import utc_now
from fibrotrack.web.body_figure import VIEWS
from fibrotrack.web.body_summaries import body_summaries
from fibrotrack.web.deps import ClinicianDep, CsrfForm, RowId, SessionDep
from fibrotrack.web.routes.body_map import heat_class
from fibrotrack.web.routes.pages import redirect_to, render
from fibrotrack.web.routes.periods import Period, choose_period

router = APIRouter(include_in_schema=False)
RECENT_DAYS = 28
REVIEW_WEEKS = 4


def _home(
    request: Request,
    session: Session,
    clinician: Account,
    *,
    code: str = "",
    error: InvalidEntry | None = None,
) -> HTMLResponse:
    return render(
        request,
        "clinician_home.html",
        {
            "people": people_sharing_with(session, clinician_id=clinician.id),
            "code": code,
            "error": error,
        },
    )


@router.get("/clinician", name="clinician_home")
def clinician_home(request: Request, session: SessionDep, clinician: ClinicianDep) -> Response:
    return _home(request, session, clinician)


@router.get("/clinician/accept", name="accept_share")
def accept_form(
    request: Request,
    session: SessionDep,
    clinician: ClinicianDep,
    code: Annotated[str, Query()] = "",
) -> Response:
    """A share link opens this page with the code filled in; accepting is a deliberate POST."""
    return _home(request, session, clinician, code=code)


@router.post("/clinician/accept", dependencies=[CsrfForm])
def accept_share(
    request: Request,
    session: SessionDep,
    clinician: ClinicianDep,
    code: Annotated[str, Form()] = "",
) -> Response:
    try:
        redeem_share(session, clinician=clinician, code=code, now=utc_now())
    except InvalidEntry as error:
        session.rollback()
        return _home(request, session, clinician, code=code, error=error)
    session.commit()
    return redirect_to(request, "clinician_home")


@router.get("/clinician/people/{person_id}", name="clinician_person")
def person_overview(
    request: Request,
    session: SessionDep,
    clinician: ClinicianDep,
    person_id: RowId,
    period: Annotated[Period, Query()] = Period.DAYS_90,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    try:
        person = shared_person(session, clinician=clinician, person_id=person_id)
    except NotShared:
        raise HTTPException(status_code=404, detail="Nothing is shared with you here.") from None
    today = local_today(person.timezone, datetime.now(UTC))
    error = None
    try:
        first, last = choose_period(period, start, end, today)
    except InvalidEntry as invalid:
        error = invalid
        first, last = choose_period(Period.DAYS_90, None, None, today)
    record_access(
        session,
        clinician=clinician,
        person=person,
        what=f"Overview {first.isoformat()} to {last.isoformat()}",
        now=utc_now(),
    )
    session.commit()
    recent_start = today - timedelta(days=RECENT_DAYS - 1)
    entries = {e.day: e for e in history(session, person=person, start=recent_start, end=today)}
    frequencies = pain_frequencies(session, person=person, start=first, end=last)
    return render(
        request,
        "clinician_person.html",
        {
            "shared": person,
            "trends": trends(session, person=person, start=first, end=last),
            "recent": [
                (today - timedelta(days=offset), entries.get(today - timedelta(days=offset)))
                for offset in range(RECENT_DAYS)
            ],
            "variables": CORE_VARIABLES,
            "views": VIEWS,
            "frequencies": frequencies,
            "flares": list(reversed(person_flares(session, person=person))),
            "checked_days": len(flare_checked_days(session, person=person)),
            "reviewable": False,
            "shades": {f.area.key: heat_class(f.share) for f in frequencies},
            "days_recorded": frequencies[0].days_recorded,
            "first": first,
            "last": last,
            "period": period,
            "periods": list(Period),
            "review_answers": latest_review_answers(
                session, person=person, until=today, weeks=REVIEW_WEEKS
            ),
            "review_questions": REVIEW_QUESTIONS,
            "plan_question": PLAN_QUESTION,
            "error": error,
            "form_action": "clinician_person",
            "form_params": {"person_id": person.id},
        },
    )


@router.get("/clinician/people/{person_id}/body", name="clinician_body")
def person_body(
    request: Request, session: SessionDep, clinician: ClinicianDep, person_id: RowId
) -> Response:
    """The shared person's sleep, diet protocol, lab results and cycle summaries, read-only."""
    try:
        person = shared_person(session, clinician=clinician, person_id=person_id)
    except NotShared:
        raise HTTPException(status_code=404, detail="Nothing is shared with you here.") from None
    record_access(session, clinician=clinician, person=person, what="Body systems", now=utc_now())
    session.commit()
    today = local_today(person.timezone, datetime.now(UTC))
    return render(
        request,
        "clinician_body.html",
        {"shared": person, **body_summaries(session, person, today)},
    )
