"""Sharing with a clinician: a code the person can revoke, read-only access, an access log."""

import re
from datetime import date

from .conftest import Browser, Site


def share_code(person: Browser, label: str = "Dr Lee") -> str:
    page = person.post("/settings/shares", {"label": label}, page="/settings")
    match = re.search(r'id="share-code" readonly value="([^"]+)"', page.text)
    assert match
    return match.group(1)


def test_a_clinician_sees_only_people_who_shared_and_every_view_is_logged(site: Site) -> None:
    person = site.signed_in("pat", name="Pat Doe")
    other = site.signed_in("ola", name="Ola Other")
    day = date.today().isoformat()
    person.post("/today", {"date": day, "pain": "7", "note": "stairs were hard"}, page="/today")
    other.post("/today", {"date": day, "pain": "2", "note": "ola's secret"}, page="/today")
    clinician = site.signed_in("dr-lee", "clinician")
    assert "Nobody shares with you yet" in clinician.get("/clinician").text

    code = share_code(person)
    typed = code.lower().replace("-", " ")  # read aloud or typed by hand, it still works
    accepted = clinician.post("/clinician/accept", {"code": typed}, page="/clinician")
    assert accepted.status_code == 303
    home = clinician.get("/clinician").text
    assert "Pat Doe" in home and "Ola Other" not in home
    person_id = re.search(r"/clinician/people/(\d+)", home).group(1)  # type: ignore[union-attr]

    view = clinician.get(f"/clinician/people/{person_id}", params={"period": "30"})
    assert view.status_code == 200
    assert "stairs were hard" in view.text and "ola's secret" not in view.text
    assert 'method="post"' not in view.text.split("<main", 1)[1].split("</main>")[0]
    log = person.get("/settings").text
    assert "dr-lee" in log.split('id="access-log"')[1]
    assert "Overview" in log


def test_a_code_works_once_and_only_for_a_clinician(site: Site) -> None:
    person = site.signed_in("pat")
    code = share_code(person)
    other_person = site.signed_in("ola")
    assert other_person.post("/clinician/accept", {"code": code}).status_code == 403
    first = site.signed_in("dr-lee", "clinician")
    second = site.signed_in("dr-roe", "clinician")
    assert first.post("/clinician/accept", {"code": code}, page="/clinician").status_code == 303
    again = second.post("/clinician/accept", {"code": code}, page="/clinician")
    assert again.status_code == 422
    assert "already used" in again.text
    assert "Nobody shares with you yet" in second.get("/clinician").text


def test_revoking_a_share_ends_access_at_once(site: Site) -> None:
    person = site.signed_in("pat", name="Pat Doe")
    clinician = site.signed_in("dr-lee", "clinician")
    clinician.post("/clinician/accept", {"code": share_code(person)}, page="/clinician")
    home = clinician.get("/clinician").text
    url = re.search(r'href="(/clinician/people/\d+)"', home).group(1)  # type: ignore[union-attr]
    assert clinician.get(url).status_code == 200

    settings = person.get("/settings").text
    revoke = re.search(r'action="(/settings/shares/\d+/revoke)"', settings).group(1)  # type: ignore[union-attr]
    assert person.post(revoke, page="/settings").status_code == 303
    assert clinician.get(url).status_code == 404
    assert "Pat Doe" not in clinician.get("/clinician").text


def test_a_share_link_fills_in_the_code_and_accepting_needs_a_deliberate_post(site: Site) -> None:
    person = site.signed_in("pat", name="Pat Doe")
    page = person.post("/settings/shares", {"label": ""}, page="/settings")
    link = re.search(r'id="share-link" readonly value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    clinician = site.signed_in("dr-lee", "clinician")
    opened = clinician.get(link.replace("http://testserver", ""))
    assert opened.status_code == 200
    assert "Nobody shares with you yet" in opened.text  # opening the link grants nothing
    code = link.split("code=")[1]
    assert f'value="{code}"' in opened.text
