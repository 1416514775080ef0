"""Autosave on Today in a real Chromium: typed tags are saved when the field is left, and
input that cannot be saved is named by its label on the page while nothing is written."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

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
