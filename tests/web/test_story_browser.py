"""The story and community pages in a real Chromium: axe-core finds no violation in light and
dark, the pages reflow at 320 pixels, and the story's choices work without JavaScript."""

import pytest
from playwright.sync_api import Browser, expect

from .conftest import LIGHT_AND_DARK, axe_findings, log_days, shot, sign_up, too_wide_at_320

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("prefilled_demo")]

PAGES = ("/story", "/community", "/demo/story", "/demo/community")


def test_story_and_community_pass_axe_and_reflow(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    owner = chromium.new_context()
    page = owner.new_page()
    sign_up(page, base, name="Sam Rivers")
    log_days(page, base, 10)
    state = owner.storage_state()
    found = axe_findings(chromium, base, PAGES, storage_state=state, modes=LIGHT_AND_DARK)
    assert found == [], "\n".join(found)
    assert too_wide_at_320(chromium, base, PAGES, storage_state=state) == []
    demo = chromium.new_context(viewport={"width": 1000, "height": 900})
    view = demo.new_page()
    view.goto(f"{base}/demo/story")
    shot(view, "story.png")
    view.goto(f"{base}/demo/community")
    shot(view, "community.png")
    demo.close()
    owner.close()


def test_the_story_choices_work_without_javascript(chromium: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/demo/story")
    expect(page.locator("#findings-title")).to_be_visible()
    page.uncheck("input[name=section][value=findings]")
    page.check("input[name=name]")
    page.click("button:has-text('Show')")
    expect(page.locator("#findings-title")).to_have_count(0)
    expect(page.locator("#story-title")).to_have_text("Alex (demo): a recovery story")
    context.close()
