"""The flares page in a real Chromium, without JavaScript: the demo person confirms a flare
found in their ratings, says another was not a flare and logs one of their own; axe-core finds
no violation in light, dark and reduced-motion modes and the page reflows at 320 pixels."""

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from .test_insights_browser import FILLING, MODES
from .test_web_browser import ARGS, CHROMIUM, axe_violations

pytestmark = pytest.mark.browser
PAGE = "/demo/status/flares"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def test_review_and_log_flares_without_javascript_accessibly(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    plain = browser.new_context(java_script_enabled=False)
    page = plain.new_page()
    page.goto(f"{base}/demo/status", timeout=FILLING)
    page.click("#flares-link a")
    expect(page).to_have_url(f"{base}{PAGE}")
    expect(page.locator("h1")).to_have_text("Your flares")
    first = page.locator("#flare-list li").first
    expect(first).to_contain_text("Your word: not reviewed")
    first.locator("button:has-text('Confirm')").click()
    expect(page.locator("#status")).to_contain_text("is confirmed.")
    expect(page.locator("#flare-list li").first).to_contain_text("Your word: confirmed")
    page.locator("#flare-list li").nth(1).locator("button:has-text('Not a flare')").click()
    expect(page.locator("#status")).to_contain_text("is marked as not a flare.")
    expect(page.locator("#flare-list li").nth(1)).to_contain_text("Your word: not a flare")
    day = (date.today() - timedelta(days=500)).isoformat()
    page.fill("#flare-start", day)
    page.click("button:has-text('Log the flare')")
    expect(page.locator("#status")).to_contain_text(f"Saved: your flare from {day} to {day}")
    plain.close()

    found = []
    for mode, options in MODES.items():
        context = browser.new_context(**options)  # type: ignore[arg-type]
        view = context.new_page()
        view.goto(f"{base}{PAGE}")
        found += [f"{mode}: {v}" for v in axe_violations(view)]
        context.close()
    assert found == [], "\n".join(found)
    narrow = browser.new_context(viewport={"width": 320, "height": 640})
    view = narrow.new_page()
    view.goto(f"{base}{PAGE}")
    assert view.evaluate("document.documentElement.scrollWidth") <= 320
    narrow.close()
