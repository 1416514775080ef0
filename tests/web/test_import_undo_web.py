"""Undoing a past import on the Data page (list, confirmation page, POST with CSRF) and through
/api/v1/import, only by the person it belongs to."""

from datetime import date

from sqlalchemy import select

from export_files import VISIBLE_REAL
from fibrotrack.services.sharing import create_share, redeem_share
from fibrotrack.storage.models import Account, ImportRun, Person
from fibrotrack.storage.portable import dump_person
from fibrotrack.storage.types import utc_now
from test_interop_undo import LATER_VISIBLE, SMALL_VISIBLE

from .conftest import Site
from .test_data_web import confirm, days_of, finish, log, person_of, upload


def diary(site: Site, person_id: int) -> dict[str, list[dict[str, object]]]:
    with site.database.session() as session:
        return dump_person(session, person_id=person_id)


def share_with_clinician(site: Site, username: str, clinician: str) -> None:
    with site.database.session() as session:
        person = session.get_one(Person, person_of(site, username))
        doctor = session.scalars(select(Account).where(Account.username == clinician)).one()
        _share, code = create_share(session, person=person, label="Dr", now=utc_now())
        redeem_share(session, clinician=doctor, code=code, now=utc_now())


def test_a_past_import_is_undone_after_a_confirmation_page(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    log(site, person_id, date(2025, 4, 23), {"pain": 5})
    first = upload(ana, "april.csv", SMALL_VISIBLE.encode(), "visible")
    confirm(ana, first)
    before = diary(site, person_id)
    before_days = days_of(site, person_id)
    later = upload(ana, "may.csv", LATER_VISIBLE.encode(), "visible")
    confirm(ana, later)
    assert days_of(site, person_id) != before_days

    page = ana.get("/data").text
    assert "may.csv" in page and "Wrote: added 2 values; changed 1 value" in page
    assert f'href="/data/imports/{later}/undo"' in page and "Undo this import" in page

    confirmation = ana.get(f"/data/imports/{later}/undo")
    assert confirmation.status_code == 200
    assert 'id="undo-removes">2 values and 1 tracker<' in confirmation.text
    assert 'id="undo-restores">1 value<' in confirmation.text
    assert 'name="csrf_token"' in confirmation.text
    assert diary(site, person_id) != before  # the page changed nothing

    forged = ana.client.post(f"/data/imports/{later}/undo", data={"csrf_token": "0" * 64})
    assert forged.status_code == 403
    done = ana.post(f"/data/imports/{later}/undo", page=f"/data/imports/{later}/undo")
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"/data/imports/{later}")
    assert diary(site, person_id) == before
    assert days_of(site, person_id) == before_days
    summary = ana.get(f"/data/imports/{later}").text
    assert "This import was undone on" in summary
    assert "removed 2 values and 1 tracker; gave 1 value their earlier value back" in summary

    again = ana.post(f"/data/imports/{later}/undo", page=f"/data/imports/{first}/undo")
    assert again.status_code == 409 and "was already undone on" in again.text
    refused_page = ana.get(f"/data/imports/{later}/undo")
    assert refused_page.status_code == 409 and "Undo this import</button>" not in refused_page.text
    assert "Undone on" in ana.get("/data").text


def test_an_edit_made_after_the_import_is_kept_and_counted(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    first = upload(ana, "april.csv", SMALL_VISIBLE.encode(), "visible")
    confirm(ana, first)
    later = upload(ana, "may.csv", LATER_VISIBLE.encode(), "visible")
    confirm(ana, later)
    redone = upload(ana, "april again.csv", SMALL_VISIBLE.encode(), "visible")
    confirm(ana, redone)  # 23 April's fatigue goes back to 1, after the May import set it to 3
    confirmation = ana.get(f"/data/imports/{later}/undo").text
    assert 'id="undo-kept-changed">1<' in confirmation
    assert "undoing never takes back a later edit" in confirmation
    assert ana.post(f"/data/imports/{later}/undo", page="/data").status_code == 303
    days = {day: values for day, values, _note in days_of(site, person_id)}
    assert days[date(2025, 4, 23)]["visible_fatigue"] == 1
    assert date(2025, 4, 24) not in days
    assert "Kept 1 that changed since the import." in ana.get(f"/data/imports/{later}").text


def test_nobody_else_can_list_or_undo_an_import(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    import_id = upload(ana, "ana-secret-file.csv", SMALL_VISIBLE.encode(), "visible")
    confirm(ana, import_id)
    before = diary(site, person_id)
    bo = site.signed_in("bo")
    site.account("doctor", "clinician")
    share_with_clinician(site, "ana", "doctor")
    doctor = site.browser()
    doctor.sign_in("doctor")
    for intruder in (bo, doctor):
        assert "ana-secret-file" not in intruder.get("/data").text
        page = intruder.get(f"/data/imports/{import_id}/undo")
        assert page.status_code in {303, 404} and "ana-secret-file" not in page.text
        posted = intruder.post(f"/data/imports/{import_id}/undo", page="/login")
        assert posted.status_code in {303, 404}
        headers = {"X-CSRF-Token": intruder.csrf("/login")}
        listed = intruder.get("/api/v1/import")
        assert "ana-secret-file" not in listed.text
        api = intruder.client.post(f"/api/v1/import/{import_id}/undo", headers=headers)
        assert api.status_code in {403, 404}
    assert bo.get("/api/v1/import").json() == []
    assert doctor.get("/api/v1/import").status_code == 403
    assert diary(site, person_id) == before
    with site.database.session() as session:
        assert session.get_one(ImportRun, import_id).status == "done"


def test_the_api_lists_and_undoes_imports(site: Site) -> None:
    ana = site.signed_in("ana")
    person_id = person_of(site, "ana")
    before = diary(site, person_id)
    headers = {"X-CSRF-Token": ana.csrf("/data")}
    with VISIBLE_REAL.open("rb") as real:
        started = ana.client.post(
            "/api/v1/import",
            data={"format": "visible"},
            files={"file": (VISIBLE_REAL.name, real, "text/csv")},
            headers=headers,
        )
    assert started.status_code == 202, started.text
    import_id = started.json()["id"]
    finish(import_id)
    (listed,) = ana.get("/api/v1/import").json()
    assert (listed["id"], listed["status"], listed["undoable"]) == (import_id, "done", True)
    assert listed["file_name"] == VISIBLE_REAL.name and listed["format"] == "visible"

    no_csrf = ana.client.post(f"/api/v1/import/{import_id}/undo")
    assert no_csrf.status_code == 403
    undone = ana.client.post(f"/api/v1/import/{import_id}/undo", headers=headers)
    assert undone.status_code == 200, undone.text
    assert undone.json()["removed"]["observations"] == 11616
    assert undone.json()["kept_changed"] == 0
    assert diary(site, person_id) == before
    again = ana.client.post(f"/api/v1/import/{import_id}/undo", headers=headers)
    assert again.status_code == 409 and "already undone" in again.json()["detail"]
    assert ana.get(f"/api/v1/import/{import_id}").json()["status"] == "undone"
    assert ana.get("/api/v1/import").json()[0]["undoable"] is False
    paths = ana.get("/openapi.json").json()["paths"]
    assert "/api/v1/import/{import_id}/undo" in paths and "get" in paths["/api/v1/import"]
