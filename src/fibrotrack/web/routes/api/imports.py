"""``/api/v1/import``: upload another app's export, preview it, confirm it, follow it; list
past imports and undo one."""

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import importers
from fibrotrack.services.import_jobs import (
    ImportStatus,
    confirm_import,
    import_status,
    preview_import,
    start_import,
)
from fibrotrack.services.import_undo import PastImport, past_imports, undo_import
from fibrotrack.storage.models import Person
from fibrotrack.storage.types import utc_now
from fibrotrack.web.deps import CsrfHeader, PersonDep, RowId, SessionDep, database_of
from fibrotrack.web.routes.api.schemas import INVALID
from fibrotrack.web.routes.data import AUTO, DEMO_IMPORT, queue_received, uploads_dir
from fibrotrack.web.uploads import receive_upload

router = APIRouter(tags=["import"])
NOT_YOURS = {404: {"description": "No import of yours has this id"}}


class DayChangesOut(BaseModel):
    """What the import would do to your diary, day by day (previews only)."""

    new: int = Field(description="Days on which your diary holds nothing yet")
    changed: int = Field(description="Days whose values from this app would change")
    conflicting: int = Field(
        description="Days where another source recorded a variable differently (both are kept)"
    )
    added: int = Field(description="Days you logged that only gain values they did not have")
    unchanged: int
    changed_days: list[date]
    conflicting_days: list[date]


class VariableOut(BaseModel):
    key: str
    label: str
    scale: str
    values: int


class SkippedOut(BaseModel):
    line: int
    reason: str


class WrittenOut(BaseModel):
    new: int
    updated: int
    unchanged: int


class ImportReportOut(BaseModel):
    """What the file holds and what was (or, for a preview, would be) written."""

    days: int
    first_day: date | None
    last_day: date | None
    observations: int
    notes: int
    variables: list[VariableOut]
    skipped_total: int
    skipped: list[SkippedOut]
    written: dict[str, WrittenOut] = Field(default_factory=dict)
    day_changes: DayChangesOut | None = None
    earlier: list[date] = Field(
        default_factory=list, description="When this very file was imported before"
    )


class ImportOut(BaseModel):
    id: int
    file_name: str
    format: str
    status: Literal[
        "previewing", "ready", "queued", "running", "done", "failed", "cancelled", "undone"
    ]
    phase: str | None
    percent: int = Field(ge=0, le=100)
    report: ImportReportOut | None
    error: str | None = Field(description="Why a failed import failed, naming the line or field")


def _out(job: ImportStatus) -> ImportOut:
    return ImportOut(
        id=job.id,
        file_name=job.file_name,
        format=job.format,
        status=job.status,  # type: ignore[arg-type]
        phase=job.phase,
        percent=round(job.fraction * 100),
        report=ImportReportOut.model_validate(job.report) if "days" in job.report else None,
        error=job.error,
    )


def _job(session: SessionDep, person: Person, import_id: int) -> ImportStatus:
    try:
        return import_status(session, import_id=import_id, person_id=person.id)
    except InvalidEntry as problem:
        raise HTTPException(status_code=404, detail=problem.message) from None


UPLOAD_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The other app's export",
                        },
                        "format": {
                            "type": "string",
                            "default": AUTO,
                            "description": "auto (recognise the file), " + ", ".join(importers()),
                        },
                        "preview": {"type": "boolean", "default": False},
                    },
                }
            }
        },
    }
}


@router.post(
    "/import",
    response_model=ImportOut,
    status_code=202,
    dependencies=[CsrfHeader],
    responses={**INVALID, 200: {"model": ImportOut, "description": "The preview"}},
    openapi_extra=UPLOAD_FORM,
)
async def start(request: Request, session: SessionDep, person: PersonDep) -> Response:
    """Upload a file (multipart: ``file``, ``format``, ``preview``), saved as it arrives.
    With ``preview=true``, read the file and answer what importing it would do (200, status
    ``ready``; nothing is written) — then ``POST /import/{id}/confirm``. Otherwise start
    importing it in the background (202, status ``queued``): follow it with
    ``GET /import/{id}``. A file that cannot be read: 422 naming the line or field."""
    if request.app.state.demo:
        raise HTTPException(status_code=403, detail=DEMO_IMPORT)
    received = await receive_upload(request, uploads_dir(request))
    preview = received.fields.get("preview", "").strip().casefold() in {"true", "1", "yes", "on"}
    run = await run_in_threadpool(queue_received, session, person, received, preview=preview)
    database = database_of(request)
    if not preview:
        start_import(database, run.id)
        job = await run_in_threadpool(_job, session, person, run.id)
        return JSONResponse(_out(job).model_dump(mode="json"), status_code=202)
    await run_in_threadpool(preview_import, database, run.id)
    session.expire_all()
    job = await run_in_threadpool(_job, session, person, run.id)
    if job.status == "failed":
        return JSONResponse(
            {"detail": [{"field": "file", "msg": job.error}], "import_id": job.id},
            status_code=422,
        )
    return JSONResponse(_out(job).model_dump(mode="json"), status_code=200)


