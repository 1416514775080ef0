"""Jinja2 templates with the helpers every page uses."""

from importlib.resources import files
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import URL

templates = Jinja2Templates(directory=str(files("fibrotrack.web") / "templates"))


def path_for(request: Request, name: str, /, **params: Any) -> URL:
    """A route's URL as a path (no scheme or host), so pages work behind any reverse proxy.

    Names are looked up in the app serving the request, so pages of the demo mounted at
    /demo link within the demo."""
    path = request.app.url_path_for(name, **params)
    return URL(request.scope.get("root_path", "").rstrip("/") + str(path))


@jinja2.pass_context
def _url_for(context: dict[str, Any], name: str, /, **params: Any) -> URL:
    return path_for(context["request"], name, **params)


templates.env.globals["url_for"] = _url_for
