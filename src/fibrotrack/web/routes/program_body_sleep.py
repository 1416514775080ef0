"""The sleep diary on the web, as ``fibrotrack sleep log|summary|window``: log a night, change
or delete one (deleting asks first), the recent nights with their sleep efficiency, the weekly
summaries and the sleep window."""

from datetime import date, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from fibrotrack.body.clock import format_clock, parse_clock
from fibrotrack.body.sleep import DiaryEntry, Night
from fibrotrack.body.sleep_window import CAUTION, DO_NOT_USE_IF
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.sleep import (
    current_sleep_window,
    delete_night,
    diary_nights,
    log_night,
    sleep_report,
    sleep_window,
)
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.form_fields import DELETE_CONFIRMATION, day_field, echoed_day, whole_field
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)

RECENT_NIGHTS = 14
NIGHT_FIELDS = (
    "date",
    "bed",
    "lights_out",
    "latency",
    "wakings",
    "awake",
    "wake",
    "out_of_bed",
    "quality",
    "naps",
)


def _form_of(night: Night) -> dict[str, str]:
    """The log form filled with a stored night, to change it."""
    return {
        "date": night.night.isoformat(),
        "bed": format_clock(night.bed),
        "lights_out": format_clock(night.lights_out),
        "latency": str(night.latency),
        "wakings": str(night.wakings),
        "awake": str(night.awake),
        "wake": format_clock(night.wake),
        "out_of_bed": format_clock(night.out_of_bed),
        "quality": "" if night.quality is None else str(night.quality),
        "naps": str(night.naps),
    }


def _optional_clock(form: dict[str, str], field: str) -> time | None:
    text = form[field].strip()
    return parse_clock(text, field) if text else None


def _entry_of(form: dict[str, str], today: date) -> DiaryEntry:
    """The diary entry typed in the form, or ``InvalidEntry`` naming the first bad field."""
    return DiaryEntry(
        night=day_field("date", form["date"], today),
        bed=parse_clock(form["bed"], "bed"),
        wake=parse_clock(form["wake"], "wake"),
        lights_out=_optional_clock(form, "lights_out"),
        latency=whole_field("latency", form["latency"]) or 0,
        wakings=whole_field("wakings", form["wakings"]) or 0,
        awake=whole_field("awake", form["awake"]) or 0,
        out_of_bed=_optional_clock(form, "out_of_bed"),
        quality=whole_field("quality", form["quality"]),
        naps=whole_field("naps", form["naps"]) or 0,
    )


def _night_on(session: Session, person: Person, night: date) -> Night | None:
    found = diary_nights(session, person=person, start=night, end=night)
    return found[0] if found else None


def _sleep_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    status: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
    editing: date | None = None,
) -> Response:
    today = today_for(person)
    recent = diary_nights(session, person=person, start=today - timedelta(days=RECENT_NIGHTS - 1))
    return render(
        request,
        "program_body_sleep.html",
        {
            "person": person,
            "today": today,
            "sleep": sleep_report(session, person=person, today=today),
            "nights": list(reversed(recent)),
            "window": current_sleep_window(session, person=person),
            "caution": CAUTION,
            "do_not_use_if": DO_NOT_USE_IF,
            "status": status,
            "error": error,
            "form": form or {},
            "editing": editing,
        },
    )


@router.get("/program/body/sleep", name="body_sleep")
def sleep_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    night: str = "",
    saved: str = "",
    deleted: str = "",
    window: str = "",
) -> Response:
    """The sleep diary; ``?night=YYYY-MM-DD`` fills the form with that night to change it."""
    status = None
    saved_day, deleted_day = echoed_day(saved), echoed_day(deleted)
    if saved_day:
        status = f"Saved the night to {saved_day.isoformat()}."
    elif deleted_day:
        status = f"Deleted the night to {deleted_day.isoformat()}."
    elif window:
        status = "Sleep window reviewed."
    if night:
        try:
            chosen = _night_on(session, person, day_field("night", night, today_for(person)))
        except InvalidEntry as error:
            return _sleep_page(request, session, person, error=error)
        if chosen is not None:
            return _sleep_page(
                request, session, person, form=_form_of(chosen), editing=chosen.night
            )
    return _sleep_page(request, session, person, status=status)


@router.post("/program/body/sleep", name="body_sleep_log", dependencies=[CsrfForm])
def log(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    day: Annotated[str, Form(alias="date")] = "",
    bed: Annotated[str, Form()] = "",
    lights_out: Annotated[str, Form()] = "",
    latency: Annotated[str, Form()] = "",
    wakings: Annotated[str, Form()] = "",
    awake: Annotated[str, Form()] = "",
    wake: Annotated[str, Form()] = "",
    out_of_bed: Annotated[str, Form()] = "",
    quality: Annotated[str, Form()] = "",
    naps: Annotated[str, Form()] = "",
) -> Response:
    """Records a night, replacing that date's diary night; an impossible night writes nothing."""
    form = dict(
        zip(
            NIGHT_FIELDS,
            (day, bed, lights_out, latency, wakings, awake, wake, out_of_bed, quality, naps),
            strict=True,
        )
    )
    today = today_for(person)
    try:
        night = log_night(session, person=person, entry=_entry_of(form, today), today=today)
    except InvalidEntry as error:
        session.rollback()
        return _sleep_page(request, session, person, error=error, form=form)
    session.commit()
    return redirect_to(request, "body_sleep", saved=night.night.isoformat())


def _delete_page(request: Request, session: Session, person: Person, day: str) -> Response:
    today = today_for(person)
    try:
        night = _night_on(session, person, day_field("night", day, today))
    except InvalidEntry as invalid:
        return _sleep_page(request, session, person, error=invalid)
    if night is None:
        return _sleep_page(
            request, session, person, error=InvalidEntry("night", f"no diary night to {day}")
        )
    return render(
        request,
        "program_body_sleep_delete.html",
        {"person": person, "today": today, "night": night},
    )


@router.get("/program/body/sleep/delete", name="body_sleep_delete_confirm")
def delete_confirmation(
    request: Request, session: SessionDep, person: PersonDep, night: str = ""
) -> Response:
    """Asks before a night leaves the diary."""
    return _delete_page(request, session, person, night)


@router.post("/program/body/sleep/delete", name="body_sleep_delete", dependencies=[CsrfForm])
def delete(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    night: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Deletes the night once confirmed (``confirm=delete``); otherwise asks and changes nothing."""
    if confirm != DELETE_CONFIRMATION:
        return _delete_page(request, session, person, night)
    try:
        if not night.strip():
            raise InvalidEntry("night", "choose a night to delete")
        day = day_field("night", night, today_for(person))
        delete_night(session, person=person, night=day)
    except InvalidEntry as error:
        session.rollback()
        return _sleep_page(request, session, person, error=error)
    session.commit()
    return redirect_to(request, "body_sleep", deleted=day.isoformat())


@router.post("/program/body/sleep/window", name="body_sleep_window", dependencies=[CsrfForm])
def review_window(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    rise: Annotated[str, Form()] = "",
) -> Response:
    """Prescribes the first sleep window or reviews the current one, as ``sleep window``."""
    try:
        sleep_window(
            session,
            person=person,
            today=today_for(person),
            rise=parse_clock(rise, "rise") if rise.strip() else None,
        )
    except InvalidEntry as error:
        session.rollback()
        return _sleep_page(request, session, person, error=error, form={"rise": rise})
    session.commit()
    return redirect_to(request, "body_sleep", window="reviewed")
