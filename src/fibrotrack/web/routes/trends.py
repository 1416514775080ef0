"""Trends: daily ratings and amounts with their 7-day mean over a chosen period, with flares,
plan changes and questionnaire totals."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.trends import trends_view
from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.routes.pages import render, today_for
from fibrotrack.web.routes.periods import Period, choose_period

router = APIRouter(include_in_schema=False)


@router.get("/trends", name="trends")
def trends_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    period: Annotated[Period, Query()] = Period.DAYS_90,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    today = today_for(person)
    error = None
    try:
        first, last = choose_period(period, start, end, today)
    except InvalidEntry as invalid:
        error = invalid
        first, last = choose_period(Period.DAYS_90, None, None, today)
    view = trends_view(session, person=person, start=first, end=last)
    return render(
        request,
        "trends.html",
        {
            "person": person,
            "trends": view.trends,
            "questionnaires": view.questionnaires,
            "overlays": view.overlays,
            "first": first,
            "last": last,
            "period": period,
            "periods": list(Period),
            "error": error,
            "form_action": "trends",
            "form_params": {},
        },
    )
