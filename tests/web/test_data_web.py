"""The Data page: import with a preview (nothing written until confirmed), progress and
summary, export in every format, and the same through /api/v1/import and /api/v1/export."""

import hashlib
import io
import json
import re
import threading
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from export_files import VISIBLE_REAL
from fibrotrack.services.checkin import CheckIn, check_in, history
from fibrotrack.services.import_jobs import preview_import, queue_import
from fibrotrack.storage.models import Account, ImportRun, Observation, Person
from fibrotrack.storage.types import utc_now
from test_interop_bearable import GENERATION_A
from test_interop_robustness import VISIBLE

from .conftest import Browser, Site

IMPORT_PAGE = re.compile(r"/data/imports/(\d+)$")


def finish(import_id: int) -> None:
    """Wait for the import's background thread (preview or import) to end."""
    for thread in threading.enumerate():
        if thread.name == f"import-{import_id}":
            thread.join()


def upload(browser: Browser, name: str, content: bytes, format: str) -> int:
    """Upload a file on the Data page; returns the import's id once its preview is done."""
    token = browser.csrf("/data")
    response = browser.client.post(
        "/data/import",
        data={"csrf_token": token, "format": format},
        files={"file": (name, content, "text/csv")},
    )
    assert response.status_code == 303, response.text
    match = IMPORT_PAGE.search(response.headers["location"])
    assert match, response.headers["location"]
    import_id = int(match.group(1))
    finish(import_id)
    return import_id


def confirm(browser: Browser, import_id: int) -> str:
    page = f"/data/imports/{import_id}"
    response = browser.post(f"{page}/confirm", page=page)
    assert response.status_code == 303, response.text
    finish(import_id)
    return browser.get(page).text


def person_of(site: Site, username: str) -> int:
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        assert account.person_id is not None
        return account.person_id


def observations(site: Site, person_id: int, source: str | None = None) -> int:
    query = select(func.count()).select_from(Observation).where(Observation.person_id == person_id)
    if source is not None:
        query = query.where(Observation.source == source)
    with site.database.session() as session:
        return session.scalar(query) or 0


def log(site: Site, person_id: int, day: date, values: dict[str, float], note: str = "") -> None:
    with site.database.session() as session:
        person = session.get_one(Person, person_id)
        check_in(
            session,
            person=person,
            change=CheckIn(day=day, values=values, note=note),
            today=date.today(),
        )


def days_of(site: Site, person_id: int) -> list[tuple[date, dict[str, float], str | None]]:
    with site.database.session() as session:
        person = session.get_one(Person, person_id)
        return [
            (entry.day, dict(entry.values), entry.note) for entry in history(session, person=person)
        ]


def figure(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]*)<', page)
    assert match, element_id
    return match.group(1)


