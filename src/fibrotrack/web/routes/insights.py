"""Insights: what goes with a person's symptoms, what changed after what they started, their
self-experiments (start, follow, stop), and the method in plain words."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.experiments import (
    active_experiment,
    design_of,
    log_adherence,
    start_experiment,
    stop_experiment,
)
from fibrotrack.services.insights_overview import (
    DEFAULT_OUTCOME,
    estimate_effects,
    insights_overview,
)
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.routes.pages import render, today_for
from fibrotrack.web.routes.program_plan import STOP_CONFIRMATION
from fibrotrack.web.templating import path_for

router = APIRouter(include_in_schema=False)

DONE = {
    "effects": "The before/after estimates are up to date.",
    "started": "Your self-experiment has started. Today's instruction is below.",
    "stopped": "The self-experiment is stopped; its result below is final, as of today.",
    "logged": "Saved how today went.",
}


def _page(
    request: Request,
    session: Session,
    person: Person,
    *,
    outcome: str,
    done: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    today = today_for(person)
    try:
        overview = insights_overview(session, person=person, today=today, outcome=outcome)
    except InvalidEntry as invalid:
        error = error or invalid
        overview = insights_overview(session, person=person, today=today)
    return render(
        request,
        "insights.html",
        {
            "person": person,
            "today": today,
            "overview": overview,
            "status": DONE.get(done or ""),
            "error": error,
            "form": form or {},
        },
    )


def _back(request: Request, outcome: str, done: str) -> RedirectResponse:
    url = path_for(request, "insights").include_query_params(outcome=outcome, done=done)
    return RedirectResponse(str(url), status_code=303)


@router.get("/insights", name="insights")
def insights_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    outcome: str = DEFAULT_OUTCOME,
    done: str | None = None,
) -> Response:
    return _page(request, session, person, outcome=outcome, done=done)


@router.get("/insights/method", name="insights_method")
def method_page(request: Request, person: PersonDep) -> Response:
    return render(request, "insights_method.html", {"person": person})


@router.post("/insights/effects", name="insights_effects", dependencies=[CsrfForm])
def update_effects(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    outcome: Annotated[str, Form()] = DEFAULT_OUTCOME,
) -> Response:
    """Compute the missing and out-of-date before/after estimates (seconds each)."""
    try:
        estimate_effects(session, person=person, outcome=outcome)
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, person, outcome=DEFAULT_OUTCOME, error=error)
    session.commit()
    return _back(request, outcome, "effects")


def _whole(field: str, text: str, default: int) -> int:
    text = text.strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise InvalidEntry(field, f"{text!r} is not a whole number") from None


@router.post("/insights/experiments", name="experiment_start", dependencies=[CsrfForm])
def start(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    factor: Annotated[str, Form()] = "",
    on_text: Annotated[str, Form()] = "",
    off_text: Annotated[str, Form()] = "",
    outcome: Annotated[str, Form()] = DEFAULT_OUTCOME,
    pairs: Annotated[str, Form()] = "",
    period_days: Annotated[str, Form()] = "",
) -> Response:
    """Start a randomised self-experiment today."""
    form = {
        "factor": factor,
        "on_text": on_text,
        "off_text": off_text,
        "outcome": outcome,
        "pairs": pairs,
        "period_days": period_days,
    }
    try:
        start_experiment(
            session,
            person=person,
            factor=factor,
            outcome=outcome,
            on_text=on_text,
            off_text=off_text,
            pairs=_whole("pairs", pairs, 6),
            period_days=_whole("period_days", period_days, 7),
            today=today_for(person),
        )
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, person, outcome=DEFAULT_OUTCOME, error=error, form=form)
    session.commit()
    return _back(request, DEFAULT_OUTCOME, "started")


def _stop_page(
    request: Request, session: Session, person: Person, *, error: InvalidEntry | None = None
) -> HTMLResponse:
    today = today_for(person)
    running = active_experiment(session, person=person, today=today)
    return render(
        request,
        "insights_experiment_stop.html",
        {
            "person": person,
            "today": today,
            "design": None if running is None else design_of(running),
            "error": error,
        },
    )


@router.get("/insights/experiments/stop", name="experiment_stop_confirm")
def stop_confirmation(request: Request, session: SessionDep, person: PersonDep) -> Response:
    """Asks before the running self-experiment stops."""
    return _stop_page(request, session, person)


@router.post("/insights/experiments/stop", name="experiment_stop", dependencies=[CsrfForm])
def stop(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Stops the running self-experiment early once confirmed (``confirm=stop``, the
    confirmation page's button); without it, the confirmation page is shown and nothing
    changes."""
    if confirm != STOP_CONFIRMATION:
        return _stop_page(request, session, person)
    try:
        stop_experiment(session, person=person, today=today_for(person))
    except InvalidEntry as error:
        session.rollback()
        return _stop_page(request, session, person, error=error)
    session.commit()
    return _back(request, DEFAULT_OUTCOME, "stopped")


@router.post(
    "/insights/experiments/adherence", name="experiment_adherence", dependencies=[CsrfForm]
)
def adherence(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    followed: Annotated[str, Form()] = "",
) -> Response:
    """Whether the person kept to today's instruction."""
    today = today_for(person)
    try:
        if followed not in {"yes", "no"}:
            raise InvalidEntry("followed", "choose whether you kept to today's instruction")
        log_adherence(session, person=person, day=today, followed=followed == "yes", today=today)
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, person, outcome=DEFAULT_OUTCOME, error=error)
    session.commit()
    return _back(request, DEFAULT_OUTCOME, "logged")
