"""The program pages through the real web app: one-tap logging, the guided breathing session
(with and without JavaScript) and red flags."""

import re
from collections.abc import Iterator
from html import unescape

import httpx
import pytest
from sqlalchemy import select

from fibrotrack.storage import open_database
from fibrotrack.storage.models import PracticeLog, RedFlagReport

PASSWORD = "correct horse battery"


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture
def browser_client(live_server) -> Iterator[httpx.Client]:
    """A signed-in client: the owner account created through the setup page."""
    with httpx.Client(base_url=live_server.url, follow_redirects=False) as client:
        page = client.get("/setup")
        response = client.post(
            "/setup",
            data={
                "csrf_token": csrf_of(page.text),
                "username": "alex",
                "password": PASSWORD,
                "name": "Alex",
                "timezone": "UTC",
            },
        )
        assert response.status_code == 303
        yield client


def logs(live_server) -> list[PracticeLog]:
    database = open_database(live_server.settings.resolved_database_url)
    with database.session() as session:
        rows = list(session.scalars(select(PracticeLog).order_by(PracticeLog.id)))
    database.dispose()
    return rows


def test_the_breathing_page_keeps_to_the_strict_policy(browser_client: httpx.Client) -> None:
    response = browser_client.get("/program/breathing")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script"
    assert " style=" not in page and "<style" not in page, "no inline style"
    assert 'src="/static/breathing.js"' in page
    assert 'data-inhale="4.000" data-exhale="6.000"' in page
    assert 'data-breaths="30"' in page
    assert "does not replace, care by a clinician" in page
    script = browser_client.get("/static/breathing.js")
    assert script.status_code == 200
    assert "prefers-reduced-motion" in script.text


def test_without_javascript_the_text_pacer_runs_and_the_session_is_logged(
    browser_client: httpx.Client, live_server
) -> None:
    page = browser_client.get("/program/breathing", params={"minutes": "1", "ratio": "1:1"}).text
    url = unescape(re.search(r'id="pacer-start" href="([^"]+)"', page).group(1))
    seen = []
    while True:
        step = browser_client.get(url)
        assert step.status_code == 200
        refresh = re.search(r'http-equiv="refresh" content="(\d+);url=([^"]+)"', step.text)
        if refresh is None:
            break
        phase = re.search(r'class="pacer-phase">([^<]+)<', step.text).group(1)
        seen.append((phase, int(refresh.group(1))))
        url = unescape(refresh.group(2))
    # 6 breaths a minute, 1:1, one minute: 6 × (5 s in, 5 s out).
    assert seen == [("Breathe in", 5), ("Breathe out", 5)] * 6
    assert "Session finished" in step.text
    assert logs(live_server) == []

    posted = browser_client.post(
        "/program/breathing",
        data={"csrf_token": csrf_of(step.text), "bpm": "6", "ratio": "1:1", "minutes": "1"},
    )
    assert posted.status_code == 303
    assert "logged=1" in posted.headers["location"]
    (log,) = logs(live_server)
    assert (log.practice_id, log.minutes, log.source) == ("slow_breathing", 1.0, "fibrotrack")
    assert "6 breaths a minute" in (log.note or "")


def test_a_log_without_the_security_token_is_refused_and_writes_nothing(
    browser_client: httpx.Client, live_server
) -> None:
    posted = browser_client.post("/program/breathing", data={"bpm": "6", "minutes": "5"})
    assert posted.status_code == 403
    assert logs(live_server) == []


def test_a_pace_out_of_range_is_shown_beside_its_field(browser_client: httpx.Client) -> None:
    response = browser_client.get("/program/breathing", params={"bpm": "30"})
    assert response.status_code == 422
    assert "Breaths a minute" in response.text  # the field by its label
    assert 'id="bpm" name="bpm" inputmode="decimal" value="30" aria-invalid="true"' in response.text


def test_one_tap_logs_a_session_of_a_practice(browser_client: httpx.Client, live_server) -> None:
    page = browser_client.get("/program").text
    assert "Your plan is empty" in page
    posted = browser_client.post(
        "/program/log",
        data={"csrf_token": csrf_of(page), "practice_id": "walking", "minutes": "15"},
    )
    assert posted.status_code == 303
    shown = browser_client.get(posted.headers["location"]).text
    assert "Logged a session of Walking for today." in shown
    (log,) = logs(live_server)
    assert (log.practice_id, log.minutes) == ("walking", 15.0)

    bad = browser_client.post(
        "/program/log",
        data={"csrf_token": csrf_of(page), "practice_id": "walking", "minutes": "-5"},
    )
    assert bad.status_code == 422
    assert "must be more than 0" in bad.text
    assert len(logs(live_server)) == 1