@router.get(
    "/import/{import_id}", name="api_import_status", response_model=ImportOut, responses=NOT_YOURS
)
def status(session: SessionDep, person: PersonDep, import_id: RowId) -> ImportOut:
    """Where an import of yours is (percent done) and, when it is over, its report."""
    return _out(_job(session, person, import_id))


@router.post(
    "/import/{import_id}/confirm",
    response_model=ImportOut,
    status_code=202,
    dependencies=[CsrfHeader],
    responses={**NOT_YOURS, 409: {"description": "The import is not waiting for confirmation"}},
)
def confirm(
    request: Request, session: SessionDep, person: PersonDep, import_id: RowId
) -> ImportOut:
    """Import a previewed file for real, in the background."""
    _job(session, person, import_id)
    try:
        confirm_import(session, import_id=import_id, person_id=person.id)
    except InvalidEntry as problem:
        raise HTTPException(status_code=409, detail=problem.message) from None
    session.commit()
    start_import(database_of(request), import_id)
    return _out(_job(session, person, import_id))


class PastImportOut(BaseModel):
    """A finished import of yours and whether it can be undone."""

    id: int
    imported_at: datetime
    format: str
    file_name: str
    wrote: str = Field(description="What it wrote, in words")
    status: Literal["done", "undone"]
    undone_at: datetime | None
    undoable: bool
    undo_refusal: str | None = Field(description="Why it cannot be undone, when it cannot")


def _past_out(past: PastImport) -> PastImportOut:
    return PastImportOut(
        id=past.id,
        imported_at=past.imported_at,
        format=past.format,
        file_name=past.file_name,
        wrote=past.wrote,
        status=past.status,  # type: ignore[arg-type]
        undone_at=past.undone_at,
        undoable=past.undoable,
        undo_refusal=past.undo_refusal,
    )


@router.get("/import", name="api_imports", response_model=list[PastImportOut])
def listed(session: SessionDep, person: PersonDep) -> list[PastImportOut]:
    """Your finished imports, newest first, with what each wrote and whether it can be undone."""
    return [_past_out(past) for past in past_imports(session, person_id=person.id)]


class UndoOut(BaseModel):
    """What undoing the import did."""

    import_id: int
    removed: dict[str, int] = Field(description="Rows the import added, removed, per table")
    restored: dict[str, int] = Field(
        description="Rows the import overwrote, given their earlier values back, per table"
    )
    kept_changed: int = Field(description="Rows kept because they changed since the import")
    kept_in_use: int = Field(description="Rows the import added that data logged since uses")
    kept_held: int = Field(description="Rows kept because an import not undone also brought them")


@router.post(
    "/import/{import_id}/undo",
    response_model=UndoOut,
    dependencies=[CsrfHeader],
    responses={**NOT_YOURS, 409: {"description": "Already undone, or no undo record"}},
)
def undo(session: SessionDep, person: PersonDep, import_id: RowId) -> UndoOut:
    """Undo a finished import of yours: remove what it added, give what it overwrote its
    earlier value back, keep what changed since. An import can be undone once."""
    _job(session, person, import_id)
    try:
        done = undo_import(session, import_id=import_id, person_id=person.id, now=utc_now())
    except InvalidEntry as problem:
        session.rollback()
        raise HTTPException(status_code=409, detail=problem.message) from None
    session.commit()
    plan = done.plan
    return UndoOut(
        import_id=import_id,
        removed=plan.removed_by_table,
        restored=plan.restored_by_table,
        kept_changed=len(plan.kept_changed),
        kept_in_use=len(plan.kept_in_use),
        kept_held=len(plan.kept_held),
    )
