"""The private calendar feed: ``/calendar/TOKEN.ics``, subscribed to from any phone calendar."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from fibrotrack.services.reminders import calendar_for_token
from fibrotrack.storage.types import utc_now
from fibrotrack.web.deps import SessionDep
from fibrotrack.web.templating import absolute_url

router = APIRouter(include_in_schema=False)


@router.get("/calendar/{token}.ics", name="calendar_feed")
def calendar_feed(request: Request, session: SessionDep, token: str) -> Response:
    """The secret in the address is the only credential: calendar apps cannot sign in. The feed
    holds reminders only, never health data; renewing it in Settings ends the old address."""
    document = calendar_for_token(
        session,
        token,
        checkin_url=str(absolute_url(request, "today")),
        questionnaire_url=lambda instrument: str(
            absolute_url(request, "questionnaire_form", instrument_id=instrument)
        ),
        now=utc_now(),
    )
    if document is None:
        raise HTTPException(status_code=404, detail="No such calendar.")
    return Response(
        document,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="fibrotrack.ics"'},
    )