@pytest.mark.parametrize("page_name", ["/program", "/today"])
def test_a_session_logged_by_mistake_is_undone_at_once_or_deleted_after_asking(
    browser_client: httpx.Client, live_server, page_name: str
) -> None:
    page = browser_client.get("/program").text
    for _ in range(2):  # a double tap
        posted = browser_client.post(
            "/program/log",
            data={
                "csrf_token": csrf_of(page),
                "practice_id": "walking",
                "minutes": "15",
                "return_to": page_name.strip("/"),
            },
        )
    if page_name == "/today":  # opened where the status and its Undo are, not at the top
        assert posted.headers["location"].endswith("#program-today-heading")
    shown = browser_client.get(posted.headers["location"]).text
    first, second = logs(live_server)
    undo = re.search(r'action="(/program/sessions/(\d+)/delete)"[^>]*class="undo-form"', shown)
    assert undo and int(undo.group(2)) == second.id
    assert 'name="practice_id" value="walking"' in shown
    undo_form = {"csrf_token": csrf_of(shown), "confirm": "delete", "return_to": page_name[1:]}
    # An Undo for another practice (a page left open while the id came to name another
    # session) deletes nothing.
    stale = browser_client.post(undo.group(1), data={**undo_form, "practice_id": "yoga"})
    assert stale.status_code == 422 and "already gone; nothing was deleted" in stale.text
    assert len(logs(live_server)) == 2
    undone = browser_client.post(undo.group(1), data={**undo_form, "practice_id": "walking"})
    assert undone.headers["location"].startswith(page_name)
    assert (
        "Took back the session of Walking." in browser_client.get(undone.headers["location"]).text
    )
    assert [log.id for log in logs(live_server)] == [first.id]

    listed = browser_client.get("/program/sessions").text
    assert "<strong>Walking</strong> on" in listed and ", 15 min" in listed
    asked = browser_client.post(
        f"/program/sessions/{first.id}/delete", data={"csrf_token": csrf_of(listed)}
    )
    assert "Delete this session?" in asked.text
    assert len(logs(live_server)) == 1
    deleted = browser_client.post(
        f"/program/sessions/{first.id}/delete",
        data={"csrf_token": csrf_of(listed), "confirm": "delete"},
    )
    assert deleted.headers["location"].startswith("/program/sessions")
    assert logs(live_server) == []
    again = browser_client.post(
        f"/program/sessions/{first.id}/delete",
        data={"csrf_token": csrf_of(listed), "confirm": "delete"},
    )
    assert again.status_code == 422 and "no logged session" in again.text


def test_marking_a_red_flag_says_plainly_to_seek_care(
    browser_client: httpx.Client, live_server
) -> None:
    page = browser_client.get("/program/red-flags").text
    assert "Swollen, hot or red joints" in page
    posted = browser_client.post(
        "/program/red-flags", data={"csrf_token": csrf_of(page), "flag_id": "joint_swelling"}
    )
    assert posted.status_code == 303
    shown = browser_client.get(posted.headers["location"]).text
    assert "Please seek care" in shown
    assert "Book an appointment with your doctor" in shown
    assert "You marked" in shown
    unknown = browser_client.post(
        "/program/red-flags", data={"csrf_token": csrf_of(page), "flag_id": "hiccups"}
    )
    assert unknown.status_code == 422
    assert "unknown red flag" in unknown.text
    database = open_database(live_server.settings.resolved_database_url)
    with database.session() as session:
        flags = [report.flag_id for report in session.scalars(select(RedFlagReport))]
    database.dispose()
    assert flags == ["joint_swelling"]


@pytest.mark.browser
@pytest.mark.parametrize("reduced_motion", ["no-preference", "reduce"])
def test_the_javascript_pacer_runs_and_logs_itself_when_finished(
    live_server, reduced_motion: str
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(reduced_motion=reduced_motion)
        page = context.new_page()
        page.clock.install()
        page.goto(f"{live_server.url}/setup")
        page.fill("#username", "alex")
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url("**/today")
        page.goto(f"{live_server.url}/program/breathing?minutes=1")
        assert page.locator(".pacer-nojs").is_hidden()
        page.click("#pacer-start")
        page.clock.run_for(1000)
        assert page.locator(".pacer-phase").inner_text() == "Breathe in"
        circle = page.locator(".pacer-circle")
        if reduced_motion == "reduce":
            assert circle.is_hidden()
        else:
            assert circle.is_visible()
            assert "inhale" in (circle.get_attribute("class") or "")
        page.clock.run_for(4500)
        assert page.locator(".pacer-phase").inner_text() == "Breathe out"
        assert "breath 1 of 6" in page.locator(".pacer-count").inner_text()
        with page.expect_navigation():
            page.clock.run_for(60_000)
        assert "logged=1" in page.url
        assert "Session logged" in page.content()
        browser.close()
    (log,) = logs(live_server)
    assert (log.practice_id, log.minutes) == ("slow_breathing", 1.0)
