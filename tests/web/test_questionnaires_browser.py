"""The questionnaires in a real Chromium: the FIQR filled in by tapping (its answers kept as a
draft as they are tapped), the PHQ-9 safety pathway with and without JavaScript, and axe-core
on the list, a form, a result and the safety page in light and dark; every page reflows at
320 pixels. Screenshots of the FIQR
form and the safety page go to docs/screenshots/."""

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.questionnaire_cases import F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS, fiqr_answers

from .conftest import (
    LIGHT_AND_DARK,
    PHONE,
    SCREENSHOTS,
    axe_findings,
    axe_violations,
    shot,
    sign_up,
    too_wide_at_320,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]

FIQR_F1 = fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS)  # total 61.33


def tap_answers(page: Page, answers: dict[str, int]) -> None:
    for item, value in answers.items():
        page.locator(f"label[for='{item}-{value}']").click()


def test_fiqr_by_tapping_survives_a_reload_and_shows_the_score(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    sign_up(page, base)
    page.click("nav a:has-text('Questionnaires')")
    page.click("a:has-text('(FIQR)')")
    expect(page.locator("h1")).to_contain_text("Revised Fibromyalgia Impact Questionnaire")
    target = page.locator("label[for='f1-5']").bounding_box()
    assert target and target["width"] >= 44 and target["height"] >= 44
    half = {item: value for item, value in FIQR_F1.items() if item.startswith("f")}
    tap_answers(page, half)
    expect(page.locator("#status")).to_contain_text("saved")
    page.reload()
    expect(page.locator("#f9-6")).to_be_checked()
    tap_answers(page, {k: v for k, v in FIQR_F1.items() if k not in half})
    expect(page.locator("#s10-6")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]  # type: ignore[index]
    page.evaluate("document.getElementById('item-f7').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / "questionnaire-fiqr.png"))
    page.click("button:has-text('Submit and see my score')")
    expect(page.locator("#result")).to_contain_text("FIQR: Total 61.33 — Moderate")
    page.click("a:has-text('All questionnaires')")
    expect(page.locator("table.data")).to_contain_text("FIQR: Total 61.33")
    context.close()


def test_phq9_item_9_shows_the_resources_at_once_with_and_without_javascript(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    sign_up(page, base)
    state = context.storage_state()
    page.goto(f"{base}/questionnaires/phq9")
    expect(page.locator("#crisis-now")).to_be_hidden()
    tap_answers(page, {f"q{n}": 0 for n in range(1, 9)})
    tap_answers(page, {"q9": 1})
    expect(page.locator("#crisis-now")).to_be_visible()
    expect(page.locator("#crisis-now")).to_contain_text("Samaritans")  # Europe/London: GB
    page.click("button:has-text('Submit and see my score')")
    expect(page.locator("h1")).to_have_text("Help is there for you now")
    expect(page.locator("main")).to_contain_text("116 123")
    shot(page, "phq9-safety.png")
    page.click("a:has-text('See your result')")
    expect(page.locator("#result")).to_contain_text("PHQ-9: Total 1 — Minimal")
    context.close()

    plain = chromium.new_context(storage_state=state, java_script_enabled=False)  # type: ignore[arg-type]
    page = plain.new_page()
    page.goto(f"{base}/questionnaires/phq9")
    tap_answers(page, {f"q{n}": 1 for n in range(1, 10)})
    expect(page.locator("#crisis-now")).to_be_hidden()
    page.click("button:has-text('Submit and see my score')")
    expect(page.locator("h1")).to_have_text("Help is there for you now")
    expect(page.locator("main")).to_contain_text("Samaritans")
    plain.close()


def test_the_questionnaire_pages_pass_axe_in_light_and_dark_and_reflow(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    owner = chromium.new_context()
    page = owner.new_page()
    sign_up(page, base)
    page.goto(f"{base}/questionnaires/phq9")
    tap_answers(page, {f"q{n}": 1 for n in range(1, 10)})
    page.click("button:has-text('Submit and see my score')")
    expect(page.locator("h1")).to_have_text("Help is there for you now")
    safety = page.url.removeprefix(base)
    page.goto(f"{base}/questionnaires/gad7")
    page.click("button:has-text('Submit and see my score')")  # nothing answered: errors
    expect(page.locator("#problems")).to_contain_text("Question 7")
    state = owner.storage_state()
    owner.close()
    paths = [
        "/questionnaires",
        "/questionnaires/fiqr",
        "/questionnaires/acr2016",
        "/questionnaires/phq9",
        safety,
        safety.removesuffix("/safety"),
        "/demo/questionnaires",
    ]
    found = axe_findings(chromium, base, paths, storage_state=state, modes=LIGHT_AND_DARK)
    for scheme, options in LIGHT_AND_DARK.items():
        context = chromium.new_context(storage_state=state, **options)
        view = context.new_page()
        view.goto(f"{base}/questionnaires/gad7")
        view.click("button:has-text('Submit and see my score')")
        found += [f"{scheme} gad7 with errors: {v}" for v in axe_violations(view)]
        context.close()
    assert found == [], "\n".join(found)
    assert too_wide_at_320(chromium, base, paths, storage_state=state) == []
