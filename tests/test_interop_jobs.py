"""Imports in the background, for the web: queued, run in a thread, polled, cleaned up."""

import io

import pytest
from sqlalchemy import func, select

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.import_jobs import (
    _Publisher,
    cancel_import,
    confirm_import,
    import_status,
    preview_import,
    queue_import,
    run_import,
    start_import,
)
from fibrotrack.services.imports import Progress
from fibrotrack.services.people import create_person
from fibrotrack.storage.models import ImportRun, Observation
from test_interop_robustness import VISIBLE


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
    _Publisher(database, import_id)(
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
