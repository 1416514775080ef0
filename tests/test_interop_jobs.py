"""Imports in the background, for the web: queued, run in a thread, polled, cleaned up;
never in the way of other writers; ended when their server stopped or nobody confirms them."""

import io
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fibrotrack.diary import InvalidEntry
from fibrotrack.services import import_jobs
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.import_jobs import (
    PREVIEW_KEPT,
    STALE_AFTER,
    _Job,
    cancel_import,
    confirm_import,
    import_status,
    preview_import,
    queue_import,
    run_import,
    start_import,
    start_preview,
    sweep_imports,
)
from fibrotrack.services.import_undo import undo_import
from fibrotrack.services.imports import Progress
from fibrotrack.services.people import create_person
from fibrotrack.storage import Database
from fibrotrack.storage.models import ImportChange, ImportRun, Observation, Person
from fibrotrack.storage.types import utc_now
from test_interop_robustness import VISIBLE

FIRST_DAY = date(2020, 1, 1)


def queue(database, tmp_path, content: str) -> tuple[int, int]:
    with database.session() as session:
        person = create_person(session, name="Ana", timezone="Europe/Madrid")
        run = queue_import(
            session,
            person=person,
            format="visible",
            file_name="../../Visible export.csv",
            upload=io.BytesIO(content.encode()),
            uploads=tmp_path / "uploads",
        )
        return person.id, run.id


def test_a_queued_import_runs_in_the_background(database, tmp_path) -> None:
    person_id, import_id = queue(database, tmp_path, VISIBLE)
    with database.session() as session:
        status = import_status(session, import_id=import_id, person_id=person_id)
        assert (status.status, status.fraction, status.file_name) == (
            "queued",
            0.0,
            "Visible export.csv",
        )
        assert len(list((tmp_path / "uploads").iterdir())) == 1
    start_import(database, import_id).join(timeout=60)
    with database.session() as session:
        status = import_status(session, import_id=import_id, person_id=person_id)
        assert (status.status, status.phase, status.fraction) == ("done", "done", 1.0)
        assert status.report["written"]["observations"] == {"new": 2, "updated": 0, "unchanged": 0}
        assert session.scalar(select(func.count()).select_from(Observation)) == 2
        assert session.get(ImportRun, import_id).upload_path is None
        with pytest.raises(InvalidEntry):
            import_status(session, import_id=import_id, person_id=person_id + 1)
    assert list((tmp_path / "uploads").iterdir()) == []
    run_import(database, import_id)  # a finished import is not run again
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Observation)) == 2


def test_a_failing_import_is_reported_and_writes_nothing(database, tmp_path) -> None:
    person_id, import_id = queue(database, tmp_path, VISIBLE + "2025-04-24,Fatigue\r\n")
    run_import(database, import_id)
    with database.session() as session:
        status = import_status(session, import_id=import_id, person_id=person_id)
        assert status.status == "failed"
        assert (
            status.error == "line 5: has 2 fields where 4 are expected: is the file cut "
            "short, or is the delimiter wrong?"
        )
        assert session.scalar(select(func.count()).select_from(Observation)) == 0
    assert list((tmp_path / "uploads").iterdir()) == []


def test_progress_reaches_every_worker_while_reading(database, tmp_path) -> None:
    person_id, import_id = queue(database, tmp_path, VISIBLE)
    _Job(database, import_id, "queued")(
        Progress(phase="reading", bytes_done=30, bytes_total=len(VISIBLE))
    )
    with database.session() as session:
        row = session.get(ImportRun, import_id)
        assert (row.phase, row.bytes_done) == ("reading", 30)
        status = import_status(session, import_id=import_id, person_id=person_id)
        assert status.fraction == pytest.approx(30 / len(VISIBLE))


