"""The web app in a real Chromium (Debian's), driven by Playwright: phone check-in, the body
map by touch and keyboard, trends, sign-in, sharing with a clinician, invitations, and axe-core
on every page in light, dark and reduced-motion modes. Screenshots of the main pages go to
docs/screenshots/ for the README."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, expect

from .conftest import (
    MODES,
    PASSWORD,
    PHONE,
    StorageState,
    add_account,
    axe_findings,
    axe_violations,
    log_days,
    shot,
    sign_in,
    sign_up,
    too_wide_at_320,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]


def test_check_in_on_a_phone_with_autosave(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    sign_up(page, base)
    button = page.locator("label[for=pain-6]")
    box = button.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44
    button.tap()
    expect(page.locator("#status")).to_contain_text("Saved Pain 6")
    page.locator("label[for=fatigue-7]").tap()
    expect(page.locator("#status")).to_contain_text("Saved Fatigue 7")
    page.locator("label[for=sleep_quality-3]").tap()
    expect(page.locator("#status")).to_contain_text("Saved Sleep quality 3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.reload()
    expect(page.locator("#pain-6")).to_be_checked()
    expect(page.locator("#fatigue-7")).to_be_checked()
    shot(page, "today-phone.png")
    page.locator("a:has-text('Bad day')").tap()
    expect(page.locator("fieldset.rating")).to_have_count(3)
    context.close()


def test_the_main_menu_on_a_phone_is_one_row_showing_the_current_page(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    sign_up(page, base)
    page.goto(f"{base}/story")
    menu = page.locator("header nav ul")
    links = menu.locator("a")
    assert links.count() >= 11
    heights = {round(box["y"]) for box in links.evaluate_all(BOXES)}
    assert len(heights) == 1  # one row, however many links
    current = page.locator('header nav a[aria-current="page"]')
    expect(current).to_have_text("Story")
    shown, inside = current.bounding_box(), menu.bounding_box()
    assert shown and inside
    left, right = inside["x"], inside["x"] + inside["width"]
    assert left <= shown["x"] and shown["x"] + shown["width"] <= right
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("window.scrollY") == 0
    context.close()


BOXES = "links => links.map(link => link.getBoundingClientRect())"


def test_body_map_by_touch_by_keyboard_and_without_javascript(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    sign_up(page, base)
    page.goto(f"{base}/body-map")
    page.locator('.figure:first-child label.area-hit[data-area="neck"] rect').tap()
    expect(page.locator("#status")).to_contain_text("Saved Neck")
    expect(page.locator("#area-neck")).to_be_checked()
    page.locator('.figure:last-child label.area-hit[data-area="lower_back"] rect').tap()
    expect(page.locator("#status")).to_contain_text("Saved Lower back")
    page.locator("#area-chest").focus()
    page.keyboard.press("Space")
    expect(page.locator("#status")).to_contain_text("Saved Chest")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(page.locator("#status")).to_contain_text("Saved Lower back (removed)")
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('label.area-hit[data-area=neck] rect')).fill"
    )
    idle = page.evaluate(
        "getComputedStyle(document.querySelector('label.area-hit[data-area=abdomen] rect')).fill"
    )
    assert fill != idle  # a chosen area is drawn in the accent colour
    page.reload()
    checked = page.eval_on_selector_all(
        "input[name=area]:checked", "boxes => boxes.map(b => b.value)"
    )
    assert checked == ["neck", "chest"]
    shot(page, "body-map-phone.png")
    context.close()

    plain = chromium.new_context(java_script_enabled=False, viewport={"width": 800, "height": 900})
    page = plain.new_page()
    sign_in(page, base, "sam")
    page.goto(f"{base}/body-map?date={(date.today() - timedelta(days=1)).isoformat()}")
    page.locator('label.area-chip[for="area-hip_left"]').click()
    page.click("button:has-text('Save body map')")
    expect(page.locator("#status")).to_contain_text("Saved.")
    expect(page.locator("#area-hip_left")).to_be_checked()
    plain.close()


def test_trends_and_the_heat_map_render(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    sign_up(page, base)
    log_days(page, base, 40)
    page.goto(f"{base}/trends?period=30")
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(3)
    assert page.locator("svg.chart polyline").count() >= 3
    page.locator("summary:has-text('The numbers')").first.click()
    expect(page.locator("table.data").first).to_be_visible()
    page.goto(f"{base}/demo/trends?period=365")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.locator("details").first.evaluate("d => d.open = false")
    shot(page, "trends.png")
    page.goto(f"{base}/demo/body-map/frequency?period=365")
    expect(page.locator(".figure")).to_have_count(2)
    shot(page, "body-map-frequency.png")
    context.close()


def test_sign_in_and_sign_out(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context()
    page = context.new_page()
    sign_up(page, base)
    page.click("header button:has-text('Sign out')")
    expect(page).to_have_url(f"{base}/login")
    page.goto(f"{base}/today")
    expect(page).to_have_url(f"{base}/login")
    page.fill("#username", "sam")
    page.fill("#password", "wrong password")
    page.click("main button:has-text('Sign in')")
    expect(page.locator("#error, .error")).to_contain_text("do not match")
    sign_in(page, base, "sam")
    expect(page).to_have_url(f"{base}/today")
    context.close()


def test_sharing_with_a_clinician_and_revoking(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    person = chromium.new_context(viewport={"width": 1000, "height": 900}).new_page()
    sign_up(person, base, name="Sam Rivers")
    log_days(person, base, 20)
    person.goto(f"{base}/settings")
    person.fill("#label", "Dr Lee")
    person.click("button:has-text('Create a share code')")
    code = person.input_value("#share-code")
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)

    add_account(live_server, "dr-lee", "clinician")
    clinician = chromium.new_context(viewport={"width": 1000, "height": 900}).new_page()
    sign_in(clinician, base, "dr-lee")
    expect(clinician).to_have_url(f"{base}/clinician")
    clinician.fill("#code", code)
    clinician.click("button:has-text('Accept share')")
    clinician.click("a:has-text('Sam Rivers')")
    expect(clinician.locator("h1")).to_have_text("Sam Rivers")
    expect(clinician.locator("svg.chart").first).to_be_visible()
    shot(clinician, "clinician-view.png")
    url = clinician.url

    person.goto(f"{base}/settings#access-log")
    expect(person.locator("#access-log")).to_contain_text("dr-lee")
    shot(person, "settings.png")
    person.click("button:has-text('Stop sharing')")
    clinician.goto(url)
    expect(clinician.locator("h1")).to_have_text("Not found")
    clinician.goto(f"{base}/clinician")
    expect(clinician.locator("main")).not_to_contain_text("Sam Rivers")


def test_an_invited_clinician_registers_from_the_link(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    admin = chromium.new_context().new_page()
    sign_up(admin, base)
    admin.goto(f"{base}/admin")
    admin.check("#role-clinician")
    admin.fill("#note", "Dr Kim")
    admin.click("button:has-text('Create invitation')")
    link = admin.input_value("#invite-link")
    assert "/register?code=" in link

    invited = chromium.new_context().new_page()
    invited.goto(link)
    expect(invited.locator("main")).to_contain_text("invited as a clinician")
    invited.fill("#username", "dr-kim")
    invited.fill("#password", PASSWORD)
    invited.click("button:has-text('Create my account')")
    expect(invited).to_have_url(f"{base}/clinician")
    admin.goto(f"{base}/admin")
    expect(admin.locator("main")).to_contain_text("1 clinicians")


def pages_of_everyone(chromium: Browser, live_server) -> dict[str, tuple[StorageState, list[str]]]:  # type: ignore[no-untyped-def]
    """An owner with data and a share, a clinician who accepted it: every page of both, and
    of no one signed in, under "owner", "clinician" and "anonymous" with their signed-in
    state."""
    base = live_server.url
    owner = chromium.new_context()
    page = owner.new_page()
    sign_up(page, base, name="Sam Rivers")
    log_days(page, base, 20)
    page.goto(f"{base}/body-map")
    page.check("#area-neck")
    page.goto(f"{base}/settings")
    page.click("button:has-text('Create a share code')")
    code = page.input_value("#share-code")
    add_account(live_server, "dr-lee", "clinician")
    clinician = chromium.new_context()
    other = clinician.new_page()
    sign_in(other, base, "dr-lee")
    other.fill("#code", code)
    other.click("button:has-text('Accept share')")
    person_url = other.locator("main a[href^='/clinician/people/']").first.get_attribute("href")
    page.close()
    other.close()
    paths = [
        ("owner", p)
        for p in (
            "/today",
            "/today?mode=bad",
            "/body-map",
            "/body-map/frequency",
            "/trends",
            "/history",
            "/settings",
            "/data",
            "/admin",
            "/no-such-page",
            "/questionnaires",
            "/questionnaires/fiqr",
            "/questionnaires/acr2016",
            "/questionnaires/phq9",
            "/insights",
            "/insights/method",
            "/status",
            "/status/flares",
            "/program",
            "/program/plan",
            "/program/practices",
            "/program/review",
            "/program/pacing",
            "/program/body",
            "/program/body/sleep",
            "/program/body/diet",
            "/program/body/diet/stop",
            "/program/body/labs",
            "/program/body/cycle",
            "/program/body/meds",
            "/program/breathing",
            "/program/red-flags",
            "/report",
            "/story",
            "/community",
            "/demo/today",
            "/demo/trends",
            "/demo/body-map/frequency",
            "/demo/questionnaires",
            "/demo/insights",
            "/demo/status",
            "/demo/status/flares",
            "/demo/program",
            "/demo/program/review",
            "/demo/program/body/sleep",
            "/demo/program/body/diet",
            "/demo/program/body/labs",
            "/demo/program/body/cycle",
            "/demo/report",
        )
    ]
    paths += [
        ("clinician", p) for p in ("/clinician", str(person_url), f"{person_url}/body", "/settings")
    ]
    paths += [("anonymous", p) for p in ("/login", "/register?code=nope")]
    states = {"owner": owner.storage_state(), "clinician": clinician.storage_state()}
    return {
        who: (states.get(who), [path for whose, path in paths if whose == who])
        for who in ("owner", "clinician", "anonymous")
    }


@pytest.mark.parametrize("mode", MODES)
def test_every_page_passes_axe_in_light_dark_and_reduced_motion(
    chromium: Browser, live_server, mode: str
) -> None:  # type: ignore[no-untyped-def]
    """One test a mode, so that parallel workers share the modes' pages."""
    found = []
    for state, paths in pages_of_everyone(chromium, live_server).values():
        found += axe_findings(
            chromium, live_server.url, paths, storage_state=state, modes={mode: MODES[mode]}
        )
    assert found == [], "\n".join(found)


def test_the_dark_theme_chosen_on_a_light_system_passes_axe(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    owner, _ = pages_of_everyone(chromium, live_server)["owner"]
    toggled = chromium.new_context(storage_state=owner, color_scheme="light")
    page = toggled.new_page()
    page.goto(f"{base}/today")
    page.click("header button:has-text('Dark theme')")
    assert page.get_attribute("html", "data-theme") == "dark"
    found = []
    for path in ("/today", "/trends", "/body-map", "/settings"):
        page.goto(f"{base}{path}")
        found += [f"toggled dark {path}: {v}" for v in axe_violations(page)]
    shot(page, "today-dark.png")
    toggled.close()
    assert found == [], "\n".join(found)


def test_every_page_reflows_at_320_pixels(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    too_wide = []
    for state, paths in pages_of_everyone(chromium, live_server).values():
        too_wide += too_wide_at_320(chromium, base, paths, storage_state=state)
    assert too_wide == []
