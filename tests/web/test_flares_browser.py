"""The flares page in a real Chromium, without JavaScript: the demo person confirms a flare
found in their ratings, says another was not a flare and logs one of their own; axe-core finds
no violation in light, dark and reduced-motion modes and the page reflows at 320 pixels."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, expect

from .conftest import axe_findings, too_wide_at_320

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]
PAGE = "/demo/status/flares"


def test_review_and_log_flares_without_javascript_accessibly(  # type: ignore[no-untyped-def]
    chromium: Browser, live_server
) -> None:
    base = live_server.url
    plain = chromium.new_context(java_script_enabled=False)
    page = plain.new_page()
    page.goto(f"{base}/demo/status")
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

    found = axe_findings(chromium, base, [PAGE])
    assert found == [], "\n".join(found)
    assert too_wide_at_320(chromium, base, [PAGE]) == []
