"""Rendering a page with what every template needs."""

from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from fibrotrack.diary import local_today
from fibrotrack.storage.models import Person
from fibrotrack.web.security import request_csrf_token
from fibrotrack.web.templating import templates


def render(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        template,
        {
            "csrf_token": request_csrf_token(request),
            "demo": request.app.state.demo,
            **context,
        },
        status_code=status_code,
    )


def today_for(person: Person) -> date:
    return local_today(person.timezone, datetime.now(UTC))