def test_a_bearable_export_is_previewed_then_imported(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    log(site, person_id, date(2020, 9, 22), {"sleep_hours": 7})
    page = ana.get("/data")
    assert 'enctype="multipart/form-data"' in page.text and "Bearable (CSV)" in page.text

    import_id = upload(ana, "bearable export.csv", GENERATION_A.encode(), "auto")
    preview = ana.get(f"/data/imports/{import_id}").text
    assert "What this import would do" in preview
    assert '<p class="hint">Bearable (CSV)</p>' in preview  # recognised
    assert "2020-09-22 to 2020-09-23" in preview
    assert figure(preview, "days-new") == "1"  # the 23rd
    assert figure(preview, "days-conflicting") == "1"  # the 22nd: my check-in says 7 h sleep
    assert figure(preview, "days-changed") == "0"
    assert "bearable_energy" in preview and "sleep_hours" in preview
    assert "import_progress.js" not in preview  # over: no polling
    assert observations(site, person_id, "bearable") == 0  # nothing written yet
    assert observations(site, person_id) == 1
    before_history = ana.get("/history", params={"end": "2020-09-30"}).text

    done = confirm(ana, import_id)
    assert "The import is done" in done and "import_progress.js" not in done
    assert observations(site, person_id, "bearable") > 0
    assert "1 of 28 days logged" in before_history
    history_page = ana.get("/history", params={"end": "2020-09-30"}).text
    assert "2 of 28 days logged" in history_page  # the 23rd appeared
    entries = {day: values for day, values, _note in days_of(site, person_id)}
    assert entries[date(2020, 9, 22)]["sleep_hours"] == 7  # my check-in wins
    assert date(2020, 9, 23) in entries
    listed = ana.get("/data").text
    assert "bearable export.csv" in listed and "done" in listed

    again = upload(ana, "bearable export.csv", GENERATION_A.encode(), "bearable")
    second = ana.get(f"/data/imports/{again}").text
    assert "was imported before" in second
    assert figure(second, "days-unchanged") == "2"


def test_cancelling_a_preview_writes_nothing_and_deletes_the_upload(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    import_id = upload(ana, "visible.csv", VISIBLE.encode(), "visible")
    uploads = site.settings.data_dir / "uploads"
    assert len(list(uploads.iterdir())) == 1
    page = f"/data/imports/{import_id}"
    response = ana.post(f"{page}/cancel", page=page)
    assert response.status_code == 303
    assert list(uploads.iterdir()) == []
    assert "nothing was written" in ana.get(page).text
    assert observations(site, person_id) == 0
    assert ana.post(f"{page}/confirm", page=page).status_code == 409


def test_a_malformed_file_names_the_problem_and_writes_nothing(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    import_id = upload(ana, "cut.csv", (VISIBLE + "2025-04-24,Fatigue\r\n").encode(), "visible")
    page = ana.get(f"/data/imports/{import_id}").text
    assert "This file cannot be imported" in page
    assert "line 5: has 2 fields where 4 are expected" in page
    assert "Confirm" not in page
    assert observations(site, person_id) == 0
    assert list((site.settings.data_dir / "uploads").iterdir()) == []

    wrong_kind = upload(ana, "visible.csv", VISIBLE.encode(), "apple-health")
    assert "cannot be imported" in ana.get(f"/data/imports/{wrong_kind}").text
    token = ana.csrf("/data")
    unknown_format = ana.client.post(
        "/data/import",
        data={"csrf_token": token, "format": "daylio"},
        files={"file": ("v.csv", VISIBLE.encode(), "text/csv")},
    )
    assert unknown_format.status_code == 422
    assert '<span class="field">Kind of file</span>' in unknown_format.text
    unknown = ana.client.post(
        "/data/import",
        data={"csrf_token": token, "format": "auto"},
        files={"file": ("notes.txt", b"just some text", "text/plain")},
    )
    assert unknown.status_code == 422 and "could not tell what kind of file" in unknown.text
    no_file = ana.client.post("/data/import", data={"csrf_token": token, "format": "visible"})
    assert no_file.status_code == 422 and '<span class="field">File</span>' in no_file.text
    no_csrf = ana.client.post(
        "/data/import",
        data={"format": "visible"},
        files={"file": ("v.csv", VISIBLE.encode(), "text/csv")},
    )
    assert no_csrf.status_code == 403
    assert list((site.settings.data_dir / "uploads").iterdir()) == []  # refused: deleted
    with site.database.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRun)) == 2
    assert observations(site, person_id) == 0


def test_exports_download_in_every_format_and_import_into_someone_else(site: Site) -> None:
    ana = site.signed_in("ana")
    ana_id = person_of(site, "ana")
    start = date.today() - timedelta(days=10)
    for offset in range(5):
        log(site, ana_id, start + timedelta(days=offset), {"pain": 3 + offset, "fatigue": 5})
    log(site, ana_id, start + timedelta(days=6), {"pain": 8}, note="a bad day")
    page = ana.get("/data").text
    for label in ("fibrotrack JSON", "CSV, one row per day", "FHIR R4 Bundle (JSON)"):
        assert f"Download {label}" in page

    expected = days_of(site, ana_id)
    for format, suffix in (("json", "json"), ("csv", "csv")):
        download = ana.get("/data/export", params={"format": format})
        assert download.status_code == 200
        disposition = download.headers["content-disposition"]
        assert disposition == f'attachment; filename="fibrotrack-{format}.{suffix}"'
        someone = site.signed_in(f"bo-{format}")
        bo_id = person_of(site, f"bo-{format}")
        import_id = upload(someone, f"ana.{suffix}", download.content, format)
        preview = someone.get(f"/data/imports/{import_id}").text
        assert figure(preview, "days-new") == str(len(expected)), format
        assert "The import is done" in confirm(someone, import_id)
        assert days_of(site, bo_id) == expected, format

    fhir = ana.get("/data/export", params={"format": "fhir"})
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    bundle = json.loads(fhir.content)
    assert bundle["resourceType"] == "Bundle"
    pains = [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        and entry["resource"]["code"]["coding"][0]["code"] == "72514-3"
    ]
    assert len(pains) == 6

    first, last = start + timedelta(days=1), start + timedelta(days=2)
    ranged = ana.get(
        "/data/export", params={"format": "csv", "from": first.isoformat(), "to": last.isoformat()}
    )
    assert (
        f'filename="fibrotrack-csv-from-{first}-to-{last}.csv"'
        in (ranged.headers["content-disposition"])
    )
    rows = ranged.text.strip().splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == [first.isoformat(), last.isoformat()]
    bad = ana.get("/data/export", params={"format": "csv", "from": "yesterday"})
    assert bad.status_code == 422 and '<span class="field">From</span>' in bad.text


def test_nobody_else_sees_my_import_or_my_export(site: Site) -> None:
    ana = site.signed_in("ana")
    ana_id = person_of(site, "ana")
    log(site, ana_id, date.today(), {"pain": 6}, note="ana-secret-note")
    import_id = upload(ana, "ana-secret-file.csv", VISIBLE.encode(), "visible")
    bo = site.signed_in("bo")
    page = bo.get(f"/data/imports/{import_id}")
    assert page.status_code == 404 and "ana-secret-file" not in page.text
    confirm_attempt = bo.post(f"/data/imports/{import_id}/confirm", page="/data")
    assert confirm_attempt.status_code == 404
    api_confirm = bo.client.post(
        f"/api/v1/import/{import_id}/confirm", headers={"X-CSRF-Token": bo.csrf("/data")}
    )
    assert api_confirm.status_code == 404
    api = bo.get(f"/api/v1/import/{import_id}")
    assert api.status_code == 404 and "ana-secret-file" not in api.text
    assert "ana-secret-note" not in bo.get("/data/export", params={"format": "json"}).text
    assert "ana-secret-file" not in bo.get("/data").text
    assert "ana-secret-note" in ana.get("/data/export", params={"format": "json"}).text
    with site.database.session() as session:
        assert session.get_one(ImportRun, import_id).status == "ready"


def test_the_api_previews_confirms_and_follows_an_import(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    headers = {"X-CSRF-Token": ana.csrf("/data")}
    with VISIBLE_REAL.open("rb") as real:
        response = ana.client.post(
            "/api/v1/import",
            data={"format": "visible", "preview": "true"},
            files={"file": (VISIBLE_REAL.name, real, "text/csv")},
            headers=headers,
        )
    assert response.status_code == 200, response.text
    job = response.json()
    assert (job["status"], job["percent"]) == ("ready", 100)
    report = job["report"]
    assert (report["days"], report["first_day"], report["last_day"]) == (
        366,
        "2024-04-24",
        "2025-04-24",
    )
    assert report["day_changes"]["new"] == 366
    new_values = report["written"]["observations"]["new"]
    assert new_values > 10_000
    assert observations(site, person_id) == 0
    with site.database.session() as session:
        saved = session.get_one(ImportRun, job["id"])  # streamed to the data dir intact
        assert saved.file_sha256 == hashlib.sha256(VISIBLE_REAL.read_bytes()).hexdigest()
        assert saved.upload_path and Path(saved.upload_path).parent == (
            site.settings.data_dir / "uploads"
        )

    confirmed = ana.client.post(f"/api/v1/import/{job['id']}/confirm", headers=headers)
    assert confirmed.status_code == 202, confirmed.text
    finish(job["id"])
    status = ana.get(f"/api/v1/import/{job['id']}").json()
    assert (status["status"], status["percent"]) == ("done", 100)
    assert observations(site, person_id) == new_values

    straight = ana.client.post(
        "/api/v1/import",
        data={},  # the format is recognised
        files={"file": ("v.csv", VISIBLE.encode(), "text/csv")},
        headers=headers,
    )
    assert straight.status_code == 202 and straight.json()["status"] in {"queued", "running"}
    finish(straight.json()["id"])
    assert ana.get(f"/api/v1/import/{straight.json()['id']}").json()["status"] == "done"

    unknown = ana.client.post(
        "/api/v1/import",
        data={"format": "daylio", "preview": "true"},
        files={"file": ("v.csv", VISIBLE.encode(), "text/csv")},
        headers=headers,
    )
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "format"
    cut = ana.client.post(
        "/api/v1/import",
        data={"format": "visible", "preview": "true"},
        files={"file": ("v.csv", (VISIBLE + "2025-04-24,Fatigue\r\n").encode(), "text/csv")},
        headers=headers,
    )
    assert cut.status_code == 422
    assert cut.json()["detail"][0]["msg"].startswith("line 5: has 2 fields")
    missing = ana.client.post("/api/v1/import", data={"format": "visible"}, headers=headers)
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "file"
    no_csrf = ana.client.post(
        "/api/v1/import",
        data={"format": "visible"},
        files={"file": ("v.csv", VISIBLE.encode(), "text/csv")},
    )
    assert no_csrf.status_code == 403

    export = ana.get("/api/v1/export", params={"format": "csv", "from": "2025-04-01"})
    assert export.status_code == 200
    assert export.headers["content-disposition"] == (
        'attachment; filename="fibrotrack-csv-from-2025-04-01.csv"'
    )
    assert export.text.splitlines()[1].startswith("2025-04-01")
    wrong = ana.get("/api/v1/export", params={"format": "pdf"})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "format"

    paths = ana.get("/openapi.json").json()["paths"]
    assert {"/api/v1/import", "/api/v1/import/{import_id}", "/api/v1/export"} <= set(paths)
    assert "/api/v1/import/{import_id}/confirm" in paths


def test_the_demo_exports_but_does_not_import(site: Site) -> None:
    visitor = site.browser()
    page = visitor.get("/demo/data")
    assert page.status_code == 200
    assert "Importing is switched off in the demo" in page.text
    assert "Delete everything" not in page.text
    export = visitor.get("/demo/data/export", params={"format": "csv"})
    assert export.status_code == 200 and export.text.startswith("date,")
    token = visitor.csrf("/demo/data")
    refused = visitor.client.post(
        "/demo/data/import",
        data={"csrf_token": token, "format": "visible"},
        files={"file": ("v.csv", VISIBLE.encode(), "text/csv")},
    )
    assert refused.status_code == 403 and "switched off in the demo" in refused.text
    api = visitor.client.post(
        "/demo/api/v1/import",
        files={"file": ("v.csv", VISIBLE.encode(), "text/csv")},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 403 and "switched off in the demo" in api.json()["detail"]
    assert not (site.settings.data_dir / "uploads").exists()


def test_the_page_of_a_running_import_shows_its_progress(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    with site.database.session() as session:
        run = queue_import(
            session,
            person=session.get_one(Person, person_id),
            format="visible",
            file_name="big export.csv",
            upload=io.BytesIO(VISIBLE.encode()),
            uploads=site.settings.data_dir / "uploads",
            preview=True,
        )
        run.phase, run.bytes_done = "reading", len(VISIBLE) // 4  # as a worker reading it writes
        import_id = run.id
    page = ana.get(f"/data/imports/{import_id}").text
    assert "Reading and checking your file" in page
    assert '<progress id="progress" max="100" value="25"' in page
    assert f'data-status="/api/v1/import/{import_id}"' in page
    assert "import_progress.js" in page and "Refresh now" in page
    assert "Confirm" not in page
    assert ana.get(f"/api/v1/import/{import_id}").json()["percent"] == 25


def left_over(site: Site, person_id: int, status: str, phase: str, age: timedelta) -> int:
    """An import as a stopped server leaves it: ``status`` and ``phase``, its row last moved
    ``age`` ago, its upload still saved. Returns its id."""
    with site.database.session() as session:
        run = queue_import(
            session,
            person=session.get_one(Person, person_id),
            format="visible",
            file_name=f"{status}.csv",
            upload=io.BytesIO(VISIBLE.encode()),
            uploads=site.settings.data_dir / "uploads",
            preview=True,
        )
        run.status, run.phase, run.bytes_done = status, phase, len(VISIBLE) // 2
        run.started_at = run.updated_at = utc_now() - age
        return run.id


def test_the_server_start_ends_what_its_last_stop_interrupted(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    checking = left_over(site, person_id, "previewing", "reading", timedelta(minutes=5))
    forgotten = left_over(site, person_id, "ready", "ready", timedelta(hours=25))
    waiting = left_over(site, person_id, "ready", "ready", timedelta(hours=1))
    assert "Reading and checking your file" in ana.get(f"/data/imports/{checking}").text
    with site.database.session() as session:
        kept = session.get_one(ImportRun, waiting).upload_path

    with TestClient(site.app):  # the server starts again
        pass
    page = ana.get(f"/data/imports/{checking}").text
    assert "This import was interrupted" in page
    assert "the server stopped while this file was being checked" in page
    assert "import_progress.js" not in page and "Confirm" not in page
    page = ana.get(f"/data/imports/{forgotten}").text
    assert "This preview expired: nobody confirmed it within 24 hours" in page
    assert "Confirm" not in page
    page = ana.get(f"/data/imports/{waiting}").text
    assert "Confirm and import" in page and "This preview is kept for 24 hours" in page
    assert list((site.settings.data_dir / "uploads").iterdir()) == [Path(str(kept))]
    api = ana.get(f"/api/v1/import/{checking}").json()
    assert (api["status"], api["phase"]) == ("failed", "interrupted")


def test_a_preview_stuck_on_its_progress_page_can_be_cancelled(site: Site) -> None:
    ana = site.signed_in("ana")
    stuck = left_over(site, person_of(site, "ana"), "previewing", "reading", timedelta(0))
    page = f"/data/imports/{stuck}"
    assert f'action="/data/imports/{stuck}/cancel"' in ana.get(page).text
    assert ana.post(f"{page}/cancel", page=page).status_code == 303
    assert "You cancelled this import" in ana.get(page).text
    assert list((site.settings.data_dir / "uploads").iterdir()) == []


def test_the_data_page_keeps_every_import_that_can_be_undone(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    kept = upload(ana, "kept.csv", VISIBLE.encode(), "visible")
    confirm(ana, kept)
    for number in range(21):  # uploads of a cut file: each fails
        with site.database.session() as session:
            cut = queue_import(
                session,
                person=session.get_one(Person, person_id),
                format="visible",
                file_name=f"cut-{number}.csv",
                upload=io.BytesIO((VISIBLE + "2025-04-24,Fatigue\r\n").encode()),
                uploads=site.settings.data_dir / "uploads",
                preview=True,
            )
        preview_import(site.database, cut.id)
    page = ana.get("/data").text
    assert "kept.csv" in page and f'href="/data/imports/{kept}/undo"' in page
    listed = [number for number in range(21) if f">cut-{number}.csv<" in page]
    assert listed == list(range(1, 21))  # failed uploads: only among the latest twenty
