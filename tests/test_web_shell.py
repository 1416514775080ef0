"""The web shell through a real server: first run, sign in, the check-in form, bad input."""

import re
from datetime import date, timedelta

import httpx
import pytest

from fibrotrack.storage import open_database
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import Person


def csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def browser(live_server) -> httpx.Client:
    with httpx.Client(base_url=live_server.url, follow_redirects=True, timeout=30) as client:
        yield client


def sign_up(browser: httpx.Client, timezone: str = "UTC") -> httpx.Response:
    page = browser.get("/")
    return browser.post(
        "/setup",
        data={
            "csrf_token": csrf(page.text),
            "username": "sam",
            "password": "correct horse battery",
            "name": "Sam",
            "timezone": timezone,
        },
    )


def stored_days(live_server) -> list:
    database = open_database(live_server.settings.resolved_database_url)
    with database.session() as session:
        person = session.query(Person).one()
        entries = day_entries(session, person_id=person.id)
    database.dispose()
    return entries


def test_first_page_offers_the_owner_account_and_the_demo(browser) -> None:
    page = browser.get("/")
    assert page.url.path == "/setup"
    assert "Create your account" in page.text
    assert 'href="/demo/"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_setup_signs_the_owner_in_and_only_once(browser) -> None:
    page = sign_up(browser)
    assert page.url.path == "/today"
    assert "How is today?" in page.text
    again = browser.get("/setup")
    assert again.url.path == "/today"


def test_short_password_is_refused_naming_the_field(browser) -> None:
    page = browser.get("/")
    response = browser.post(
        "/setup",
        data={
            "csrf_token": csrf(page.text),
            "username": "sam",
            "password": "short",
            "timezone": "UTC",
        },
    )
    assert response.status_code == 422
    assert "password" in response.text
    assert browser.get("/").url.path == "/setup"


def test_forms_without_the_csrf_token_are_rejected(browser) -> None:
    browser.get("/")
    response = browser.post("/setup", data={"username": "x", "password": "long enough pass"})
    assert response.status_code == 403
    assert browser.get("/").url.path == "/setup"


def test_checkin_form_round_trip(browser, live_server) -> None:
    page = sign_up(browser)
    saved = browser.post(
        "/today",
        data={
            "csrf_token": csrf(page.text),
            "date": date.today().isoformat(),
            "pain": "6",
            "fatigue": "7",
            "mood": "",
            "steps": "4 000".replace(" ", ""),
            "new_tags": "food:gluten, bright light",
            "note": "rough night",
        },
    )
    assert saved.status_code == 200
    assert "Saved." in saved.text
    (entry,) = stored_days(live_server)
    assert dict(entry.values) == {"pain": 6, "fatigue": 7, "steps": 4000}
    assert entry.tags == {"gluten", "bright_light"}
    assert entry.note == "rough night"
    assert 'value="6" checked' in saved.text  # the form shows what is stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain", "11"),
        ("steps", "many"),
        ("sleep_hours", "30"),
        ("date", "2026-02-30"),
        ("date", (date.today() + timedelta(days=2)).isoformat()),
    ],
)
def test_bad_input_is_422_naming_the_field_and_nothing_is_written(
    browser, live_server, field, value
) -> None:
    page = sign_up(browser)
    data = {"csrf_token": csrf(page.text), "pain": "5", "date": date.today().isoformat()}
    data[field] = value
    response = browser.post("/today", data=data)
    assert response.status_code == 422
    label = {"pain": "Pain", "steps": "Steps", "sleep_hours": "Sleep"}.get(field, field)
    assert f'<span class="field">{label}</span>' in response.text
    assert stored_days(live_server) == []


def test_same_as_yesterday_and_history_show_missing_days(browser, live_server) -> None:
    page = sign_up(browser)
    token = csrf(page.text)
    yesterday = date.today() - timedelta(days=1)
    browser.post("/today", data={"csrf_token": token, "date": yesterday.isoformat(), "pain": "4"})
    copied = browser.post(
        "/today/same", data={"csrf_token": token, "date": date.today().isoformat()}
    )
    assert "Saved." in copied.text
    assert [dict(e.values) for e in stored_days(live_server)] == [{"pain": 4}, {"pain": 4}]
    history = browser.get("/history")
    assert "2 of 28 days logged" in history.text
    assert history.text.count('class="missing-label"') == 26


def test_api_refuses_bad_days_with_the_field(browser, live_server) -> None:
    page = sign_up(browser)
    token = csrf(page.text)
    day = date.today().isoformat()
    bad = browser.put(
        f"/api/v1/days/{day}", json={"values": {"pain": 12}}, headers={"X-CSRF-Token": token}
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "pain"
    unknown = browser.put(
        f"/api/v1/days/{day}", json={"values": {"wellbeing": 3}}, headers={"X-CSRF-Token": token}
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["field"] == "wellbeing"
    assert stored_days(live_server) == []
    good = browser.put(
        f"/api/v1/days/{day}",
        json={"values": {"pain": 3}, "tags": ["coffee"]},
        headers={"X-CSRF-Token": token},
    )
    assert good.status_code == 200
    assert browser.get("/api/v1/days").json() == {
        "days": [{"date": day, "values": {"pain": 3}, "tags": ["coffee"], "note": None}]
    }


def test_api_needs_sign_in(live_server) -> None:
    response = httpx.get(f"{live_server.url}/api/v1/days")
    assert response.status_code == 401


def test_demo_is_a_separate_database(browser, live_server) -> None:
    sign_up(browser)
    demo = browser.get("/demo/history")
    assert demo.status_code == 200
    assert "Demo: a made-up person" in demo.text
    assert "days logged" in demo.text
    assert stored_days(live_server) == []
    assert (live_server.settings.data_dir / "demo.sqlite").exists()


def test_demo_pages_link_within_the_demo(browser) -> None:
    page = browser.get("/demo/today")
    links = re.findall(r'(?:href|action)="(/[^"]*)"', page.text)
    assert links, "the demo page has no links"
    assert all(link.startswith("/demo/") for link in links), links
