"""``/api/v1/export``: your data as a file."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.routes.api.schemas import INVALID
from fibrotrack.web.routes.data import export_response

router = APIRouter(tags=["export"])


@router.get(
    "/export",
    response_class=Response,
    responses={
        **INVALID,
        200: {
            "description": "The file, with a Content-Disposition file name",
            "content": {"application/json": {}, "text/csv": {}, "application/fhir+json": {}},
        },
    },
)
def export(
    session: SessionDep,
    person: PersonDep,
    format: Annotated[
        str, Query(description="json (everything, re-importable), csv, csv-long or fhir")
    ] = "json",
    start: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
    end: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
) -> Response:
    """Everything of yours (dated rows within from–to) in ``format``."""
    return export_response(session, person, format, start, end)
