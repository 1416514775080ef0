"""Data: importing another app's export (preview, confirm, progress), undoing a past import
(after a confirmation page), exporting, and deleting everything."""

import io
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from fibrotrack.config import Settings
from fibrotrack.diary import InvalidEntry, parse_day
from fibrotrack.interop import exporter, exporters, importers
from fibrotrack.interop.detect import detect_format
from fibrotrack.services.accounts import authenticate
from fibrotrack.services.erasure import delete_account_and_data
from fibrotrack.services.exports import export_person
from fibrotrack.services.import_jobs import (
    PREVIEW_KEPT,
    ImportStatus,
    cancel_import,
    confirm_import,
    import_status,
    imports_of,
    queue_saved_import,
    start_import,
    start_preview,
)
from fibrotrack.services.import_undo import PastImport, past_imports, preview_undo, undo_import
from fibrotrack.storage.models import Account, ImportRun, Person
from fibrotrack.storage.types import utc_now
from fibrotrack.web.deps import (
    SESSION_COOKIE,
    AccountDep,
    CsrfForm,
    PersonDep,
    RowId,
    SessionDep,
    SignedInDep,
    SignInRequired,
    database_of,
)
from fibrotrack.web.routes.pages import redirect_to, render
from fibrotrack.web.security import verify_csrf
from fibrotrack.web.templating import path_for
from fibrotrack.web.uploads import ReceivedUpload, receive_upload

router = APIRouter(include_in_schema=False)
CONFIRMATION = "delete everything"
LATEST = 20
"""Imports the Data page lists whatever became of them; earlier ones are listed unless they
failed or were cancelled, so every import that can be undone stays there."""
AUTO = "auto"
DEMO_IMPORT = (
    "importing is switched off in the demo: its made-up person is shared by every visitor. "
    "Sign in to your own fibrotrack to import."
)


def uploads_folder(settings: Settings) -> Path:
    """Where uploads wait for their import: the data directory, never memory."""
    return Path(settings.data_dir) / "uploads"


def uploads_dir(request: Request) -> Path:
    """The uploads folder of the app serving ``request``."""
    return uploads_folder(request.app.state.settings)


def chosen_format(format: str, path: Path) -> str:
    """The import format chosen, or recognised from the file when the person chose
    "recognise it"; ``InvalidEntry`` naming the field when neither works."""
    if format == AUTO:
        with path.open("rb") as stream:
            found = detect_format(stream)
        if found is None:
            raise InvalidEntry(
                "format",
                "fibrotrack could not tell what kind of file this is: choose it in the list",
            )
        return found
    if format not in importers():
        raise InvalidEntry("format", "choose what kind of file this is")
    return format


def queue_received(
    session: Session, person: Person, received: ReceivedUpload, *, preview: bool
) -> ImportRun:
    """Queue the import (or preview) of a received upload and commit; on ``InvalidEntry``
    the upload is deleted and nothing is written."""
    try:
        if received.saved is None or not received.file_name:
            raise InvalidEntry("file", "choose a file to import")
        run = queue_saved_import(
            session,
            person=person,
            format=chosen_format(received.fields.get("format") or AUTO, received.saved.path),
            file_name=received.file_name,
            saved=received.saved,
            preview=preview,
        )
    except InvalidEntry:
        session.rollback()
        received.discard()
        raise
    session.commit()
    return run


def _data_page(
    request: Request,
    session: Session,
    account: Account | None,
    *,
    error: InvalidEntry | None = None,
    status_code: int = 200,
) -> Response:
    person_id = request.app.state.demo_person_id if request.app.state.demo else None
    if account is not None:
        person_id = account.person_id
    jobs: list[ImportStatus] = []
    past: list[PastImport] = []
    if person_id is not None:
        jobs = imports_of(session, person_id=person_id, latest=LATEST)
        # Every finished import is among the jobs listed: as many finished ones cover them.
        past = past_imports(session, person_id=person_id, limit=len(jobs))
    return render(
        request,
        "data.html",
        {
            "account": account,
            "confirmation": CONFIRMATION,
            "error": error,
            "keeps_diary": person_id is not None,
            "importers": importers(),
            "exporters": exporters(),
            "imports": jobs,
            "latest": LATEST,
            "past": {finished.id: finished for finished in past},
        },
        status_code=status_code,
    )


@router.get("/data", name="data")
def data_page(request: Request, session: SessionDep, account: AccountDep) -> Response:
    if account is None and not request.app.state.demo:
        raise SignInRequired
    return _data_page(request, session, account)


@router.post("/data/import", name="upload_import")
async def upload_import(
    request: Request, session: SessionDep, person: PersonDep, account: AccountDep
) -> Response:
    """Save the upload in the data directory as it arrives and preview it in the background.
    The CSRF token is a field of the multipart form, checked once the form is read."""
    try:
        if request.app.state.demo:
            raise InvalidEntry("file", DEMO_IMPORT)
        received = await receive_upload(request, uploads_dir(request))
        try:
            verify_csrf(request, received.fields.get("csrf_token"))
        except HTTPException:
            received.discard()
            raise
        run = await run_in_threadpool(queue_received, session, person, received, preview=True)
    except InvalidEntry as problem:
        status = 403 if request.app.state.demo else 422
        return await run_in_threadpool(
            _data_page, request, session, account, error=problem, status_code=status
        )
    start_preview(database_of(request), run.id)
    return _to_import(request, run.id)


def _to_import(request: Request, import_id: int) -> Response:
    return RedirectResponse(str(path_for(request, "import_page", import_id=import_id)), 303)