def test_queueing_checks_the_format_and_the_person(database, tmp_path) -> None:
    with database.session() as session, pytest.raises(InvalidEntry) as raised:
        queue_import(
            session,
            person=None,
            format="visible",
            file_name="x.csv",
            upload=io.BytesIO(b""),
            uploads=tmp_path,
        )
    assert raised.value.field == "person"
    with database.session() as session, pytest.raises(InvalidEntry) as raised:
        queue_import(
            session,
            person=None,
            format="daylio",
            file_name="x.csv",
            upload=io.BytesIO(b""),
            uploads=tmp_path,
        )
    assert raised.value.field == "format"


def test_a_preview_writes_nothing_and_waits_for_confirmation(database, tmp_path) -> None:
    with database.session() as session:
        person = create_person(session, name="Ana", timezone="Europe/Madrid")
        run = queue_import(
            session,
            person=person,
            format="visible",
            file_name="visible.csv",
            upload=io.BytesIO(VISIBLE.encode()),
            uploads=tmp_path / "uploads",
            preview=True,
        )
        person_id, import_id = person.id, run.id
    preview_import(database, import_id)
    with database.session() as session:
        status = import_status(session, import_id=import_id, person_id=person_id)
        assert (status.status, status.fraction, status.waiting) == ("ready", 1.0, False)
        assert status.report["written"]["observations"] == {"new": 2, "updated": 0, "unchanged": 0}
        assert status.report["day_changes"]["new"] == 1
        assert session.scalar(select(func.count()).select_from(Observation)) == 0
        with pytest.raises(InvalidEntry):
            confirm_import(session, import_id=import_id, person_id=person_id + 1)
        confirm_import(session, import_id=import_id, person_id=person_id)
    preview_import(database, import_id)  # no longer waiting for a preview: nothing happens
    run_import(database, import_id)
    with database.session() as session:
        assert import_status(session, import_id=import_id, person_id=person_id).status == "done"
        assert session.scalar(select(func.count()).select_from(Observation)) == 2
        with pytest.raises(InvalidEntry):
            cancel_import(session, import_id=import_id, person_id=person_id)
    assert list((tmp_path / "uploads").iterdir()) == []


def test_a_cancelled_preview_leaves_nothing(database, tmp_path) -> None:
    with database.session() as session:
        person = create_person(session, name="Ana", timezone="UTC")
        run = queue_import(
            session,
            person=person,
            format="visible",
            file_name="visible.csv",
            upload=io.BytesIO(VISIBLE.encode()),
            uploads=tmp_path / "uploads",
            preview=True,
        )
        person_id, import_id = person.id, run.id
    preview_import(database, import_id)
    with database.session() as session:
        cancel_import(session, import_id=import_id, person_id=person_id)
        assert import_status(session, import_id=import_id, person_id=person_id).status == (
            "cancelled"
        )
        with pytest.raises(InvalidEntry):
            confirm_import(session, import_id=import_id, person_id=person_id)
    assert list((tmp_path / "uploads").iterdir()) == []
    run_import(database, import_id)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Observation)) == 0


def wide_csv(days: int, columns: int) -> str:
    """A generic CSV of ``days`` days from FIRST_DAY and ``columns`` variables of 0-10."""
    header = ",".join(["date", *(f"c{column}" for column in range(columns))])
    rows = [
        ",".join(
            [
                (FIRST_DAY + timedelta(days=day)).isoformat(),
                *(str((day * 7 + column) % 11) for column in range(columns)),
            ]
        )
        for day in range(days)
    ]
    return "\n".join([header, *rows]) + "\n"


LARGE = wide_csv(400, 80)  # 32,000 values: seconds of writing, even on a fast machine


def queue_file(
    database: Database, tmp_path: Path, content: str, *, preview: bool
) -> tuple[int, int]:
    with database.session() as session:
        person = create_person(session, name="Ana", timezone="UTC")
        run = queue_import(
            session,
            person=person,
            format="csv",
            file_name="wide.csv",
            upload=io.BytesIO(content.encode()),
            uploads=tmp_path / "uploads",
            preview=preview,
        )
        return person.id, run.id


