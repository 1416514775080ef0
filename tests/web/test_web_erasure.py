"""Deleting my data: after it, nothing of the person is left in any table."""

from datetime import date

from sqlalchemy import select

from fibrotrack.storage.models import Account, Base

from .conftest import PASSWORD, Site


def everything(site: Site) -> str:
    """Every row of every table, as text."""
    with site.database.session() as session:
        return "\n".join(
            repr(dict(row))
            for table in Base.metadata.sorted_tables
            for row in session.execute(select(table)).mappings()
        )


def test_deleting_my_data_leaves_nothing_of_me_in_any_table(site: Site) -> None:
    site.account("owner", "admin")
    pat = site.signed_in("pat-unique-name", name="Pat Unique")
    clinician = site.signed_in("dr-lee", "clinician")
    day = date.today().isoformat()
    pat.post(
        "/today",
        {"date": day, "pain": "6", "new_tags": "tagunique", "note": "note-unique-text"},
        page="/today",
    )
    pat.post("/body-map", {"date": day, "area": ["neck"]}, page="/today")
    pat.post("/settings/tokens", {"name": "script-unique"}, page="/settings")
    pat.post("/settings/calendar", page="/settings")
    pat.post("/login", {"username": "pat-unique-name", "password": "wrong"})
    share = pat.post("/settings/shares", {"label": "label-unique"}, page="/settings")
    code = share.text.split('id="share-code" readonly value="')[1].split('"')[0]
    clinician.post("/clinician/accept", {"code": code}, page="/clinician")
    person_id = clinician.get("/clinician").text.split("/clinician/people/")[1].split('"')[0]
    clinician.get(f"/clinician/people/{person_id}")
    before = everything(site)
    for text in ("pat-unique-name", "Pat Unique", "tagunique", "note-unique-text", "label-unique"):
        assert text in before

    refused = pat.post("/data/delete", {"confirm": "delete", "password": PASSWORD}, page="/data")
    assert refused.status_code == 422
    wrong = pat.post(
        "/data/delete", {"confirm": "delete everything", "password": "nope"}, page="/data"
    )
    assert wrong.status_code == 422
    assert "pat-unique-name" in everything(site)

    deleted = pat.post(
        "/data/delete", {"confirm": "delete everything", "password": PASSWORD}, page="/data"
    )
    assert deleted.status_code == 303
    after = everything(site)
    for text in ("pat-unique-name", "Pat Unique", "tagunique", "note-unique-text", "label-unique"):
        assert text not in after
    with site.database.session() as session:
        for table in Base.metadata.sorted_tables:
            if "person_id" in table.c:
                rows = session.execute(
                    select(table).where(table.c.person_id == int(person_id))
                ).all()
                assert rows == [], table.name
        assert sorted(session.scalars(select(Account.username))) == ["dr-lee", "owner"]
        attempts = session.execute(select(Base.metadata.tables["login_attempts"])).all()
        assert attempts == [] or all("pat" not in repr(row) for row in attempts)
    assert pat.get("/today").headers["location"] == "/login"
    assert clinician.get(f"/clinician/people/{person_id}").status_code == 404


def test_a_clinician_deleting_their_account_leaves_the_persons_access_log(site: Site) -> None:
    pat = site.signed_in("pat")
    clinician = site.signed_in("dr-lee", "clinician")
    share = pat.post("/settings/shares", {"label": ""}, page="/settings")
    code = share.text.split('id="share-code" readonly value="')[1].split('"')[0]
    clinician.post("/clinician/accept", {"code": code}, page="/clinician")
    person_id = clinician.get("/clinician").text.split("/clinician/people/")[1].split('"')[0]
    clinician.get(f"/clinician/people/{person_id}")
    gone = clinician.post(
        "/data/delete", {"confirm": "delete everything", "password": PASSWORD}, page="/data"
    )
    assert gone.status_code == 303
    settings = pat.get("/settings").text
    assert "dr-lee" in settings.split('id="access-log"')[1]  # the person's record stays
    assert "Shared with <strong>dr-lee" not in settings
