"""Undoing a past import: what it wrote, what undoing it would do, and doing it.

Undoing removes the rows an import inserted and gives the rows it overwrote their earlier
values back, in the caller's transaction; a value changed since the import, or also brought by
another import still active, is kept and counted, and nothing an import undone before brought
comes back (:mod:`fibrotrack.interop.undo` decides, from every import's records of the rows).
An import can be undone once. Imports made before fibrotrack recorded what they changed cannot
be undone, and say so.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.interop.undo import UndoPlan, held_in_words, in_words, plan_undo
from fibrotrack.services.import_jobs import owned_import
from fibrotrack.storage.models import ImportRun
from fibrotrack.storage.provenance import (
    apply_undo,
    current_values,
    left_rows,
    recorded_rows,
    records_of,
    referrers,
    undone_imports,
)

NO_RECORD = "this import was made before fibrotrack kept undo records, so it cannot be undone"


@dataclass(frozen=True)
class PastImport:
    """A finished import of the person's, as the Data page and ``fibrotrack imports`` list it."""

    id: int
    file_name: str
    format: str
    status: str
    imported_at: datetime
    wrote: str
    undone_at: datetime | None
    undo_refusal: str | None

    @property
    def undoable(self) -> bool:
        return self.undo_refusal is None


def _wrote(report: dict[str, Any]) -> str:
    written = report.get("written") or {}
    new = {table: counts["new"] for table, counts in written.items() if counts.get("new")}
    updated = {
        table: counts["updated"] for table, counts in written.items() if counts.get("updated")
    }
    if not new and not updated:
        return "nothing new"
    parts = []
    if new:
        parts.append(f"added {in_words(new)}")
    if updated:
        parts.append(f"changed {in_words(updated)}")
    return "; ".join(parts)


def _refusal(run: ImportRun) -> str | None:
    if run.status == "undone":
        when = f" on {run.undone_at.date().isoformat()}" if run.undone_at else ""
        return f"import {run.id} was already undone{when}"
    if run.status != "done":
        return f"import {run.id} is {run.status}: only a finished import can be undone"
    if not run.changes_recorded:
        return NO_RECORD
    return None


def _past(run: ImportRun) -> PastImport:
    return PastImport(
        id=run.id,
        file_name=run.file_name,
        format=run.format,
        status=run.status,
        imported_at=run.finished_at or run.created_at,
        wrote=_wrote(run.report or {}),
        undone_at=run.undone_at,
        undo_refusal=_refusal(run),
    )


def past_imports(session: Session, *, person_id: int, limit: int = 50) -> list[PastImport]:
    """The person's finished (and undone) imports, newest first."""
    runs = session.scalars(
        select(ImportRun)
        .where(ImportRun.person_id == person_id, ImportRun.status.in_(("done", "undone")))
        .order_by(ImportRun.id.desc())
        .limit(limit)
    )
    return [_past(run) for run in runs]


@dataclass(frozen=True)
class UndoPreview:
    """What undoing one import would do, in words and in counts."""

    past: PastImport
    plan: UndoPlan

    @property
    def removes(self) -> str:
        return in_words(self.plan.removed_by_table)

    @property
    def restores(self) -> str:
        return in_words(self.plan.restored_by_table)

    @property
    def keeps_held(self) -> str:
        """The rows kept because an import still active also brought them, naming it ("63
        values that import 2 also brought"); empty when there are none."""
        return held_in_words(self.plan)


def _plan(session: Session, run: ImportRun, person_id: int) -> UndoPlan:
    """The plan from every import's records of the rows ``run`` recorded and of the rows the
    imports undone before left stored."""
    undone = undone_imports(session, person_id=person_id) - {run.id}
    rows = recorded_rows(session, import_ids=[run.id], person_id=person_id)
    rows |= left_rows(session, import_ids=undone, person_id=person_id)
    records = records_of(session, rows, person_id=person_id)
    current = current_values(session, [item.change for item in records], person_id=person_id)
    return plan_undo(
        run.id,
        records,
        current,
        referrers(session, rows, person_id=person_id),
        undone=undone,
    )


def _undoable(session: Session, import_id: int, person_id: int) -> ImportRun:
    run = owned_import(session, import_id, person_id)
    refusal = _refusal(run)
    if refusal is not None:
        raise InvalidEntry("import", refusal)
    return run


def preview_undo(session: Session, *, import_id: int, person_id: int) -> UndoPreview:
    """What undoing the person's import ``import_id`` would do; writes nothing. Raises
    ``InvalidEntry`` when it is not theirs or cannot be undone, saying why."""
    run = _undoable(session, import_id, person_id)
    return UndoPreview(past=_past(run), plan=_plan(session, run, person_id))


def undo_import(session: Session, *, import_id: int, person_id: int, now: datetime) -> UndoPreview:
    """Undo the person's import ``import_id`` and mark it undone; returns what was done.
    Flushes, never commits: the caller's transaction holds it all. A second undo, or undoing
    an import that is not theirs or has no record, raises ``InvalidEntry`` and writes nothing."""
    run = _undoable(session, import_id, person_id)
    claimed = session.execute(
        update(ImportRun)
        .where(
            ImportRun.id == import_id,
            ImportRun.person_id == person_id,
            ImportRun.status == "done",
        )
        .values(status="undone", undone_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(claimed, "rowcount", 0):
        raise InvalidEntry("import", f"import {import_id} was already undone")
    plan = _plan(session, run, person_id)
    apply_undo(session, plan, person_id=person_id)
    session.refresh(run)
    run.report = {**(run.report or {}), "undo": plan.as_dict()}
    session.flush()
    return UndoPreview(past=_past(run), plan=plan)
