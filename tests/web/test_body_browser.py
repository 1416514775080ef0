"""The body-system pages in a real Chromium on a phone: a night, a lab result and a period
logged by tapping through the forms, a diet protocol started; then every body page (the
confirmations included, the demo's full ones too) through axe-core in light, dark and reduced
motion, and at 320 px without sideways scrolling."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, expect

from .conftest import PHONE, axe_findings, sign_up, tap_button, too_wide_at_320

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def test_body_pages_are_logged_by_touch_and_pass_axe_and_reflow(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    sign_up(page, base)

    page.goto(f"{base}/program/body")
    page.locator("a:has-text('Sleep diary: log a night')").tap()
    page.fill("#sleep-date", YESTERDAY)
    page.fill("#sleep-bed", "23:00")
    page.fill("#sleep-latency", "20")
    page.fill("#sleep-wake", "07:00")
    page.fill("#sleep-quality", "7")
    tap_button(page, "Save the night")
    expect(page.locator("#status")).to_have_text(f"Saved the night to {YESTERDAY}.")
    expect(page.locator("ul.rows")).to_contain_text("sleep efficiency 96%")

    page.goto(f"{base}/program/body/labs")
    page.select_option("#lab-analyte", "ferritin")
    page.fill("#lab-value", "15")
    page.fill("#lab-unit", "ng/mL")
    page.fill("#lab-low", "30")
    page.fill("#lab-high", "300")
    tap_button(page, "Save the result")
    expect(page.locator("#status")).to_have_text("Saved the result.")
    page.locator("a:has-text('Delete…')").tap()
    expect(page.locator("h1")).to_have_text("Delete this lab result?")
    labs_delete = page.url.removeprefix(base)
    page.locator("a:has-text('No, keep it')").tap()
    expect(page.locator("ul.rows li")).to_have_count(1)

    page.goto(f"{base}/program/body/cycle")
    page.fill("#cycle-start", (date.today() - timedelta(days=3)).isoformat())
    tap_button(page, "Save the period")
    expect(page.locator("#status")).to_contain_text("Saved the period from")

    page.goto(f"{base}/program/body/diet")
    page.fill("#diet-foods", "gluten")
    tap_button(page, "Start the protocol")
    expect(page.locator("#status")).to_have_text("Protocol started.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    pages = [
        "/program/body",
        "/program/body/sleep",
        f"/program/body/sleep?night={YESTERDAY}",
        f"/program/body/sleep/delete?night={YESTERDAY}",
        "/program/body/diet",
        "/program/body/diet/stop",
        "/program/body/labs",
        labs_delete,
        "/program/body/cycle",
        "/program/body/meds",
        "/demo/program/body/sleep",
        "/demo/program/body/diet",
        "/demo/program/body/labs",
        "/demo/program/body/cycle",
        "/demo/program/body/meds",
    ]
    storage = context.storage_state()
    context.close()
    found = axe_findings(chromium, base, pages, storage_state=storage, open_details=True)
    found += [
        f"320 px {wide}" for wide in too_wide_at_320(chromium, base, pages, storage_state=storage)
    ]
    assert found == [], "\n".join(found)
