"""Forms in a real Chromium: a double click saves once, an error sends focus to the error box,
and a check-in sent after the session ended brings the person back to that day."""

import time
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from conftest import LiveServer
from fibrotrack.storage import open_database
from fibrotrack.storage.models.body import LabResultEntry
from fibrotrack.storage.models.questionnaires import QuestionnaireResponse
from fibrotrack.web import deps
from fibrotrack.web.security import verify_csrf

from .conftest import PASSWORD, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]

DOUBLE_CLICK_GAP_MS = 100  # between pressing and releasing: a second click 0.2 s after the first


def rows_of(live_server: LiveServer, model: type) -> int:
    database = open_database(live_server.settings.resolved_database_url)
    with database.session() as session:
        count = session.scalar(select(func.count()).select_from(model)) or 0
    database.dispose()
    return count


def signed_up(chromium: Browser, live_server: LiveServer) -> Page:
    page = chromium.new_context().new_page()
    sign_up(page, live_server.url)
    return page


@pytest.fixture
def slow_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every form sent takes the server half a second, as on a slow phone connection, so a
    second click comes while the first is still on its way."""

    def slowly_verified(request: object, submitted: str | None) -> None:
        time.sleep(0.5)
        verify_csrf(request, submitted)  # type: ignore[arg-type]

    monkeypatch.setattr(deps, "verify_csrf", slowly_verified)


@pytest.mark.usefixtures("slow_forms")
def test_a_double_click_on_a_lab_form_saves_one_result(
    chromium: Browser, live_server: LiveServer
) -> None:
    page = signed_up(chromium, live_server)
    page.goto(f"{live_server.url}/program/body/labs")
    page.fill("#lab-value", "2")
    page.fill("#lab-unit", "mIU/L")
    page.locator("button:has-text('Save the result')").dblclick(delay=DOUBLE_CLICK_GAP_MS)
    expect(page.locator("#status")).to_have_text("Saved the result.")
    assert rows_of(live_server, LabResultEntry) == 1


@pytest.mark.usefixtures("slow_forms")
def test_a_double_click_on_a_questionnaire_saves_one_response(
    chromium: Browser, live_server: LiveServer
) -> None:
    page = signed_up(chromium, live_server)
    page.goto(f"{live_server.url}/questionnaires/gad7")
    for item in range(1, 8):
        page.locator(f"label[for='q{item}-1']").click()
    expect(page.locator("#status")).to_contain_text("saved")
    page.locator("button:has-text('Submit and see my score')").dblclick(delay=DOUBLE_CLICK_GAP_MS)
    expect(page.locator("#result")).to_contain_text("GAD-7")
    assert rows_of(live_server, QuestionnaireResponse) == 1


def test_a_check_in_sent_after_the_session_ended_says_so_and_returns_to_its_day(
    chromium: Browser, live_server: LiveServer
) -> None:
    base = live_server.url
    page = signed_up(chromium, live_server)
    day = (date.today() - timedelta(days=3)).isoformat()
    page.goto(f"{base}/today?date={day}")
    page.context.clear_cookies(name="ft_session")  # what expiry or signing out elsewhere does
    page.locator("label[for='pain-3']").click()
    expect(page.locator("#status")).to_have_text(
        "Not saved: you were signed out. Sign in again, then make this change again."
    )
    link = page.locator("#status a")
    assert link.get_attribute("href") == f"/login?next={quote(f'/today?date={day}', safe='')}"
    page.fill("#steps", "1234")
    page.click("button.save")
    expect(page.locator("#signed-out")).to_contain_text(
        "You were signed out, so what you sent was not saved."
    )
    expect(page.locator("#signed-out")).to_be_focused()
    page.fill("#username", "sam")
    page.fill("#password", PASSWORD)
    page.click("main button:has-text('Sign in')")
    expect(page).to_have_url(f"{base}/today?date={day}")


def test_after_an_error_the_focus_is_on_the_error_box_and_the_title_says_error(
    chromium: Browser, live_server: LiveServer
) -> None:
    base = live_server.url
    page = signed_up(chromium, live_server)
    page.goto(f"{base}/program/body/labs")
    page.evaluate("document.querySelectorAll('form').forEach(form => form.noValidate = true)")
    page.fill("#lab-value", "abc")
    page.click("button:has-text('Save the result')")
    expect(page.locator("#error")).to_be_focused()
    expect(page.locator("#error")).to_have_text("Not saved. Value: 'abc' is not a number")
    expect(page).to_have_title("Error: Lab results · fibrotrack")
    page.goto(f"{base}/questionnaires/fiqr")
    page.click("button:has-text('Submit and see my score')")
    expect(page.locator("#problems")).to_be_focused()
    assert page.title().startswith("Error: ")
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("#username", "sam")
    page.fill("#password", "wrong password!")
    page.click("main button:has-text('Sign in')")
    expect(page.locator("#error")).to_be_focused()
    expect(page.locator("#error")).to_have_text(
        "Not signed in. That username and password do not match."
    )
