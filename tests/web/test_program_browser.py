"""The program in a real Chromium: a practice added from the pillar page and logged with one
tap from Today on a phone, the weekly review answered, and axe-core on the program's pages in
light and dark (the review with its saved answers)."""

import pytest
from playwright.sync_api import Browser, expect

from .conftest import (
    LIGHT_AND_DARK,
    PHONE,
    axe_findings,
    shot,
    sign_up,
    tap_button,
    too_wide_at_320,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]

PROGRAM_PAGES = (
    "/program",
    "/program/plan",
    "/program/practices",
    "/program/review",
    "/program/plan/stop?practice=walking",
    "/program/pacing",
    "/program/body",
    "/demo/program/body",
    "/today",
)


def test_a_practice_is_added_and_logged_from_today_on_a_phone(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    sign_up(page, base)
    expect(page.locator("#program-today-heading")).to_contain_text("Your program today")
    page.goto(f"{base}/program/practices#practice-walking")
    page.locator("button:has-text('Add Walking to my plan')").tap()
    expect(page.locator("#status")).to_have_text("Added Walking.")

    page.goto(f"{base}/today")
    tap_button(page, "Log Walking, 10 min")
    expect(page.locator("#practice-status")).to_have_text("Logged Walking for today.")
    expect(page.locator(".program-today")).to_contain_text("Done today")
    expect(page.locator(".program-today")).to_contain_text("1 of")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{base}/program/review")
    page.locator("#went_well").fill("Walked after lunch")
    page.locator("label[for=plan-keep]").tap()
    tap_button(page, "Save my answers")
    expect(page.locator("#status")).to_have_text("Your answers are saved.")
    expect(page.locator("#went_well")).to_have_value("Walked after lunch")
    expect(page.locator("#plan-keep")).to_be_checked()

    page.goto(f"{base}/program")
    expect(page.locator("table.data")).to_contain_text("1 /")
    page.goto(f"{base}/program/plan")
    page.locator("a:has-text('Stop Walking')").tap()
    expect(page.locator("h1")).to_have_text("Stop Walking?")
    page.locator("a:has-text('No, keep it')").tap()
    expect(page.locator("#current-heading")).to_be_visible()
    assert page.locator("a:has-text('Stop Walking')").count() == 1

    storage = context.storage_state()
    context.close()
    found = axe_findings(
        chromium,
        base,
        PROGRAM_PAGES,
        storage_state=storage,
        modes=LIGHT_AND_DARK,
        open_details=True,
    )
    found += [
        f"320 px {wide}"
        for wide in too_wide_at_320(chromium, base, PROGRAM_PAGES, storage_state=storage)
    ]
    assert found == [], "\n".join(found)
    light = chromium.new_context(storage_state=storage, color_scheme="light")  # type: ignore[arg-type]
    page = light.new_page()
    page.goto(f"{base}/demo/program")
    shot(page, "program.png")
    light.close()
