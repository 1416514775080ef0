"""The program's home: today's plan with one-tap session logging, adherence over the last four
weeks, today's activity target, the guided slow-breathing session and the red-flag list. The
plan's changes and the practices by pillar are in ``program_plan``, the weekly review in
``program_review``; their routes are part of this router."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fibrotrack.diary import InvalidEntry
from fibrotrack.program import (
    RED_FLAGS,
    BreathingPattern,
    RedFlag,
    breathing_pattern,
    catalogue,
    overall,
    red_flag,
)
from fibrotrack.services.pacing_status import pacing_json, pacing_view
from fibrotrack.services.plan import adherence, current_plan, log_practice, schedule_of
from fibrotrack.services.red_flags import mark_red_flag, marked_red_flags
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.form_fields import number_field
from fibrotrack.web.routes import (
    program_body,
    program_pacing,
    program_plan,
    program_review,
    program_sessions,
)
from fibrotrack.web.routes.pages import redirect_to, render, today_for
from fibrotrack.web.routes.program_sessions import at_todays_program
from fibrotrack.web.routes.today import today_with_error
from fibrotrack.web.templating import path_for

router = APIRouter(include_in_schema=False)
router.include_router(program_plan.router)
router.include_router(program_review.router)
router.include_router(program_pacing.router)
router.include_router(program_body.router)
router.include_router(program_sessions.router)

ADHERENCE_WEEKS = 4
PACING_STATUS = {
    "started": "Graded activity plan started.",
    "stopped": "Graded activity plan stopped.",
}

BREATHING_PRACTICE = "slow_breathing"
RETURN_PAGES = ("program", "today")


def _program_page(
    request: Request,
    session: SessionDep,
    person: Person,
    *,
    status: str | None = None,
    error: InvalidEntry | None = None,
    logged_session: int | None = None,
    logged_practice: str | None = None,
) -> HTMLResponse:
    today = today_for(person)
    items = current_plan(session, person=person, today=today)
    weeks = adherence(session, person=person, today=today, weeks=ADHERENCE_WEEKS)
    this_week = {week.practice_id: week for week in weeks if not week.complete}
    mondays = sorted({week.week_start for week in weeks})
    grid = {(week.practice_id, week.week_start): week for week in weeks}
    view = pacing_view(session, person=person, today=today)
    return render(
        request,
        "program.html",
        {
            "person": person,
            "today": today,
            "plan": [
                {
                    "item": item,
                    "practice": catalogue().practice(item.practice_id),
                    "schedule": schedule_of(item).describe(),
                    "week": this_week.get(item.practice_id),
                }
                for item in items
            ],
            "adherence": [
                {
                    "practice": catalogue().practice(practice_id),
                    "weeks": [grid.get((practice_id, monday)) for monday in mondays],
                }
                for practice_id in sorted({week.practice_id for week in weeks})
            ],
            "mondays": mondays,
            "weeks_shown": ADHERENCE_WEEKS,
            "overall": overall(weeks),
            "pacing": pacing_json(view) if view else None,
            "status": status,
            "error": error,
            "logged_session": logged_session,
            "logged_practice": logged_practice,
        },
    )


@router.get("/program", name="program")
def program_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    logged: str | None = None,
    logged_session: int = 0,
    undone: str | None = None,
    pacing: str | None = None,
) -> Response:
    """The page; after one-tap logging (``logged``, ``logged_session``) the status offers to
    take the session back, and after that (``undone``) says it was."""
    status = PACING_STATUS.get(pacing or "") or program_sessions.undone_status(undone)
    if logged:
        try:
            status = f"Logged a session of {catalogue().practice(logged).name} for today."
        except InvalidEntry:
            status = None
    return _program_page(
        request,
        session,
        person,
        status=status,
        logged_session=logged_session or None,
        logged_practice=logged,
    )


def _return_page(name: str) -> str:
    if name not in RETURN_PAGES:
        raise InvalidEntry("return_to", f"{name!r} is not one of {' or '.join(RETURN_PAGES)}")
    return name


@router.post("/program/log", name="program_log", dependencies=[CsrfForm])
def log_session(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    practice_id: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
    return_to: Annotated[str, Form()] = "program",
) -> Response:
    """One tap on Program or on Today: a session of a practice, today. It comes back to the
    page named by ``return_to``, one of ``RETURN_PAGES`` only (never an address from the form),
    where an error is shown too."""
    today = today_for(person)
    try:
        page = _return_page(return_to)
        logged = log_practice(
            session,
            person=person,
            practice_id=practice_id,
            day=today,
            today=today,
            minutes=number_field("minutes", minutes),
        )
    except InvalidEntry as error:
        session.rollback()
        if return_to == "today":
            return today_with_error(request, session, person, error)
        return _program_page(request, session, person, error=error)
    session.commit()
    return at_todays_program(
        redirect_to(request, page, logged=practice_id, logged_session=logged.id)
    )


def _pattern(bpm: str | None, ratio: str | None, minutes: str | None) -> BreathingPattern:
    try:
        rate = float(bpm.replace(",", ".")) if bpm else None
    except ValueError:
        raise InvalidEntry("breaths_per_minute", f"{bpm!r} is not a number") from None
    try:
        length = int(minutes) if minutes else None
    except ValueError:
        raise InvalidEntry("minutes", f"{minutes!r} is not a whole number") from None
    defaults = BreathingPattern()
    return breathing_pattern(
        rate if rate is not None else defaults.breaths_per_minute,
        ratio or defaults.ratio,
        length if length is not None else defaults.minutes,
    )


def _pattern_params(pattern: BreathingPattern) -> dict[str, Any]:
    return {
        "bpm": f"{pattern.breaths_per_minute:g}",
        "ratio": pattern.ratio,
        "minutes": pattern.minutes,
    }


def _breathing_page(
    request: Request,
    person: Person,
    pattern: BreathingPattern,
    *,
    status: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, Any] | None = None,
) -> HTMLResponse:
    params = _pattern_params(pattern)
    return render(
        request,
        "breathing.html",
        {
            "person": person,
            "pattern": pattern,
            "params": params,
            "start_url": path_for(request, "breathing_step").include_query_params(step=0, **params),
            "status": status,
            "error": error,
            "form": form or params,
        },
    )


@router.get("/program/breathing", name="breathing")
def breathing_page(
    request: Request,
    person: PersonDep,
    bpm: str | None = None,
    ratio: str | None = None,
    minutes: str | None = None,
    logged: bool = False,
) -> Response:
    try:
        pattern = _pattern(bpm, ratio, minutes)
    except InvalidEntry as error:
        return _breathing_page(
            request,
            person,
            BreathingPattern(),
            error=error,
            form={"bpm": bpm, "ratio": ratio, "minutes": minutes},
        )
    status = "Session logged. Well done for taking the time." if logged else None
    return _breathing_page(request, person, pattern, status=status)


@router.get("/program/breathing/step", name="breathing_step")
def breathing_step(
    request: Request,
    person: PersonDep,
    step: Annotated[int, Query(ge=0)] = 0,
    bpm: str | None = None,
    ratio: str | None = None,
    minutes: str | None = None,
) -> Response:
    """The pacer without JavaScript: one page per in- or out-breath that moves on by itself
    (a meta refresh) after the phase's seconds, then the page that logs the session."""
    pattern = _pattern(bpm, ratio, minutes)
    params = _pattern_params(pattern)
    phases = pattern.phases()
    if step >= len(phases):
        return render(
            request,
            "breathing_step.html",
            {
                "person": person,
                "pattern": pattern,
                "params": params,
                "phase": None,
            },
        )
    phase = phases[step]
    return render(
        request,
        "breathing_step.html",
        {
            "person": person,
            "pattern": pattern,
            "params": params,
            "phase": phase,
            "seconds": max(1, round(phase.seconds)),
            "breaths_left": pattern.breaths - phase.breath,
            "next_url": path_for(request, "breathing_step").include_query_params(
                step=step + 1, **params
            ),
        },
    )


