"""The clinician report through the real web app: the page, its PDF download, leaving the
name out, bad periods, sign-in, and the demo."""

import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import httpx
import pypdf
import pytest

from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.storage import open_database
from fibrotrack.storage.models import Person

PASSWORD = "correct horse battery"


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert match, "the page has no CSRF token"
    return match.group(1)


def pdf_pages(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def client(live_server) -> httpx.Client:
    """Alex, signed in, with three days in the diary."""
    with httpx.Client(base_url=live_server.url, follow_redirects=False, timeout=120) as client:
        page = client.get("/setup")
        response = client.post(
            "/setup",
            data={
                "csrf_token": csrf_of(page.text),
                "username": "alex",
                "password": PASSWORD,
                "name": "Alex",
                "timezone": "UTC",
            },
        )
        assert response.status_code == 303
        database = open_database(live_server.settings.resolved_database_url)
        today = datetime.now(UTC).date()
        with database.session() as session:
            person = session.query(Person).one()
            for offset in range(3):
                check_in(
                    session,
                    person=person,
                    change=CheckIn(
                        day=today - timedelta(days=offset), values={"pain": 5.0 + offset}
                    ),
                    today=today,
                )
        database.dispose()
        yield client


def test_the_report_page_renders_the_report_and_links_its_pdf(client: httpx.Client) -> None:
    response = client.get("/report")
    assert response.status_code == 200
    page = response.text
    assert '<h1 id="report-title">Clinician report</h1>' in page
    assert "Alex" in page
    assert "3 of 90 days logged" in page
    assert page.count('src="data:image/svg+xml;base64,') == 1
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script"
    assert " style=" not in page and "<style" not in page, "no inline style"
    assert 'href="/static/report.css"' in page
    link = re.search(r'<a class="button primary" href="([^"]+)" download>', page)
    assert link, "a download button"
    download = client.get(unescape(link.group(1)))
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith(
        'attachment; filename="fibrotrack-report-'
    )
    pages = pdf_pages(download.content)
    assert len(pages) == 2
    assert pages[0].startswith("Clinician report Alex")
    assert "3 of 90 days logged" in pages[0]


def test_the_name_can_be_left_out_of_the_page_and_the_pdf(client: httpx.Client) -> None:
    page = client.get("/report", params={"without-name": "true"}).text
    assert '<p class="report-person">Name not shown</p>' in page
    link = unescape(re.search(r'<a class="button primary" href="([^"]+)"', page).group(1))
    assert "without-name=true" in link
    pages = pdf_pages(client.get(link).content)
    assert pages[0].startswith("Clinician report Name not shown")
    assert "Alex" not in " ".join(pages)


def test_a_period_can_be_chosen_and_a_bad_one_is_explained(client: httpx.Client) -> None:
    today = datetime.now(UTC).date()
    start = today - timedelta(days=13)
    page = client.get("/report", params={"from": start.isoformat(), "to": today.isoformat()})
    assert page.status_code == 200
    assert "3 of 14 days logged" in page.text
    bad = client.get("/report", params={"from": today.isoformat(), "to": start.isoformat()})
    assert bad.status_code == 422
    assert "is after the end of the period" in unescape(bad.text)
    assert "of 90 days logged" in bad.text, "the default period is shown instead"
    pdf = client.get("/report.pdf", params={"to": "2999-01-01"})
    assert pdf.status_code == 422
    assert pdf.json()["detail"][0]["field"] == "to"


def test_the_report_needs_a_signed_in_person(live_server) -> None:
    with httpx.Client(base_url=live_server.url, follow_redirects=False) as anonymous:
        assert anonymous.get("/report").status_code == 303
        assert anonymous.get("/report.pdf").status_code == 303


def test_the_demo_has_a_report_with_its_pdf(live_server) -> None:
    with httpx.Client(base_url=live_server.url, follow_redirects=False, timeout=180) as client:
        page = client.get("/demo/report")
        assert page.status_code == 200
        assert "Alex (demo)" in page.text
        assert "Safety: please review" in page.text
        link = unescape(re.search(r'<a class="button primary" href="([^"]+)"', page.text).group(1))
        assert link.startswith("/demo/report.pdf?")
        pages = pdf_pages(client.get(link).content)
        assert len(pages) == 2
        assert "Findings: what goes with pain" in pages[1]
