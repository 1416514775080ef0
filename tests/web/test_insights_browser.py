"""The Insights and Status pages in a real Chromium: the demo person's findings, estimates and
status render, the method explanation is one click away, axe-core finds no violation in light,
dark and reduced-motion modes, the pages reflow at 320 pixels, and a self-experiment starts
and stops (after a confirmation, which passes axe-core too) without JavaScript. Screenshots go
to docs/screenshots/insights.png and status.png."""

import pytest
from playwright.sync_api import Browser, expect

from .conftest import axe_findings, log_days, shot, sign_up, too_wide_at_320

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]

PAGES = (
    "/insights",
    "/insights/method",
    "/status",
    "/demo/insights",
    "/demo/insights/method",
    "/demo/status",
)
ESTIMATING = 240_000  # ms: the demo's three before/after estimates on a busy machine
FILLING = 120_000  # ms: the first visit to /demo creates the demo person's year


def test_the_demo_insights_and_status_render_and_explain_the_method(
    chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/demo/insights", timeout=FILLING)
    expect(page.locator("h1")).to_have_text("Insights")
    expect(page.locator(".finding").first).to_contain_text("pattern")
    expect(page.locator("main")).to_contain_text("On days after gluten your pain was")
    expect(page.locator(".experiment")).to_contain_text("magnesium")
    with page.expect_navigation(timeout=ESTIMATING):
        page.click("button:has-text('Work out the before/after estimates')", timeout=ESTIMATING)
    expect(page.locator("#status")).to_have_text(
        "The before/after estimates are up to date.", timeout=ESTIMATING
    )
    expect(page.locator(".effect").nth(1)).to_contain_text("after you started")
    expect(page.locator(".effect .warning").first).to_contain_text("regression to the mean")
    page.locator(".not-tested summary").first.click()
    expect(page.locator(".not-tested li li").first).to_contain_text("are needed")
    page.locator(".not-tested details").first.evaluate("d => d.open = false")
    shot(page, "insights.png")

    page.click("main p.lead a:has-text('How these are worked out')")
    expect(page).to_have_url(f"{base}/demo/insights/method")
    expect(page.locator("h1")).to_have_text("How insights are worked out")
    expect(page.locator("main")).to_contain_text("false discovery control")

    page.click("nav a:has-text('Status')")
    expect(page).to_have_url(f"{base}/demo/status")
    expect(page.locator(".status-now li").first).to_be_visible()
    expect(page.locator("ol.timeline")).to_contain_text("Baseline visit (FIQR")
    page.click("a.term >> nth=0")
    expect(page.locator("dl dt:target")).to_have_count(1)
    shot(page, "status.png")
    context.close()


def test_insights_and_status_pass_axe_and_reflow(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    owner = chromium.new_context()
    page = owner.new_page()
    page.goto(f"{base}/demo/status", timeout=FILLING)
    sign_up(page, base, name="Sam Rivers")
    log_days(page, base, 10)
    page.goto(f"{base}/insights")
    expect(page.locator("#not-enough")).to_contain_text("more days with pain logged")
    page.goto(f"{base}/status")
    expect(page.locator("#next-steps a").first).to_have_attribute("href", "/questionnaires/fiqr")
    state = owner.storage_state()
    found = axe_findings(chromium, base, PAGES, storage_state=state)
    assert found == [], "\n".join(found)
    assert too_wide_at_320(chromium, base, PAGES, storage_state=state, open_details=True) == []
    owner.close()


def test_a_self_experiment_starts_without_javascript(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    owner = chromium.new_context()
    sign_up(owner.new_page(), base, name="Sam Rivers")
    plain = chromium.new_context(storage_state=owner.storage_state(), java_script_enabled=False)  # type: ignore[arg-type]
    page = plain.new_page()
    page.goto(f"{base}/insights")
    page.click("summary:has-text('Start a self-experiment')")
    page.fill("#factor", "coffee")
    page.fill("#off_text", "no coffee")
    page.click("button:has-text('Start today')")
    expect(page.locator("#status")).to_contain_text("Your self-experiment has started.")
    expect(page.locator(".experiment .instruction")).to_contain_text("Pair 1 of 6")
    page.click("button:has-text('Yes, I did')")
    expect(page.locator(".experiment")).to_contain_text("Kept to it on 1 day")
    asking = ("/insights/experiments/stop",)
    state = owner.storage_state()
    assert axe_findings(chromium, base, asking, storage_state=state) == []
    assert too_wide_at_320(chromium, base, asking, storage_state=state) == []
    page.click("a:has-text('Stop this experiment')")
    expect(page.locator("h1")).to_have_text("Stop the self-experiment on coffee?")
    page.click("button:has-text('Yes, stop the experiment')")
    expect(page.locator("#status")).to_contain_text("The self-experiment is stopped")
    plain.close()
    owner.close()