def _import_page(
    request: Request,
    job: ImportStatus,
    *,
    error: InvalidEntry | None = None,
    status_code: int = 200,
) -> Response:
    known = importers()
    label = known[job.format].label if job.format in known else job.format
    return render(
        request,
        "import.html",
        {
            "job": job,
            "label": label,
            "error": error,
            "kept_hours": round(PREVIEW_KEPT.total_seconds() / 3600),
        },
        status_code=status_code,
    )


def _status_or_404(session: Session, person: Person, import_id: int) -> ImportStatus:
    try:
        return import_status(session, import_id=import_id, person_id=person.id)
    except InvalidEntry as problem:
        raise HTTPException(status_code=404, detail=problem.message) from None


@router.get("/data/imports/{import_id}", name="import_page")
def import_page(
    request: Request, session: SessionDep, person: PersonDep, import_id: RowId
) -> Response:
    """The preview, the progress or the summary of one import (refreshing while it runs)."""
    return _import_page(request, _status_or_404(session, person, import_id))


@router.post("/data/imports/{import_id}/confirm", name="confirm_import", dependencies=[CsrfForm])
def confirm(request: Request, session: SessionDep, person: PersonDep, import_id: RowId) -> Response:
    _status_or_404(session, person, import_id)
    try:
        confirm_import(session, import_id=import_id, person_id=person.id)
    except InvalidEntry as problem:
        session.rollback()
        job = _status_or_404(session, person, import_id)
        return _import_page(request, job, error=problem, status_code=409)
    session.commit()
    start_import(database_of(request), import_id)
    return _to_import(request, import_id)


@router.post("/data/imports/{import_id}/cancel", name="cancel_import", dependencies=[CsrfForm])
def cancel(request: Request, session: SessionDep, person: PersonDep, import_id: RowId) -> Response:
    _status_or_404(session, person, import_id)
    try:
        cancel_import(session, import_id=import_id, person_id=person.id)
    except InvalidEntry as problem:
        session.rollback()
        job = _status_or_404(session, person, import_id)
        return _import_page(request, job, error=problem, status_code=409)
    session.commit()
    return redirect_to(request, "data")


def _undo_page(
    request: Request,
    session: Session,
    person: Person,
    import_id: int,
    *,
    error: InvalidEntry | None = None,
    status_code: int = 200,
) -> Response:
    job = _status_or_404(session, person, import_id)
    known = importers()
    context: dict[str, object] = {
        "job": job,
        "label": known[job.format].label if job.format in known else job.format,
        "error": error,
        "preview": None,
    }
    if error is None:
        try:
            context["preview"] = preview_undo(session, import_id=import_id, person_id=person.id)
        except InvalidEntry as problem:
            context["error"], status_code = problem, 409
    session.rollback()
    return render(request, "import_undo.html", context, status_code=status_code)


@router.get("/data/imports/{import_id}/undo", name="undo_import_page")
def undo_page(
    request: Request, session: SessionDep, person: PersonDep, import_id: RowId
) -> Response:
    """What undoing one import would remove and restore, with the button that does it."""
    return _undo_page(request, session, person, import_id)


@router.post("/data/imports/{import_id}/undo", name="undo_import", dependencies=[CsrfForm])
def undo(request: Request, session: SessionDep, person: PersonDep, import_id: RowId) -> Response:
    """Undo the import in one transaction; a second undo is refused and writes nothing."""
    _status_or_404(session, person, import_id)
    try:
        undo_import(session, import_id=import_id, person_id=person.id, now=utc_now())
    except InvalidEntry as problem:
        session.rollback()
        return _undo_page(request, session, person, import_id, error=problem, status_code=409)
    session.commit()
    return _to_import(request, import_id)


def export_file_name(format: str, start: date | None, end: date | None) -> str:
    """``fibrotrack-csv-2026-01-01-to-2026-03-31.csv``: the format and the period in the name."""
    period = "".join(
        part for part in (f"-from-{start}" if start else "", f"-to-{end}" if end else "") if part
    )
    return f"fibrotrack-{format}{period}{exporter(format).suffix}"


def _day(text: str, field: str) -> date:
    try:
        return parse_day(text)
    except InvalidEntry as problem:
        raise InvalidEntry(field, problem.message) from None


def export_response(
    session: Session, person: Person, format: str, start: str | None, end: str | None
) -> Response:
    """The person's data as ``format``, as a download. Bad input: ``InvalidEntry``."""
    chosen = exporter(format)
    first = _day(start, "from") if start else None
    last = _day(end, "to") if end else None
    out = io.BytesIO()
    export_person(session, person=person, format=format, out=out, start=first, end=last)
    session.rollback()
    name = export_file_name(format, first, last)
    return Response(
        out.getvalue(),
        media_type=chosen.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/data/export", name="export_data")
def export_data(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    account: AccountDep,
    format: str = "json",
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    try:
        return export_response(session, person, format, start or None, end or None)
    except InvalidEntry as problem:
        session.rollback()
        return _data_page(request, session, account, error=problem, status_code=422)


@router.post("/data/delete", name="delete_data", dependencies=[CsrfForm])
def delete_data(
    request: Request,
    session: SessionDep,
    account: SignedInDep,
    confirm: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Delete the account and all its data, after the person typed the confirmation and their
    password (a borrowed, signed-in phone is not enough)."""
    error = None
    if confirm.strip().casefold() != CONFIRMATION:
        error = InvalidEntry("confirm", f"type “{CONFIRMATION}” to confirm")
    elif authenticate(session, username=account.username, password=password) is None:
        error = InvalidEntry("password", "is not your password")
    if error is not None:
        session.rollback()
        return _data_page(request, session, account, error=error, status_code=422)
    delete_account_and_data(session, account=account)
    session.commit()
    request.state.account = None
    response = redirect_to(request, "home")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
