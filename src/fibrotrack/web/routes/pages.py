"""Rendering a page with what every template needs."""

from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fibrotrack.diary import local_today
from fibrotrack.storage.models import Person
from fibrotrack.web.security import request_csrf_token
from fibrotrack.web.templating import path_for, templates

THEME_COOKIE = "ft_theme"
CHOSEN_THEMES = ("light", "dark")


def theme_of(request: Request) -> str | None:
    """The theme chosen in Settings (remembered in a cookie), or None to follow the system."""
    chosen = request.cookies.get(THEME_COOKIE)
    return chosen if chosen in CHOSEN_THEMES else None


def render(
    request: Request, template: str, context: dict[str, Any], *, status_code: int | None = None
) -> HTMLResponse:
    """``template`` with ``context`` and what every page needs. Unless ``status_code`` is given,
    a page showing an ``error`` (the form was refused) answers 422, any other 200."""
    if status_code is None:
        status_code = 422 if context.get("error") else 200
    return templates.TemplateResponse(
        request,
        template,
        {
            "csrf_token": request_csrf_token(request),
            "demo": request.app.state.demo,
            "viewer": getattr(request.state, "account", None),
            "theme": theme_of(request),
            **context,
        },
        status_code=status_code,
    )


def remember_theme(request: Request, response: Response, theme: str) -> None:
    """Keep the theme in a cookie so every page (even the sign-in page) is drawn in it."""
    if theme in CHOSEN_THEMES:
        response.set_cookie(
            THEME_COOKIE,
            theme,
            max_age=5 * 365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.cookies_secure,
            path="/",
        )
    else:
        response.delete_cookie(THEME_COOKIE, path="/")


def redirect_to(request: Request, name: str, /, **query: Any) -> RedirectResponse:
    url = path_for(request, name)
    if query:
        url = url.include_query_params(**query)
    return RedirectResponse(str(url), status_code=303)


def today_for(person: Person) -> date:
    return local_today(person.timezone, datetime.now(UTC))
