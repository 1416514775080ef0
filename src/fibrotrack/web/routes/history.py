"""History: the logged days of a period, with the days not logged shown as missing."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from fibrotrack.diary import CORE_VARIABLES, InvalidEntry
from fibrotrack.services.checkin import history
from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.form_fields import day_field
from fibrotrack.web.routes.pages import render, today_for

router = APIRouter(include_in_schema=False)
PERIOD_DAYS = 28


@router.get("/history", name="history")
def history_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    end: Annotated[str | None, Query()] = None,
) -> Response:
    today = today_for(person)
    error = None
    try:
        last = min(day_field("end", end or "", today), today)
    except InvalidEntry as invalid:
        error, last = invalid, today
    first = last - timedelta(days=PERIOD_DAYS - 1)
    entries = {entry.day: entry for entry in history(session, person=person, start=first, end=last)}
    days: list[tuple[date, object]] = [
        (first + timedelta(days=offset), entries.get(first + timedelta(days=offset)))
        for offset in range(PERIOD_DAYS - 1, -1, -1)
    ]
    return render(
        request,
        "history.html",
        {
            "person": person,
            "days": days,
            "first": first,
            "last": last,
            "logged": len(entries),
            "variables": CORE_VARIABLES,
            "earlier": first - timedelta(days=1),
            "later": last + timedelta(days=PERIOD_DAYS) if last < today else None,
            "error": error,
        },
    )
