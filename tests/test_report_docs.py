"""docs/reports.md cannot drift from the report: it shows both PDF pages, describes every
section the report prints, and links every methods page the report's footnote names."""

from pathlib import Path

from fibrotrack.reports.model import METHODS

DOCS = Path(__file__).resolve().parents[1] / "docs"
SECTIONS = (
    "Safety",
    "Scores and change since baseline",
    "Status at the latest visit",
    "Daily ratings",
    "Painful areas",
    "Program",
    "Findings",
    "Data completeness and methods",
)


def test_the_report_page_shows_both_pdf_pages() -> None:
    page = (DOCS / "reports.md").read_text(encoding="utf-8")
    for number in (1, 2):
        image = f"screenshots/report-page-{number}.png"
        assert f"]({image})" in page
        assert (DOCS / image).read_bytes().startswith(b"\x89PNG")


def test_every_section_and_every_methods_page_is_documented() -> None:
    page = (DOCS / "reports.md").read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip() for line in page.splitlines() if line.startswith("###")]
    for section in SECTIONS:
        assert section in headings, section
    for _, doc in METHODS:
        name = doc.removeprefix("docs/")
        assert (DOCS / name).is_file(), doc
        if name != "reports.md":
            assert f"]({name})" in page, name


def test_the_readme_points_to_the_report_page() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert "(docs/reports.md)" in readme
