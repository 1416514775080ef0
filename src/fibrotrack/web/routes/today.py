"""Today: the daily check-in, for today or any past day."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from fibrotrack.diary import (
    BAD_DAY_VARIABLES,
    CORE_VARIABLES,
    InvalidEntry,
    VariableKind,
    parse_day,
    parse_tag,
)
from fibrotrack.program import catalogue
from fibrotrack.services.checkin import CheckIn, check_in, checkin_of, same_as_yesterday
from fibrotrack.services.pacing_status import pacing_json, pacing_view
from fibrotrack.services.plan import practices_of_today
from fibrotrack.storage.diary import recent_tags
from fibrotrack.storage.models import Person
from fibrotrack.storage.races import commit_racing
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.form_fields import number_field
from fibrotrack.web.routes.pages import render, today_for
from fibrotrack.web.routes.program_sessions import undone_status
from fibrotrack.web.templating import path_for

router = APIRouter(include_in_schema=False)

RATINGS = [v for v in CORE_VARIABLES if v.kind == VariableKind.SCALE]
AMOUNTS = [v for v in CORE_VARIABLES if v.kind != VariableKind.SCALE]


def _tag_keys(joined: str) -> set[str]:
    keys = set()
    for text in joined.split(","):
        try:
            keys.add(parse_tag(text).key)
        except InvalidEntry:
            continue
    return keys


def _day_from(text: str | None, today: date) -> date:
    return parse_day(text) if text else today


def _page(
    request: Request,
    session: SessionDep,
    person: Person,
    *,
    day: date,
    bad_day: bool,
    form: dict[str, str] | None = None,
    error: InvalidEntry | None = None,
    status: str | None = None,
    practice_status: str | None = None,
    logged_session: int | None = None,
    logged_practice: str | None = None,
) -> HTMLResponse:
    today = today_for(person)
    program = _program_today(session, person, today) if day == today else {}
    entry = checkin_of(session, person=person, day=day)
    if form is None:
        form = {}
        if entry is not None:
            form = {key: f"{value:g}" for key, value in entry.values.items()}
            form["note"] = entry.note or ""
    present = set(entry.tags) if entry and not error else _tag_keys(form.get("tags", ""))
    ratings = [v for v in RATINGS if v.key in BAD_DAY_VARIABLES] if bad_day else RATINGS
    return render(
        request,
        "today.html",
        {
            "person": person,
            "day": day,
            "today": today,
            "is_today": day == today,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1) if day < today else None,
            "ratings": ratings,
            "amounts": [] if bad_day else AMOUNTS,
            "bad_day": bad_day,
            "form": form,
            "tags": []
            if bad_day
            else recent_tags(session, person_id=person.id, since=today - timedelta(days=60)),
            "present_tags": present,
            "error": error,
            "status": status,
            "logged": entry is not None,
            "practice_status": practice_status,
            "logged_session": logged_session,
            "logged_practice": logged_practice,
            **program,
        },
    )


def _program_today(session: SessionDep, person: Person, today: date) -> dict[str, object]:
    """The practices of today's plan and today's activity target, for the compact program
    block under the ratings."""
    view = pacing_view(session, person=person, today=today)
    return {
        "practices": [
            {"practice": catalogue().practice(entry.practice_id), "today": entry}
            for entry in practices_of_today(session, person=person, today=today)
        ],
        "pacing": pacing_json(view) if view else None,
    }


def _logged_status(practice_id: str | None) -> str | None:
    if not practice_id:
        return None
    try:
        return f"Logged {catalogue().practice(practice_id).name} for today."
    except InvalidEntry:
        return None


def today_with_error(
    request: Request, session: SessionDep, person: Person, error: InvalidEntry
) -> HTMLResponse:
    """Today's page with ``error`` shown and nothing saved: for a form on Today that posts to
    another area's route (one-tap practice logging)."""
    return _page(request, session, person, day=today_for(person), bad_day=False, error=error)


@router.get("/today", name="today")
def today_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    day: Annotated[str | None, Query(alias="date")] = None,
    mode: str | None = None,
    saved: bool = False,
    logged: str | None = None,
    logged_session: int = 0,
    undone: str | None = None,
) -> Response:
    try:
        target = _day_from(day, today_for(person))
    except InvalidEntry as error:
        return _page(request, session, person, day=today_for(person), bad_day=False, error=error)
    return _page(
        request,
        session,
        person,
        day=target,
        bad_day=mode == "bad",
        status=_saved_status(session, person, target) if saved else None,
        practice_status=_logged_status(logged) or undone_status(undone),
        logged_session=logged_session or None,
        logged_practice=logged,
    )


def _saved_status(session: SessionDep, person: Person, day: date) -> str:
    """What a save left: "Saved.", or that the day is missing when the form was empty."""
    if checkin_of(session, person=person, day=day) is not None:
        return "Saved."
    return "Nothing is logged for this day: it stays missing, never counted as a good day."


class CheckInForm(BaseModel):
    """The check-in form as posted; every value is text until checked."""

    date: str = ""
    mode: str = ""
    pain: str | None = None
    fatigue: str | None = None
    sleep_quality: str | None = None
    brain_fog: str | None = None
    mood: str | None = None
    stress: str | None = None
    sleep_hours: str | None = None
    activity_minutes: str | None = None
    steps: str | None = None
    tag: list[str] = []
    new_tags: str = ""
    note: str | None = None


@router.post("/today", dependencies=[CsrfForm])
def save_today(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    posted: Annotated[CheckInForm, Form()],
) -> Response:
    today = today_for(person)
    bad_day = posted.mode == "bad"
    fields = {k: v for k, v in posted.model_dump().items() if isinstance(v, str)}
    fields["tags"] = ",".join(posted.tag)
    try:
        day = _day_from(posted.date, today)
    except InvalidEntry as error:
        return _page(request, session, person, day=today, bad_day=bad_day, error=error)
    try:
        numbers = {
            variable.key: number_field(variable.key, fields.get(variable.key) or "")
            for variable in RATINGS + AMOUNTS
        }
        typed = [text for text in posted.new_tags.split(",") if text.strip()]
        change = CheckIn(
            day=day,
            values={key: number for key, number in numbers.items() if number is not None},
            add_tags=[*posted.tag, *typed],
            note=None if bad_day else (posted.note or ""),
            replace=not bad_day,
        )
        commit_racing(session, lambda: check_in(session, person=person, change=change, today=today))
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, person, day=day, bad_day=bad_day, form=fields, error=error)
    return _redirect_to(request, day, today)


def _redirect_to(request: Request, day: date, today: date) -> RedirectResponse:
    url = path_for(request, "today").include_query_params(saved=1)
    if day != today:
        url = url.include_query_params(date=day.isoformat())
    return RedirectResponse(str(url), status_code=303)


@router.post("/today/same", name="same_as_yesterday", dependencies=[CsrfForm])
def copy_yesterday(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    day: Annotated[str, Form(alias="date")] = "",
) -> Response:
    today = today_for(person)
    try:
        target = _day_from(day, today)
        same_as_yesterday(session, person=person, day=target, today=today)
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, person, day=today, bad_day=False, error=error)
    session.commit()
    return _redirect_to(request, target, today)
