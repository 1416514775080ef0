"""Flares on the web and in /api/v1/flares: a person confirms or denies the flare found in their
pain and fatigue and logs one of their own; bad dates name the field and write nothing; Trends
and Status follow their word; a clinician sees the list read-only, and nobody else can change
it."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.storage.models import Account, FlareConfirmation, Person

from .conftest import Browser, Site
from .test_web_api import new_token
from .test_web_sharing import share_code

TODAY = datetime.now(UTC).date()
FLARE = range(14, 7, -1)  # 14 to 8 days ago: pain and fatigue 8 on a usual level of 2 to 4


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def flaring_person(site: Site, username: str) -> tuple[Browser, int]:
    """A person with 120 days of ratings and one flare, found from 14 to 8 days ago."""
    browser = site.signed_in(username, "person", username.title())
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        person = session.get(Person, account.person_id)
        assert person is not None
        for days in range(120, -1, -1):
            level = 8.0 if days in FLARE else 2.0 + days % 3
            change = CheckIn(day=ago(days), values={"pain": level, "fatigue": level})
            check_in(session, person=person, change=change, today=TODAY)
        return browser, person.id


def reviews(site: Site, person_id: int) -> list[tuple[date, date | None, bool, str]]:
    with site.database.session() as session:
        rows = session.scalars(
            select(FlareConfirmation)
            .where(FlareConfirmation.person_id == person_id)
            .order_by(FlareConfirmation.start_day)
        )
        return [(row.start_day, row.end_day, row.confirmed, row.source) for row in rows]


def flare_list(page: str) -> str:
    return page.split('id="flare-list"')[1].split("</ul>")[0]


def test_confirm_then_deny_the_flare_found_and_trends_follow(site: Site) -> None:
    browser, person_id = flaring_person(site, "pat")
    status = browser.get("/status").text
    assert '<a href="/status/flares">Your flares</a>' in status
    assert "(1 not reviewed yet)" in status
    page = browser.get("/status/flares")
    assert page.status_code == 200
    listed = flare_list(page.text)
    start = ago(14)
    assert f"{start:%-d %b %Y} to {ago(8):%-d %b %Y}</strong> (7 days)" in listed
    assert "peak 8 on" in listed and "Your word: <strong>not reviewed</strong>" in listed
    assert f'action="/status/flares/{start.isoformat()}/confirm"' in listed
    assert f'action="/status/flares/{start.isoformat()}/deny"' in listed

    confirmed = browser.post(f"/status/flares/{start.isoformat()}/confirm", page="/status/flares")
    assert confirmed.status_code == 303
    shown = browser.get(confirmed.headers["location"]).text
    assert f"Saved: the flare from {start.isoformat()} to {ago(8).isoformat()} is confirmed." in (
        shown
    )
    assert "Your word: <strong>confirmed</strong>" in flare_list(shown)
    assert "/confirm" not in flare_list(shown)  # only "Not a flare" is left to press
    assert reviews(site, person_id) == [(start, ago(8), True, "detected")]
    trends = browser.get("/trends", params={"period": "30"}).text
    assert '<g class="flares"><rect class="confirmed"' in trends
    assert "<td>confirmed by you</td>" in trends

    denied = browser.post(f"/status/flares/{start.isoformat()}/deny", page="/status/flares")
    shown = browser.get(denied.headers["location"]).text
    assert f"Saved: {start.isoformat()} to {ago(8).isoformat()} is marked as not a flare." in shown
    assert "Your word: <strong>not a flare</strong>" in flare_list(shown)
    assert reviews(site, person_id) == [(start, ago(8), False, "detected")]
    trends = browser.get("/trends", params={"period": "30"}).text
    assert '<g class="flares"><rect class="denied"' in trends
    assert "<td>you said it was not a flare</td>" in trends
    status = browser.get("/status").text
    assert "Flare of 7 days" not in status and "not reviewed yet" not in status


def test_log_a_flare_of_your_own_and_take_it_back(site: Site) -> None:
    browser, person_id = flaring_person(site, "pat")
    logged = browser.post(
        "/status/flares",
        {"start": ago(40).isoformat(), "end": ago(37).isoformat()},
        page="/status/flares",
    )
    assert logged.status_code == 303
    shown = browser.get(logged.headers["location"]).text
    assert f"Saved: your flare from {ago(40).isoformat()} to {ago(37).isoformat()} is logged." in (
        shown
    )
    assert f"{ago(40):%-d %b %Y} to {ago(37):%-d %b %Y}</strong> (4 days)" in flare_list(shown)
    assert "Logged by you." in flare_list(shown)
    one_day = browser.post("/status/flares", {"start": ago(60).isoformat()}, page="/status/flares")
    assert one_day.status_code == 303
    assert "Flare of 4 days" in browser.get("/status").text
    # Taking a logged flare back keeps its days; confirming it again restores it.
    browser.post(f"/status/flares/{ago(40).isoformat()}/deny", page="/status/flares")
    browser.post(f"/status/flares/{ago(40).isoformat()}/confirm", page="/status/flares")
    assert reviews(site, person_id) == [
        (ago(60), ago(60), True, "person"),
        (ago(40), ago(37), True, "person"),
    ]


def test_bad_dates_name_the_field_and_write_nothing(site: Site) -> None:
    browser, person_id = flaring_person(site, "pat")
    cases = [
        ({"start": ago(3).isoformat(), "end": ago(5).isoformat()}, "end", "is before the first"),
        ({"start": (TODAY + timedelta(days=1)).isoformat()}, "start", "is in the future"),
        (
            {"start": ago(3).isoformat(), "end": (TODAY + timedelta(days=2)).isoformat()},
            "end",
            "is in the future",
        ),
        ({"start": "2026-02-30"}, "start", "is not a real date"),
        ({"start": "0001-01-01", "end": "0001-01-05"}, "start", "is before 1900: check the year"),
        ({"start": "yesterday"}, "start", "is not a real date"),
        ({"start": ""}, "start", "enter a date"),
        ({"start": ago(3).isoformat(), "end": "03/04/2026"}, "end", "is not a real date"),
    ]
    for form, field, words in cases:
        answer = browser.post("/status/flares", form, page="/status/flares")
        assert answer.status_code == 422, form
        error = answer.text.split('id="error"')[1].split("</div>")[0]
        label = {"start": "First day", "end": "Last day"}[field]
        assert f'<span class="field">{label}</span>: ' in error and words in error, error
        assert f'name="{field}"' in answer.text.split(f'id="flare-{field}"')[1].split(">")[0]
        assert 'aria-invalid="true"' in answer.text.split(f'id="flare-{field}"')[1].split(">")[0]
    denied = browser.post(f"/status/flares/{ago(30).isoformat()}/deny", page="/status/flares")
    assert denied.status_code == 422
    assert f"no detected flare starts on {ago(30).isoformat()}" in denied.text
    assert browser.post("/status/flares/not-a-date/confirm").status_code == 422
    assert reviews(site, person_id) == []


def test_a_clinician_sees_the_flares_read_only_and_nobody_else_can_change_them(
    site: Site,
) -> None:
    browser, person_id = flaring_person(site, "pat")
    start = ago(14).isoformat()
    browser.post(f"/status/flares/{start}/confirm", page="/status/flares")
    clinician = site.signed_in("dr-lee", "clinician")
    clinician.post("/clinician/accept", {"code": share_code(browser)}, page="/clinician")
    view = clinician.get(f"/clinician/people/{person_id}").text
    main = view.split("<main", 1)[1].split("</main>")[0]
    assert "Their word: <strong>confirmed</strong>" in flare_list(main)
    assert 'method="post"' not in main.split('id="flare-list"')[1]

    before = reviews(site, person_id)
    for path, form in (
        (f"/status/flares/{start}/deny", {}),
        ("/status/flares", {"start": ago(50).isoformat(), "end": ago(49).isoformat()}),
    ):
        answer = clinician.post(path, form, page="/clinician")
        assert answer.status_code == 303  # keeps no diary: sent back to the clinician's home
        assert answer.headers["location"] == "/clinician"
    assert clinician.get("/status/flares").headers["location"] == "/clinician"
    assert reviews(site, person_id) == before

    # Another person only ever acts on their own diary, where no flare starts on that day.
    other = site.signed_in("ola")
    other_id = site_person_id(site, "ola")
    assert other.post(f"/status/flares/{start}/deny", page="/status/flares").status_code == 422
    auth = {"Authorization": f"Bearer {new_token(other)}"}
    assert other.client.post(f"/api/v1/flares/{start}/deny", headers=auth).status_code == 422
    logged = other.post("/status/flares", {"start": ago(50).isoformat()}, page="/status/flares")
    assert logged.status_code == 303
    assert reviews(site, other_id) == [(ago(50), ago(50), True, "person")]
    assert reviews(site, person_id) == before


def site_person_id(site: Site, username: str) -> int:
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        assert account.person_id is not None
        return account.person_id


def test_the_flares_api(site: Site) -> None:
    browser, person_id = flaring_person(site, "pat")
    anonymous = site.browser().client
    start = ago(14).isoformat()
    assert anonymous.get("/api/v1/flares").status_code == 401
    assert anonymous.post(f"/api/v1/flares/{start}/confirm").status_code == 401
    assert anonymous.post("/api/v1/flares", json={"start": start}).status_code == 401
    auth = {"Authorization": f"Bearer {new_token(browser)}"}
    api = site.browser().client
    (found,) = api.get("/api/v1/flares", headers=auth).json()["flares"]
    assert found == {
        "start": start,
        "end": ago(8).isoformat(),
        "days": 7,
        "peak_day": found["peak_day"],
        "peak": 8.0,
        "severity": found["severity"],
        "detected": True,
        "logged": False,
        "confirmed": None,
    }
    assert found["severity"] > 3
    denied = api.post(f"/api/v1/flares/{start}/deny", headers=auth)
    assert denied.status_code == 200 and denied.json()["confirmed"] is False
    logged = api.post(
        "/api/v1/flares",
        json={"start": ago(40).isoformat(), "end": ago(38).isoformat()},
        headers=auth,
    )
    assert logged.status_code == 201
    assert logged.json() == {
        "start": ago(40).isoformat(),
        "end": ago(38).isoformat(),
        "days": 3,
        "peak_day": None,
        "peak": None,
        "severity": None,
        "detected": False,
        "logged": True,
        "confirmed": True,
    }
    backwards = api.post(
        "/api/v1/flares",
        json={"start": ago(3).isoformat(), "end": ago(4).isoformat()},
        headers=auth,
    )
    assert backwards.status_code == 422
    assert backwards.json()["detail"][0]["field"] == "end"
    bad = api.post("/api/v1/flares", json={"start": "2026-02-30"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "start"
    assert api.post("/api/v1/flares/2026-13-01/confirm", headers=auth).status_code == 422
    # The browser's cookie alone is not enough to write: the CSRF header is needed.
    assert browser.client.post(f"/api/v1/flares/{start}/confirm").status_code == 403
    assert reviews(site, person_id) == [
        (ago(40), ago(38), True, "person"),
        (ago(14), ago(8), False, "detected"),
    ]


def test_a_flare_you_log_over_the_one_found_is_shown_once(site: Site) -> None:
    # The ratings show a flare from 14 to 8 days ago; the person logs theirs from 16 to 10 days
    # ago. One flare: their days, extended to the last day found, with the peak found.
    browser, person_id = flaring_person(site, "pat")
    logged = browser.post(
        "/status/flares",
        {"start": ago(16).isoformat(), "end": ago(10).isoformat()},
        page="/status/flares",
    )
    assert logged.status_code == 303
    listed = flare_list(browser.get("/status/flares").text)
    assert listed.count("<li>") == 1
    assert f"{ago(16):%-d %b %Y} to {ago(8):%-d %b %Y}</strong> (9 days)" in listed
    assert "Logged by you, and found in the pain and fatigue ratings too: peak 8 on" in listed
    assert "Your word: <strong>confirmed</strong>" in listed
    assert "(1 not reviewed yet)" not in browser.get("/status").text

    auth = {"Authorization": f"Bearer {new_token(browser)}"}
    flares = site.browser().client.get("/api/v1/flares", headers=auth).json()["flares"]
    assert [(f["start"], f["end"], f["detected"], f["logged"]) for f in flares] == [
        (ago(16).isoformat(), ago(8).isoformat(), True, True)
    ]

    # Saying the found flare was not one separates them again; nothing else is written.
    browser.post(f"/status/flares/{ago(14).isoformat()}/deny", page="/status/flares")
    listed = flare_list(browser.get("/status/flares").text)
    assert listed.count("<li>") == 2
    assert reviews(site, person_id) == [
        (ago(16), ago(10), True, "person"),
        (ago(14), ago(8), False, "detected"),
    ]


def test_a_flare_you_log_inside_the_one_found_keeps_its_first_days_and_peak(site: Site) -> None:
    # Found from 14 to 8 days ago; logged from 12 to 10 days ago. The one flare runs from 14 to
    # 8 days ago, so the peak it shows lies within it.
    browser, _ = flaring_person(site, "pat")
    logged = browser.post(
        "/status/flares",
        {"start": ago(12).isoformat(), "end": ago(10).isoformat()},
        page="/status/flares",
    )
    saved = browser.get(logged.headers["location"]).text
    assert f"your flare from {ago(14).isoformat()} to {ago(8).isoformat()} is logged" in saved
    listed = flare_list(browser.get("/status/flares").text)
    assert listed.count("<li>") == 1
    assert f"{ago(14):%-d %b %Y} to {ago(8):%-d %b %Y}</strong> (7 days)" in listed
    auth = {"Authorization": f"Bearer {new_token(browser)}"}
    (flare,) = site.browser().client.get("/api/v1/flares", headers=auth).json()["flares"]
    assert flare["start"] <= flare["peak_day"] <= flare["end"]
    assert (flare["detected"], flare["logged"], flare["confirmed"]) == (True, True, True)
