"""Status: am I getting better, measured — the status now, its dated changes, what each term
means and what is missing."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fibrotrack.instruments import get
from fibrotrack.services.status_overview import status_overview
from fibrotrack.status.summary import TERMS
from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.routes import flares
from fibrotrack.web.routes.pages import render, today_for

router = APIRouter(include_in_schema=False)
router.include_router(flares.router)


def questionnaire_path(request: Request, instrument: str) -> str:
    """The questionnaire's page, under the app's root path (so within /demo in the demo)."""
    return f"{request.scope.get('root_path', '').rstrip('/')}/questionnaires/{instrument}"


@router.get("/status", name="status")
def status_page(request: Request, session: SessionDep, person: PersonDep) -> Response:
    today = today_for(person)
    overview = status_overview(session, person=person, today=today)
    return render(
        request,
        "status.html",
        {
            "person": person,
            "today": today,
            "overview": overview,
            "terms": TERMS,
            "unreviewed": sum(
                1 for flare in overview.flares if flare.detected and flare.confirmed is None
            ),
            "missing": [
                (get(instrument).short_name, questionnaire_path(request, instrument), why)
                for instrument, why in overview.missing
            ],
        },
    )
