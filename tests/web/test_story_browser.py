"""The story and community pages in a real Chromium: axe-core finds no violation in light and
dark, the pages reflow at 320 pixels, and the story's choices work without JavaScript."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from .test_web_browser import ARGS, CHROMIUM, axe_violations, log_days, shot, sign_up

pytestmark = pytest.mark.browser

PAGES = ("/story", "/community", "/demo/story", "/demo/community")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def test_story_and_community_pass_axe_and_reflow(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    owner = browser.new_context()
    page = owner.new_page()
    sign_up(page, base, name="Sam Rivers")
    log_days(page, base, 10)
    state = owner.storage_state()
    found = []
    for scheme in ("light", "dark"):
        context = browser.new_context(storage_state=state, color_scheme=scheme)  # type: ignore[arg-type]
        view = context.new_page()
        for path in PAGES:
            view.goto(f"{base}{path}")
            found += [f"{scheme} {path}: {v}" for v in axe_violations(view)]
        context.close()
    assert found == [], "\n".join(found)
    narrow = browser.new_context(storage_state=state, viewport={"width": 320, "height": 640})  # type: ignore[arg-type]
    view = narrow.new_page()
    too_wide = []
    for path in PAGES:
        view.goto(f"{base}{path}")
        width = view.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{path}: {width}px")
    assert too_wide == []
    narrow.close()
    demo = browser.new_context(viewport={"width": 1000, "height": 900})
    view = demo.new_page()
    view.goto(f"{base}/demo/story")
    shot(view, "story.png")
    view.goto(f"{base}/demo/community")
    shot(view, "community.png")
    demo.close()
    owner.close()


def test_the_story_choices_work_without_javascript(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/demo/story")
    expect(page.locator("#findings-title")).to_be_visible()
    page.uncheck("input[name=section][value=findings]")
    page.check("input[name=name]")
    page.click("button:has-text('Show')")
    expect(page.locator("#findings-title")).to_have_count(0)
    expect(page.locator("#story-title")).to_have_text("Alex (demo): a recovery story")
    context.close()
