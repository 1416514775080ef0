"""The guides' directions lead somewhere real: in "Settings → Your data → Export" the first step
is an entry of the menu, and each next one a link (followed) or a heading on the page reached,
for a person (docs/user-guide.md) and for a clinician (docs/clinician-guide.md)."""

import html
import re
from pathlib import Path

import pytest

from test_interop_undo import SMALL_VISIBLE

from .conftest import Browser, Site
from .test_data_web import confirm, upload

DOCS = Path(__file__).resolve().parents[2] / "docs"
BOLD = re.compile(r"\*\*(.+?)\*\*")
BRACKETED = re.compile(r"\(([^()]*)\)")
MENU = re.compile(r'<nav aria-label="Main">(.*?)</nav>', re.S)
LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>(.*?)</a>', re.S)
HEADING = re.compile(r"<h[1-3]\b[^>]*>(.*?)</h[1-3]>", re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def directions(guide: str) -> list[list[str]]:
    """Every "A → B → C" of a guide, in bold or in brackets, as its steps."""
    text = " ".join((DOCS / guide).read_text(encoding="utf-8").split())
    spans = BOLD.findall(text) + BRACKETED.findall(BOLD.sub("", text))
    return [[step.strip() for step in span.split("→")] for span in spans if "→" in span]


def follow(browser: Browser, steps: list[str]) -> None:
    menu = MENU.search(browser.get("/settings").text)
    assert menu, "no menu"
    entries = {_text(label): href for href, label in LINK.findall(menu.group(1))}
    assert steps[0] in entries, f"{steps[0]!r} is not in the menu: {sorted(entries)}"
    page = browser.get(entries[steps[0]])
    assert page.status_code == 200, steps
    for step in steps[1:]:
        headings = {_text(heading) for heading in HEADING.findall(page.text)}
        links = {_text(label): href for href, label in LINK.findall(page.text)}
        if step in headings:
            continue
        assert step in links, f"{' → '.join(steps)}: no {step!r} on {page.url}"
        if not links[step].startswith("#"):
            page = browser.get(links[step])
            assert page.status_code == 200, steps


@pytest.mark.parametrize(
    ("guide", "role"), [("user-guide.md", "person"), ("clinician-guide.md", "clinician")]
)
def test_the_guides_directions_lead_to_the_pages_they_name(
    site: Site, guide: str, role: str
) -> None:
    browser = site.signed_in("robin", role=role)
    if role == "person":  # "Your imports" lists the imports there are
        confirm(browser, upload(browser, "visible.csv", SMALL_VISIBLE.encode(), "visible"))
    found = directions(guide)
    assert found, guide
    for steps in found:
        follow(browser, steps)
