"""The community on the web and the API, on a real app and database with a synthetic community
of signed-up people: opting in and out, the minimum group size, and no filter on any
aggregate endpoint."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from community_people import MemberPlan, add_member_data
from fibrotrack.community import CommunityRules
from fibrotrack.services.community import opt_in
from fibrotrack.storage.models import Account, CommunityMember, Person

from .conftest import Browser, Site
from .test_web_access import routes_of

FILTERS = {"practice": "tai_chi", "min_group": "1", "person_id": "1", "month": "2026-01"}


def _community(site: Site, n: int, *, opted_in: bool = True) -> list[str]:
    """``n`` people with accounts, a diary, tai chi kept up and two FIQRs; returns usernames."""
    today = datetime.now(UTC).date()
    names = []
    for index in range(n):
        username = f"member-{index}"
        site.account(username, "person", f"Member {index}")
        with site.database.session() as session:
            account = session.scalars(select(Account).where(Account.username == username)).one()
            person = session.get(Person, account.person_id)
            assert person is not None
            add_member_data(session, person=person, index=index, plan=MemberPlan(), today=today)
            if opted_in:
                opt_in(session, person=person, today=today, rules=CommunityRules())
        names.append(username)
    return names


def _signed_in(site: Site, username: str) -> Browser:
    browser = site.browser()
    browser.sign_in(username)
    return browser


@pytest.mark.parametrize(("people", "shown"), [(9, False), (10, True)])
def test_nine_people_show_nothing_and_ten_show_the_summary(
    site: Site, people: int, shown: bool
) -> None:
    names = _community(site, people)
    browser = _signed_in(site, names[0])
    document = browser.get("/api/v1/community/outcomes").json()
    tai_chi = next(item for item in document["practices"] if item["practice"] == "tai_chi")
    assert (tai_chi["kept_up"] is not None) is shown
    assert (tai_chi["fiqr_change"] is not None) is shown
    assert (tai_chi["fm30"] is not None) is shown
    page = browser.get("/community").text
    assert ("FM30 response at the latest visit: about 100% of 10–19 people" in page) is shown
    assert "not evidence that the practice works" in page


def test_opting_in_and_out_on_the_page(site: Site) -> None:
    (name,) = _community(site, 1, opted_in=False)
    browser = _signed_in(site, name)
    assert "You do not share" in browser.get("/community").text
    response = browser.post("/community/optin", page="/community")
    assert response.status_code == 303
    page = browser.client.get(response.headers["location"]).text
    assert "You now share your outcomes" in page
    assert "Tai chi: 12 weeks" in page
    assert browser.get("/api/v1/community/membership").json()["member"] is True
    response = browser.post("/community/optout", page="/community")
    assert response.status_code == 303
    assert "You no longer share" in browser.client.get(response.headers["location"]).text
    with site.database.session() as session:
        assert session.scalars(select(CommunityMember)).all() == []


def test_the_api_opts_in_and_out_with_a_token(site: Site) -> None:
    (name,) = _community(site, 1, opted_in=False)
    browser = _signed_in(site, name)
    token = browser.csrf("/community")
    joined = browser.client.put("/api/v1/community/membership", headers={"X-CSRF-Token": token})
    assert joined.status_code == 200
    assert joined.json()["contribution"]["practices"][0]["practice_id"] == "tai_chi"
    left = browser.client.delete("/api/v1/community/membership", headers={"X-CSRF-Token": token})
    assert left.json() == {"member": False, "removed": True}
    refused = browser.client.put("/api/v1/community/membership")
    assert refused.status_code == 403


def test_no_aggregate_endpoint_accepts_a_filter(site: Site) -> None:
    names = _community(site, 10)
    browser = _signed_in(site, names[0])
    aggregate = sorted(
        path
        for path, method in routes_of(site.app)
        if method == "GET" and "community" in path and "{" not in path
    )
    assert {"/api/v1/community/outcomes", "/api/v1/community/effects", "/community"} <= set(
        aggregate
    )
    for path in aggregate:
        plain = browser.get(path)
        assert plain.status_code == 200, path
        for key, value in FILTERS.items():
            narrowed = browser.get(path, params={key: value})
            assert narrowed.status_code == 422, f"{path}?{key}={value}"
            assert "tai_chi" not in narrowed.text and "median" not in narrowed.text


def test_a_clinician_and_a_stranger_get_no_community_figures(site: Site) -> None:
    _community(site, 10)
    site.account("dr-who", "clinician")
    clinician = _signed_in(site, "dr-who")
    assert clinician.get("/api/v1/community/outcomes").status_code == 403
    assert clinician.get("/community").status_code == 303
    anonymous = site.browser()
    assert anonymous.get("/api/v1/community/outcomes").status_code == 401
    assert anonymous.get("/community").status_code == 303


def test_the_demo_has_a_community_page(site: Site) -> None:
    page = site.browser().get("/demo/community")
    assert page.status_code == 200
    assert "fewer than 10 people" in page.text.lower()
