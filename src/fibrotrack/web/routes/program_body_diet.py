"""The elimination → reintroduction protocol on the web, as ``fibrotrack diet``: start a
protocol, log each day (followed or slipped, GI symptoms, a note), stop it after a
confirmation, and read today's phase, adherence and the verdict on each food."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from fibrotrack.body.elimination import (
    DEFAULT_BASELINE_DAYS,
    DEFAULT_CHALLENGE_DAYS,
    DEFAULT_ELIMINATION_DAYS,
    DEFAULT_WASHOUT_DAYS,
    Phase,
)
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.diet import (
    DEFAULT_OUTCOMES,
    GI_SYMPTOMS,
    HONESTY,
    earlier_protocols,
    log_diet_day,
    outcome_choices,
    protocol_span,
    start_protocol,
    stop_protocol,
)
from fibrotrack.storage.models import Person
from fibrotrack.web.body_summaries import diet_status
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.form_fields import day_field, number_field, whole_field
from fibrotrack.web.routes.pages import redirect_to, render, today_for
from fibrotrack.web.routes.program_plan import STOP_CONFIRMATION

router = APIRouter(include_in_schema=False)

FOLLOWED = {"followed": True, "slipped": False, "": None}
STATUSES = {
    "started": "Protocol started.",
    "logged": "Saved the day.",
    "stopped": "Protocol stopped.",
}


def _outcome_choices(session: Session, person: Person) -> list[tuple[str, str]]:
    """The ratings a protocol can be judged by: GI symptoms first, then the others."""
    scales = {
        key: variable.label for key, variable in outcome_choices(session, person=person).items()
    }
    scales.pop(GI_SYMPTOMS.key, None)
    return [(GI_SYMPTOMS.key, GI_SYMPTOMS.label), *sorted(scales.items(), key=lambda kv: kv[1])]


def _foods(text: str) -> list[str]:
    """The foods typed one a line or separated by commas, in challenge order."""
    return [food.strip() for line in text.splitlines() for food in line.split(",") if food.strip()]


def _days(field: str, text: str, default: int) -> int:
    found = whole_field(field, text)
    return default if found is None else found


def _diet_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    template: str = "program_body_diet.html",
    status: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
    outcomes: list[str] | None = None,
) -> Response:
    today = today_for(person)
    found = diet_status(session, person, today)
    return render(
        request,
        template,
        {
            "person": person,
            "today": today,
            "diet": found,
            "earlier": earlier_protocols(session, person=person, today=today),
            "span": protocol_span,
            "running": found is not None and found.today.phase != Phase.FINISHED,
            "honesty": HONESTY,
            "outcome_choices": _outcome_choices(session, person),
            "chosen_outcomes": outcomes or list(DEFAULT_OUTCOMES),
            "defaults": {
                "baseline_days": DEFAULT_BASELINE_DAYS,
                "elimination_days": DEFAULT_ELIMINATION_DAYS,
                "challenge_days": DEFAULT_CHALLENGE_DAYS,
                "washout_days": DEFAULT_WASHOUT_DAYS,
            },
            "status": status,
            "error": error,
            "form": form or {},
        },
    )


@router.get("/program/body/diet", name="body_diet")
def diet_page(request: Request, session: SessionDep, person: PersonDep, done: str = "") -> Response:
    return _diet_page(request, session, person, status=STATUSES.get(done))


@router.post("/program/body/diet/start", name="body_diet_start", dependencies=[CsrfForm])
def start(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    foods: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="start")] = "",
    baseline: Annotated[str, Form(alias="baseline_days")] = "",
    elimination: Annotated[str, Form(alias="elimination_days")] = "",
    challenge: Annotated[str, Form(alias="challenge_days")] = "",
    washout: Annotated[str, Form(alias="washout_days")] = "",
    outcome: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Starts a protocol as ``diet protocol start``; a bad field writes nothing."""
    today = today_for(person)
    form = {
        "foods": foods,
        "start": day,
        "baseline_days": baseline,
        "elimination_days": elimination,
        "challenge_days": challenge,
        "washout_days": washout,
    }
    chosen = list(outcome or DEFAULT_OUTCOMES)
    try:
        start_protocol(
            session,
            person=person,
            foods=_foods(foods),
            start=day_field("start", day, today),
            today=today,
            baseline=_days("baseline_days", baseline, DEFAULT_BASELINE_DAYS),
            elimination=_days("elimination_days", elimination, DEFAULT_ELIMINATION_DAYS),
            challenge=_days("challenge_days", challenge, DEFAULT_CHALLENGE_DAYS),
            washout=_days("washout_days", washout, DEFAULT_WASHOUT_DAYS),
            outcomes=chosen,
        )
    except InvalidEntry as error:
        session.rollback()
        return _diet_page(request, session, person, error=error, form=form, outcomes=chosen)
    session.commit()
    return redirect_to(request, "body_diet", done="started")


@router.post("/program/body/diet/log", name="body_diet_log", dependencies=[CsrfForm])
def log(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    day: Annotated[str, Form(alias="date")] = "",
    followed: Annotated[str, Form()] = "",
    gi: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Logs a day as ``diet log``: followed or slipped, GI symptoms 0–10, a note."""
    today = today_for(person)
    form = {"date": day, "followed": followed, "gi": gi, "note": note}
    try:
        if followed not in FOLLOWED:
            raise InvalidEntry("followed", "choose followed or slipped")
        if not (followed or gi.strip() or note.strip()):
            raise InvalidEntry(
                "followed",
                "nothing to record: say whether you followed the plan, or rate GI symptoms",
            )
        log_diet_day(
            session,
            person=person,
            day=day_field("date", day, today),
            today=today,
            followed=FOLLOWED[followed],
            gi_symptoms=number_field("gi_symptoms", gi),
            note=note.strip() or None,
        )
    except InvalidEntry as error:
        session.rollback()
        return _diet_page(request, session, person, error=error, form=form)
    session.commit()
    return redirect_to(request, "body_diet", done="logged")


@router.get("/program/body/diet/stop", name="body_diet_stop_confirm")
def stop_confirmation(request: Request, session: SessionDep, person: PersonDep) -> Response:
    """Asks before the running protocol stops."""
    return _diet_page(request, session, person, template="program_body_diet_stop.html")


@router.post("/program/body/diet/stop", name="body_diet_stop", dependencies=[CsrfForm])
def stop(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    day: Annotated[str, Form(alias="date")] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Stops the protocol once confirmed (``confirm=stop``); otherwise asks, changing nothing."""
    if confirm != STOP_CONFIRMATION:
        return _diet_page(request, session, person, template="program_body_diet_stop.html")
    today = today_for(person)
    try:
        stop_protocol(session, person=person, day=day_field("date", day, today), today=today)
    except InvalidEntry as error:
        session.rollback()
        return _diet_page(
            request,
            session,
            person,
            template="program_body_diet_stop.html",
            error=error,
            form={"date": day},
        )
    session.commit()
    return redirect_to(request, "body_diet", done="stopped")
