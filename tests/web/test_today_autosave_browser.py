"""Autosave on Today in a real Chromium: typed tags are saved when the field is left, and
input that cannot be saved is named by its label on the page while nothing is written."""

import time
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from fibrotrack.services.checkin import CheckIn

from .conftest import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]

DAY = (date.today() - timedelta(days=3)).isoformat()


def _open_day(page: Page, base: str) -> None:
    sign_up(page, base)
    page.goto(f"{base}/today?date={DAY}")


def _leave(page: Page, selector: str, text: str) -> None:
    page.fill(selector, text)
    page.press(selector, "Tab")


def _logged(page: Page, base: str) -> dict[str, object]:
    answer = page.request.get(f"{base}/api/v1/days/{DAY}")
    assert answer.ok, answer.text()
    logged: dict[str, object] = answer.json()
    return logged


def test_typed_tags_are_saved_when_the_field_is_left(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context()
    page = context.new_page()
    _open_day(page, base)
    status = page.locator("#status")
    _leave(page, "#new_tags", "food:gluten, trigger:x")
    expect(status).to_contain_text("Saved tags food:gluten, trigger:x at ")
    assert _logged(page, base)["tags"] == ["gluten", "x"]
    _leave(page, "#new_tags", "food:gluten")
    expect(status).to_contain_text("Saved tags food:gluten (removed trigger:x) at ")
    assert _logged(page, base)["tags"] == ["gluten"]
    _leave(page, "#new_tags", "food:gluten, pain")
    expect(status).to_have_text(
        "Not saved: Add tags: 'pain' is a core variable; record it as a value instead"
    )
    assert _logged(page, base)["tags"] == ["gluten"]
    page.reload()
    expect(page.locator("#tag-gluten")).to_be_checked()
    context.close()


def test_input_that_cannot_be_saved_is_named_by_its_label(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context()
    page = context.new_page()
    _open_day(page, base)
    status = page.locator("#status")
    _leave(page, "#steps", "5000")
    expect(status).to_contain_text("Saved Steps 5000 at ")
    _leave(page, "#steps", "abc")
    expect(status).to_have_text("Not saved: Steps: 'abc' is not a number")
    _leave(page, "#sleep_hours", "30")
    expect(status).to_have_text("Not saved: Sleep: 30 is outside 0–24 h")
    assert _logged(page, base)["values"] == {"steps": 5000}
    page.reload()
    expect(page.locator("#steps")).to_have_value("5000")
    expect(page.locator("#sleep_hours")).to_have_value("")
    context.close()


@pytest.fixture
def first_tap_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The save of pain 6 takes the server half a second (a slow phone connection), so a tap
    on 7 made at once would overtake it if both were sent together."""
    from fibrotrack.web.routes.api import days

    check_in = days.check_in

    def slowly(*args: Any, change: CheckIn, **kwargs: Any) -> Any:
        if change.values.get("pain") == 6:
            time.sleep(0.5)
        return check_in(*args, change=change, **kwargs)

    monkeypatch.setattr(days, "check_in", slowly)


@pytest.mark.usefixtures("first_tap_slow")
def test_two_quick_taps_are_saved_in_the_order_they_were_made(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context()
    page = context.new_page()
    _open_day(page, base)
    page.locator("label[for='pain-6']").click()
    page.locator("label[for='pain-7']").click()
    expect(page.locator("#status")).to_contain_text("Saved Pain 7 at ", timeout=10_000)
    page.wait_for_timeout(1000)  # anything still on its way has arrived by now
    expect(page.locator("#status")).to_contain_text("Saved Pain 7 at ")
    assert _logged(page, base)["values"] == {"pain": 7}
    context.close()
