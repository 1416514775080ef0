"""The FastAPI app factory."""

import asyncio
import gc
import logging
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from fibrotrack import __version__
from fibrotrack.config import Settings, load_settings
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.demo import fill_demo, holds_people
from fibrotrack.services.import_jobs import SWEEP_SECONDS, sweep_imports
from fibrotrack.storage import Database, open_database
from fibrotrack.storage.models import Person
from fibrotrack.storage.types import utc_now
from fibrotrack.web.deps import NotAPerson, SignInRequired, WrongRole
from fibrotrack.web.routes import (
    admin,
    api,
    body_map,
    calendar,
    clinician,
    community,
    data,
    history,
    insights,
    program,
    questionnaires,
    report,
    start,
    status,
    story,
    today,
    trends,
)
from fibrotrack.web.routes import (
    settings as settings_pages,
)
from fibrotrack.web.routes.data import uploads_folder
from fibrotrack.web.routes.pages import render
from fibrotrack.web.security import security_middleware
from fibrotrack.web.signed_out import sign_in_address
from fibrotrack.web.templating import path_for, templates

PAGE_MODULES = (
    start,
    today,
    body_map,
    trends,
    history,
    program,
    insights,
    status,
    questionnaires,
    report,
    story,
    community,
    data,
    settings_pages,
    clinician,
    admin,
    calendar,
    api,
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(f"{request.scope.get('root_path', '')}/api/")


def _database_provider(settings: Settings, database: Database | None) -> Callable[[], Database]:
    opened = database or open_database(settings.resolved_database_url)
    if not opened.is_up_to_date():
        opened.upgrade()
    return lambda: opened


def _demo_provider(app: FastAPI, settings: Settings) -> Callable[[], Database]:
    """The demo database, created on the first visit to /demo (a second or so)."""
    lock = threading.Lock()
    holder: list[Database] = []

    def provide() -> Database:
        with lock:
            if not holder:
                database = open_database(settings.demo_database_url)
                if not holds_people(database):
                    fill_demo(database, today=datetime.now(UTC).date())
                elif not database.is_up_to_date():
                    database.upgrade()
                with database.session() as session:
                    app.state.demo_person_id = session.scalars(
                        select(Person.id).order_by(Person.id)
                    ).first()
                holder.append(database)
            return holder[0]

    return provide


async def _sweep_imports(database: Database, uploads: Path) -> None:
    """Every ``SWEEP_SECONDS``, end the imports whose server stopped and the previews nobody
    confirmed (``import_jobs.sweep_imports``); a sweep that fails is logged and tried again."""
    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        try:
            await run_in_threadpool(sweep_imports, database, uploads=uploads, now=utc_now())
        except Exception:
            logging.getLogger(__name__).exception("sweeping the imports failed")


@asynccontextmanager
async def _imports_swept(app: FastAPI) -> AsyncIterator[None]:
    """The server's life: at start, the imports and previews that were running when it last
    stopped are ended as interrupted (and those nobody confirmed expired), then again every
    ``SWEEP_SECONDS`` while it runs."""
    database = app.state.open_database()
    uploads = uploads_folder(app.state.settings)
    await run_in_threadpool(sweep_imports, database, uploads=uploads, now=utc_now())
    sweeping = asyncio.create_task(_sweep_imports(database, uploads))
    yield
    sweeping.cancel()


def _error_page(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    if _is_api(request) or "text/html" not in request.headers.get("accept", "text/html"):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    response = render(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
    response.headers.update(headers or {})
    return response


def _refused(request: Request, details: list[dict[str, str]]) -> Response:
    """422 for input that cannot be used: the fields and messages as JSON for the API and
    scripts, an error page for a person's browser (a page address typed or changed by hand)."""
    if _is_api(request) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": details}, status_code=422)
    said = "; ".join(f"{item['field']}: {item['msg']}" for item in details)
    return _error_page(request, 422, f"This address could not be used: {said}")


def create_app(
    settings: Settings | None = None, *, demo: bool = False, database: Database | None = None
) -> FastAPI:
    """The web app for ``settings``. The demo, a separate database, is mounted at /demo."""
    settings = settings or load_settings()
    app = FastAPI(
        title="fibrotrack",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None if demo else "/openapi.json",
        lifespan=None if demo else _imports_swept,
    )
    app.state.settings = settings
    app.state.secret_key = settings.ensure_secret_key()
    app.state.demo = demo
    app.state.demo_person_id = None
    app.state.open_database = (
        _demo_provider(app, settings) if demo else _database_provider(settings, database)
    )
    app.middleware("http")(security_middleware(settings.cookies_secure))
    app.mount("/static", StaticFiles(packages=[("fibrotrack.web", "static")]), name="static")
    for module in PAGE_MODULES:
        app.include_router(module.router)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _error: SignInRequired) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": "Sign in required: send a Bearer token."},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return RedirectResponse(str(await sign_in_address(request)), status_code=303)

    @app.exception_handler(NotAPerson)
    async def _not_a_person(request: Request, _error: NotAPerson) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "This account keeps no diary."}, status_code=403)
        return RedirectResponse(str(path_for(request, "clinician_home")), status_code=303)

    @app.exception_handler(WrongRole)
    async def _wrong_role(request: Request, _error: WrongRole) -> Response:
        return _error_page(request, 403, "This page is not for your account.")

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, error: HTTPException) -> Response:
        return _error_page(request, error.status_code, str(error.detail), error.headers)

    @app.exception_handler(InvalidEntry)
    async def _invalid(request: Request, error: InvalidEntry) -> Response:
        return _refused(request, [{"field": error.field, "msg": error.message}])

    @app.exception_handler(RequestValidationError)
    async def _malformed(request: Request, error: RequestValidationError) -> Response:
        if all(
            item["loc"][0] == "path" and str(item["loc"][-1]).endswith("_id")
            for item in error.errors()
        ):
            # A stored row's id that cannot exist (/clinician/people/0, deps.RowId): not found.
            return _error_page(request, 404, "Nothing here: that address names nothing stored.")
        details = [
            {"field": ".".join(str(part) for part in item["loc"][1:]), "msg": item["msg"]}
            for item in error.errors()
        ]
        return _refused(request, details)

    if not demo:
        app.mount("/demo", create_app(settings, demo=True), name="demo")
    return app


def server_app(settings: Settings | None = None) -> FastAPI:
    """The app as a server process runs it (``fibrotrack serve``; ``uvicorn --factory
    fibrotrack.web.app:server_app`` for each worker): ``create_app`` with every page template
    compiled, then everything loaded so far — about 330,000 objects of the modules, routes and
    templates, which live as long as the process — frozen out of the garbage collector's view
    (``gc.freeze``). Without that, each full collection walked them all and took 200–350 ms,
    and every request the worker was serving waited for it."""
    app = create_app(settings)
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)
    gc.freeze()
    return app