def when_writing(database: Database, import_id: int, person_id: int) -> None:
    """Wait until the job is writing rows, as its page sees it."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with database.session() as session:
            if import_status(session, import_id=import_id, person_id=person_id).phase == "writing":
                return
        time.sleep(0.05)
    raise AssertionError("the job never started writing")


def timed_check_in(database: Database, person_id: int, day: date, pain: float) -> float:
    """Save a check-in as Today does; returns how long it took."""
    started = time.monotonic()
    with database.session() as session:
        check_in(
            session,
            person=session.get_one(Person, person_id),
            change=CheckIn(day=day, values={"pain": pain}),
            today=date.today(),
        )
    return time.monotonic() - started


def values_of(database: Database, person_id: int, source: str) -> int:
    query = select(func.count()).select_from(Observation)
    query = query.where(Observation.person_id == person_id, Observation.source == source)
    with database.session() as session:
        return session.scalar(query) or 0


def test_a_check_in_is_saved_at_once_while_a_large_file_is_previewed(
    database: Database, tmp_path: Path
) -> None:
    person_id, import_id = queue_file(database, tmp_path, LARGE, preview=True)
    previewing = start_preview(database, import_id)
    when_writing(database, import_id, person_id)
    waited = timed_check_in(database, person_id, FIRST_DAY, 7)
    saved_while_writing = previewing.is_alive()
    previewing.join()
    assert saved_while_writing and waited < 2, waited  # SQLite: it waited for the whole preview
    with database.session() as session:
        status = import_status(session, import_id=import_id, person_id=person_id)
    assert status.status == "ready"
    assert status.report["written"]["observations"]["new"] == 32_000
    assert (values_of(database, person_id, "csv"), values_of(database, person_id, "checkin")) == (
        0,
        1,
    )
    assert [path.suffix for path in (tmp_path / "uploads").iterdir()] == [".upload"]  # no copy


def test_check_ins_wait_for_one_chunk_at_most_while_a_large_file_is_imported(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_jobs, "CHUNK_RECORDS", 1_000)
    person_id, import_id = queue_file(database, tmp_path, LARGE, preview=False)
    importing = start_import(database, import_id)
    when_writing(database, import_id, person_id)
    started, waits = time.monotonic(), []
    while importing.is_alive():
        day = FIRST_DAY + timedelta(days=len(waits) % 400)
        waits.append(timed_check_in(database, person_id, day, len(waits) % 11))
    importing.join()
    writing = time.monotonic() - started
    assert len(waits) > 1 and max(waits) < writing / 4, (max(waits), writing)
    with database.session() as session:
        assert session.get_one(ImportRun, import_id).status == "done"
        assert session.get_one(ImportRun, import_id).report["written"]["observations"] == {
            "new": 32_000,
            "updated": 0,
            "unchanged": 0,
        }
    assert values_of(database, person_id, "csv") == 32_000
    logged = values_of(database, person_id, "checkin")
    with database.session() as session:  # every chunk's changes were recorded: undone whole
        undo_import(session, import_id=import_id, person_id=person_id, now=utc_now())
    assert (values_of(database, person_id, "csv"), values_of(database, person_id, "checkin")) == (
        0,
        logged,
    )


JOB = (
    "import sys; from fibrotrack.storage import open_database; "
    "from fibrotrack.services.import_jobs import {job}; "
    "{job}(open_database(sys.argv[1]), int(sys.argv[2]))"
)


def killed_while_writing(database: Database, url: str, import_id: int, job: str) -> None:
    """Run ``job`` (preview_import, run_import) in a process of its own and kill it once it
    writes (on SQLite, once an import committed a chunk), as when the server is stopped."""
    process = subprocess.Popen([sys.executable, "-c", JOB.format(job=job), url, str(import_id)])
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            with database.session() as session:
                run = session.get_one(ImportRun, import_id)
                partial = run.changes_recorded or not (job == "run_import" and database.is_sqlite)
                if run.phase == "writing" and partial:
                    return
            assert process.poll() is None, "the job ended before it was stopped"
            time.sleep(0.05)
        raise AssertionError("the job never started writing")
    finally:
        process.kill()
        process.wait()


@pytest.mark.parametrize("job", ["preview_import", "run_import"])
def test_a_job_whose_server_stopped_is_ended_as_interrupted_and_what_it_wrote_taken_back(
    database: Database, database_url: str, tmp_path: Path, job: str
) -> None:
    person_id, import_id = queue_file(database, tmp_path, LARGE, preview=job == "preview_import")
    timed_check_in(database, person_id, FIRST_DAY, 4)
    killed_while_writing(database, database_url, import_id, job)
    uploads = tmp_path / "uploads"
    assert list(uploads.iterdir())  # the upload (and the preview's copy) are left behind
    assert sweep_imports(database, uploads=uploads, now=utc_now()) == []  # not stale yet
    later = utc_now() + STALE_AFTER + timedelta(seconds=1)
    assert sweep_imports(database, uploads=uploads, now=later) == [import_id]
    with database.session() as session:
        run = session.get_one(ImportRun, import_id)
        assert (run.status, run.phase, run.upload_path) == ("failed", "interrupted", None)
        assert run.error is not None and run.error.startswith("interrupted: the server stopped")
        assert not run.changes_recorded
        records = select(func.count()).select_from(ImportChange)
        assert session.scalar(records.where(ImportChange.import_id == import_id)) == 0
        assert import_status(session, import_id=import_id, person_id=person_id).waiting is False
    assert (values_of(database, person_id, "csv"), values_of(database, person_id, "checkin")) == (
        0,
        1,
    )
    assert list(uploads.iterdir()) == []
    assert sweep_imports(database, uploads=uploads, now=later) == []  # once


def test_a_preview_can_be_cancelled_while_it_is_prepared(
    database: Database, tmp_path: Path
) -> None:
    person_id, import_id = queue_file(database, tmp_path, LARGE, preview=True)
    previewing = start_preview(database, import_id)
    when_writing(database, import_id, person_id)
    with database.session() as session:
        cancel_import(session, import_id=import_id, person_id=person_id)
    previewing.join(timeout=60)
    assert not previewing.is_alive()  # it stopped at its next progress, not at the end
    with database.session() as session:
        run = session.get_one(ImportRun, import_id)
        assert (run.status, run.upload_path, run.report) == ("cancelled", None, {})
    assert list((tmp_path / "uploads").iterdir()) == []
    assert values_of(database, person_id, "csv") == 0


def test_previews_nobody_confirms_expire_and_stray_uploads_are_deleted(
    database: Database, tmp_path: Path
) -> None:
    person_id, import_id = queue_file(database, tmp_path, wide_csv(3, 2), preview=True)
    preview_import(database, import_id)
    uploads = tmp_path / "uploads"
    (upload,) = uploads.iterdir()
    stray, arriving = uploads / "0123abcd.upload", uploads / "4567cdef.upload"
    stray.write_bytes(b"cut off when the server stopped")
    arriving.write_bytes(b"still arriving")
    two_hours_ago = time.time() - 7200
    for old in (upload, stray):
        os.utime(old, (two_hours_ago, two_hours_ago))

    assert sweep_imports(database, uploads=uploads, now=utc_now()) == []
    assert sorted(uploads.iterdir()) == sorted([upload, arriving])  # the preview's stays
    almost = utc_now() + PREVIEW_KEPT - timedelta(minutes=1)
    assert sweep_imports(database, uploads=uploads, now=almost) == []
    with database.session() as session:
        assert session.get_one(ImportRun, import_id).status == "ready"
    expired = utc_now() + PREVIEW_KEPT + timedelta(minutes=1)
    assert sweep_imports(database, uploads=uploads, now=expired) == [import_id]
    with database.session() as session:
        run = session.get_one(ImportRun, import_id)
        assert (run.status, run.phase, run.upload_path) == ("cancelled", "expired", None)
        with pytest.raises(InvalidEntry):
            confirm_import(session, import_id=import_id, person_id=person_id)
    assert list(uploads.iterdir()) == []