@router.post("/program/breathing", name="breathing_log", dependencies=[CsrfForm])
def log_breathing(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    bpm: Annotated[str, Form()] = "",
    ratio: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
    done_minutes: Annotated[str, Form()] = "",
) -> Response:
    """Log a finished (or stopped) breathing session as the slow_breathing practice."""
    today = today_for(person)
    try:
        pattern = _pattern(bpm, ratio, minutes)
        done = number_field("minutes", done_minutes) if done_minutes else float(pattern.minutes)
        log_practice(
            session,
            person=person,
            practice_id=BREATHING_PRACTICE,
            day=today,
            today=today,
            minutes=done,
            note=f"Guided session: {pattern.describe()}",
        )
    except InvalidEntry as error:
        session.rollback()
        return _breathing_page(
            request,
            person,
            BreathingPattern(),
            error=error,
            form={"bpm": bpm, "ratio": ratio, "minutes": minutes},
        )
    session.commit()
    url = path_for(request, "breathing").include_query_params(logged=1, **_pattern_params(pattern))
    return RedirectResponse(str(url), status_code=303)


def _red_flags_page(
    request: Request,
    session: SessionDep,
    person: Person,
    *,
    marked: RedFlag | None = None,
    error: InvalidEntry | None = None,
) -> HTMLResponse:
    return render(
        request,
        "red_flags.html",
        {
            "person": person,
            "flags": RED_FLAGS,
            "marked": marked,
            "history": marked_red_flags(session, person=person),
            "error": error,
        },
    )


@router.get("/program/red-flags", name="red_flags")
def red_flags_page(
    request: Request, session: SessionDep, person: PersonDep, marked: str | None = None
) -> Response:
    flag = None
    if marked:
        try:
            flag = red_flag(marked)
        except InvalidEntry:
            flag = None
    return _red_flags_page(request, session, person, marked=flag)


@router.post("/program/red-flags", name="mark_red_flag", dependencies=[CsrfForm])
def mark(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    flag_id: Annotated[str, Form()] = "",
) -> Response:
    today = today_for(person)
    try:
        flag, _ = mark_red_flag(session, person=person, flag_id=flag_id, today=today)
    except InvalidEntry as error:
        session.rollback()
        return _red_flags_page(request, session, person, error=error)
    session.commit()
    url = path_for(request, "red_flags").include_query_params(marked=flag.id)
    return RedirectResponse(str(url), status_code=303)
