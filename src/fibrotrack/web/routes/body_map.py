"""The body map: which areas hurt today (19 WPI areas, front and back), and a heat map of how
often each area hurt over a period."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, parse_day
from fibrotrack.diary.pain_areas import PAIN_AREAS
from fibrotrack.services.pain_map import pain_frequencies, pain_map_of, record_pain_map
from fibrotrack.storage.models import Person
from fibrotrack.web.body_figure import VIEWS
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.routes.pages import redirect_to, render, today_for
from fibrotrack.web.routes.periods import Period, choose_period

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: Session,
    person: Person,
    *,
    day: date,
    chosen: tuple[str, ...] | None = None,
    error: InvalidEntry | None = None,
    status: str | None = None,
) -> HTMLResponse:
    today = today_for(person)
    recorded = pain_map_of(session, person=person, day=day)
    return render(
        request,
        "body_map.html",
        {
            "person": person,
            "day": day,
            "is_today": day == today,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1) if day < today else None,
            "areas": PAIN_AREAS,
            "views": VIEWS,
            "chosen": set(chosen if chosen is not None else recorded or ()),
            "recorded": recorded is not None,
            "error": error,
            "status": status,
        },
    )


@router.get("/body-map", name="body_map")
def body_map_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    day: Annotated[str | None, Query(alias="date")] = None,
    saved: bool = False,
) -> Response:
    today = today_for(person)
    try:
        target = parse_day(day) if day else today
    except InvalidEntry as error:
        return _page(request, session, person, day=today, error=error)
    return _page(request, session, person, day=target, status="Saved." if saved else None)


@router.post("/body-map", dependencies=[CsrfForm])
def save_body_map(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    day: Annotated[str, Form(alias="date")] = "",
    area: Annotated[list[str] | None, Form()] = None,
) -> Response:
    today = today_for(person)
    try:
        target = parse_day(day) if day else today
        record_pain_map(session, person=person, day=target, areas=area or [], today=today)
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, person, day=today, chosen=(), error=error)
    session.commit()
    query = {"saved": 1} | ({"date": target.isoformat()} if target != today else {})
    return redirect_to(request, "body_map", **query)


def heat_class(share: float | None) -> str:
    """The heat-map shade for the fraction of recorded days an area hurt."""
    if share is None or share == 0:
        return "heat-0"
    return f"heat-{min(4, 1 + int(share * 4))}"


@router.get("/body-map/frequency", name="body_map_frequency")
def frequency_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    period: Annotated[Period, Query()] = Period.DAYS_90,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    today = today_for(person)
    try:
        first, last = choose_period(period, start, end, today)
        frequencies = pain_frequencies(session, person=person, start=first, end=last)
        error = None
    except InvalidEntry as invalid:
        error = invalid
        first, last = choose_period(Period.DAYS_90, None, None, today)
        frequencies = pain_frequencies(session, person=person, start=first, end=last)
    return render(
        request,
        "body_map_frequency.html",
        {
            "person": person,
            "views": VIEWS,
            "frequencies": frequencies,
            "shades": {f.area.key: heat_class(f.share) for f in frequencies},
            "days_recorded": frequencies[0].days_recorded,
            "first": first,
            "last": last,
            "period": period,
            "periods": list(Period),
            "error": error,
        },
    )
