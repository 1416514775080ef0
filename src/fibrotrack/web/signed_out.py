"""A form sent after the session ended: nothing of it is saved, the sign-in page says so, and
signing in again returns to the page the form was on. The page to return to is only ever a
path on this site, so a crafted link cannot send the person anywhere else."""

from fastapi import Request
from starlette.datastructures import URL
from starlette.routing import Match

from fibrotrack.web.templating import path_for

FROM_PAGE_FIELD = "from_page"  # static/forms.js adds it to every form sent with POST
NEXT = "next"  # the sign-in page's query (and its form's field): the page to return to
NOT_SAVED = "not_saved"  # the sign-in page's query: a form was sent while signed out
LONGEST_PATH = 2000


def page_path(text: str) -> str | None:
    """``text`` when it is a path on this site ("/today?date=2026-11-10"), else None: never
    another site ("//example.com", "/\\example.com", "https://…") nor a control character."""
    if not text.startswith("/") or text.startswith("//") or len(text) > LONGEST_PATH:
        return None
    if "\\" in text or any(ord(character) < 0x20 or character == "\x7f" for character in text):
        return None
    return text


def _page_at(request: Request) -> str | None:
    """The address the form was sent to, when it is also a page (the labs form's)."""
    query = f"?{request.url.query}" if request.url.query else ""
    return _a_page(request, request.url.path + query)


def _a_page(request: Request, path: str) -> str | None:
    """``path`` when it is on this site and a page can be shown there: an error page shown
    at a form's address (/program/plan/add) is not one to come back to."""
    checked = page_path(path)
    if checked is None:
        return None
    as_page = {**request.scope, "method": "GET", "path": URL(checked).path}
    if any(route.matches(as_page)[0] is Match.FULL for route in request.app.router.routes):
        return checked
    return None


async def _page_sent_from(request: Request) -> str | None:
    """The page a form was sent from: as the form says (``FROM_PAGE_FIELD``, with JavaScript),
    else the address it was sent to when that is a page."""
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        sent_from = (await request.form()).get(FROM_PAGE_FIELD)
        if isinstance(sent_from, str) and (path := _a_page(request, sent_from)):
            return path
    return _page_at(request)


async def sign_in_address(request: Request) -> URL:
    """Where a page that needs someone signed in sends the browser: the sign-in page, which
    for a form sent (anything but GET) says that it was not saved and returns to its page."""
    sign_in = path_for(request, "login")
    if request.method in ("GET", "HEAD"):
        return sign_in
    page = await _page_sent_from(request)
    return sign_in.include_query_params(**{NOT_SAVED: "1", **({NEXT: page} if page else {})})
