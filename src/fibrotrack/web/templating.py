"""Jinja2 templates with the helpers every page uses."""

from datetime import datetime
from importlib.resources import files
from typing import Any
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import URL
from starlette.routing import NoMatchFound

from fibrotrack.analysis.sentences import interval, signed
from fibrotrack.interop.undo import in_words
from fibrotrack.web.error_box import field_label, shortened

templates = Jinja2Templates(directory=str(files("fibrotrack.web") / "templates"))


_paths: WeakKeyDictionary[object, dict[tuple[str, str, str], str]] = WeakKeyDictionary()


def _route_path(request: Request, name: str, params: dict[str, Any]) -> str:
    try:
        path = request.app.url_path_for(name, **params)
    except NoMatchFound:
        outer: str = request.scope.get("app_root_path", "")
        return outer.rstrip("/") + str(request.scope["router"].url_path_for(name, **params))
    root: str = request.scope.get("root_path", "")
    return root.rstrip("/") + str(path)


def path_for(request: Request, name: str, /, **params: Any) -> URL:
    """A route's URL as a path (no scheme or host), so pages work behind any reverse proxy.

    Names are looked up first in the app serving the request, so pages of the demo mounted at
    /demo link within the demo; a name only the outer app has (``demo`` itself) is looked up
    in the outer app's router. Looking a name up tries every route in turn, and every page
    links to a dozen, so the path of a route without parameters is worked out once per app."""
    if params:
        return URL(_route_path(request, name, params))
    key = (name, request.scope.get("root_path", ""), request.scope.get("app_root_path", ""))
    known = _paths.setdefault(request.app, {})
    if key not in known:
        known[key] = _route_path(request, name, params)
    return URL(known[key])


@jinja2.pass_context
def _url_for(context: dict[str, Any], name: str, /, **params: Any) -> URL:
    return path_for(context["request"], name, **params)


templates.env.globals["url_for"] = _url_for


def absolute_url(request: Request, name: str, /, **params: Any) -> URL:
    """A route's full URL, for links that leave the browser (calendar feeds, share links):
    under ``FIBROTRACK_PUBLIC_URL`` when set, otherwise the address the request came to."""
    public: str | None = request.app.state.settings.public_url
    if public:
        return URL(public.rstrip("/") + path_for(request, name, **params).path)
    return URL(str(request.url_for(name, **params)))


def _local(moment: datetime, timezone: str) -> str:
    """A stored UTC moment as the reader's local date and time."""
    try:
        tz = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    return moment.astimezone(tz).strftime("%-d %b %Y, %H:%M")


templates.env.filters["local"] = _local
templates.env.filters["in_words"] = in_words
templates.env.filters["signed_points"] = signed
templates.env.globals["interval"] = interval
templates.env.filters["field_label"] = field_label
templates.env.filters["shortened"] = shortened
