"""The clinician report on the web: the page and its two-page PDF.

``report_page`` and ``report_pdf`` take the person whose report it is, so a clinician's route
for a person who shared with them can serve the same report (with that person and its own
URLs); the routes here serve the signed-in person's own report.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import URL

from fibrotrack.diary import InvalidEntry
from fibrotrack.reports import Period, ReportCharts, render_body, render_charts, render_pdf
from fibrotrack.reports.model import Report
from fibrotrack.services.report import build_report, period_of_text, report_period
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.routes.pages import render, today_for
from fibrotrack.web.templating import path_for

router = APIRouter(include_in_schema=False)

FromQuery = Annotated[str | None, Query(alias="from")]
ToQuery = Annotated[str | None, Query(alias="to")]
WithoutNameQuery = Annotated[bool, Query(alias="without-name")]


def _report(
    session: Session, person: Person, period: Period, *, with_name: bool
) -> tuple[Report, ReportCharts]:
    report = build_report(
        session, person=person, period=period, today=today_for(person), with_name=with_name
    )
    session.commit()
    return report, render_charts(report.charts, report.program.activity, report.body_map)


def report_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    start: str | None,
    end: str | None,
    without_name: bool,
    page_url: URL,
    pdf_url: URL,
) -> HTMLResponse:
    """The report page of ``person``; a bad period shows the form again with the message."""
    error = None
    try:
        period = period_of_text(start, end, today=today_for(person))
    except InvalidEntry as invalid:
        error = invalid
        period = report_period(None, None, today=today_for(person))
    report, charts = _report(session, person, period, with_name=not without_name)
    query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if without_name:
        query["without-name"] = "true"
    return render(
        request,
        "report.html",
        {
            "person": person,
            "period": period,
            "without_name": without_name,
            "page_url": page_url,
            "pdf_url": pdf_url.include_query_params(**query),
            "body": render_body(report, charts),
            "error": error,
        },
    )


def report_pdf(
    session: Session, person: Person, *, start: str | None, end: str | None, without_name: bool
) -> Response:
    """The report of ``person`` as a PDF download; a bad period answers 422."""
    period = period_of_text(start, end, today=today_for(person))
    report, charts = _report(session, person, period, with_name=not without_name)
    return Response(
        render_pdf(report, charts),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{pdf_name(period.end)}"'},
    )


def pdf_name(end: date) -> str:
    return f"fibrotrack-report-{end.isoformat()}.pdf"


@router.get("/report", name="report")
def own_report(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    start: FromQuery = None,
    end: ToQuery = None,
    without_name: WithoutNameQuery = False,
) -> Response:
    return report_page(
        request,
        session,
        person,
        start=start,
        end=end,
        without_name=without_name,
        page_url=path_for(request, "report"),
        pdf_url=path_for(request, "report_pdf"),
    )


@router.get("/report.pdf", name="report_pdf")
def own_report_pdf(
    session: SessionDep,
    person: PersonDep,
    start: FromQuery = None,
    end: ToQuery = None,
    without_name: WithoutNameQuery = False,
) -> Response:
    return report_pdf(session, person, start=start, end=end, without_name=without_name)
