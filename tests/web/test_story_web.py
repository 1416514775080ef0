"""My recovery story on the web: the page with the person's choices, the downloads, and choosing
the journal entries it shows (only one's own)."""

import io
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from fibrotrack.services.recovery import add_journal_entry
from fibrotrack.storage.models import Account, Note, Person

from .conftest import Browser, Site


def _person_with_journal(site: Site, username: str, name: str) -> tuple[Browser, list[int]]:
    site.account(username, "person", name)
    today = date.today()
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        person = session.get(Person, account.person_id)
        assert person is not None
        notes = [
            add_journal_entry(
                session,
                person=person,
                day=today - timedelta(days=10),
                today=today,
                text=f"{name} walked round the lake",
                milestone=True,
            ),
            add_journal_entry(
                session,
                person=person,
                day=today - timedelta(days=5),
                today=today,
                text=f"{name} had a private worry",
            ),
        ]
        ids = [note.id for note in notes]
    browser = site.browser()
    browser.sign_in(username)
    return browser, ids


def test_the_story_page_shows_what_the_person_chose(site: Site) -> None:
    browser, _ = _person_with_journal(site, "robin", "Robin")
    page = browser.get("/story").text
    assert "A recovery story" in page
    assert "Robin walked round the lake" in page
    assert "Robin had a private worry" in page  # listed to choose, not in the timeline
    assert page.count("Robin had a private worry") == 1
    named = browser.get(
        "/story", params={"chosen": "true", "section": "milestones", "name": "true"}
    )
    assert "Robin: a recovery story" in named.text
    assert 'id="timeline-title"' in named.text
    assert 'id="findings-title"' not in named.text and 'id="scores-title"' not in named.text


def test_choosing_entries_only_changes_ones_own(site: Site) -> None:
    robin, robin_ids = _person_with_journal(site, "robin", "Robin")
    _, sam_ids = _person_with_journal(site, "sam", "Sam")
    response = robin.post(
        "/story/entries", {"entry": [str(robin_ids[1]), str(sam_ids[0])]}, page="/story"
    )
    assert response.status_code == 303
    with site.database.session() as session:
        chosen = {note.id: note.in_story for note in session.scalars(select(Note))}
    assert chosen[robin_ids[0]] is False and chosen[robin_ids[1]] is True
    assert chosen[sam_ids[0]] is True and chosen[sam_ids[1]] is False  # Sam's own choice
    story = robin.get("/story.md").text
    assert "Robin had a private worry" in story
    assert "Robin walked round the lake" not in story
    assert "Sam" not in story


def test_the_downloads(site: Site) -> None:
    browser, _ = _person_with_journal(site, "robin", "Robin")
    query = {"chosen": "true", "section": ["milestones", "status"], "name": "true"}
    markdown = browser.get("/story.md", params=query)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Robin: a recovery story")
    assert "attachment" in markdown.headers["content-disposition"]
    html = browser.get("/story.html", params=query)
    assert "<script" not in html.text and "Robin walked round the lake" in html.text
    pdf = browser.get("/story.pdf", params=query)
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Robin walked round the lake" in " ".join(text.split())
    assert browser.get("/story.txt").status_code == 404
    anonymous = site.browser()
    for path in ("/story", "/story.md", "/story.html", "/story.pdf"):
        assert anonymous.get(path).status_code == 303


def test_the_demo_story(site: Site) -> None:
    browser = site.browser()
    page = browser.get("/demo/story")
    assert page.status_code == 200
    assert "First FM30 response" in page.text
    assert "Walked 20 minutes without a flare." in page.text
