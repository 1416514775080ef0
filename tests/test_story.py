"""The recovery story: the timeline generated from a person's data, their choices, and the
Markdown, HTML and PDF renderings; the demo person's story through the real CLI."""

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import Cli
from fibrotrack.analysis.findings import Finding
from fibrotrack.instruments import get, score
from fibrotrack.program import PlanPeriod, PracticeSession, Schedule
from fibrotrack.status import Assessment, FlareEpisode, evaluate_status
from fibrotrack.stories import Section, StoryChoices, StoryInputs, StoryNote, tell_story
from fibrotrack.stories.html import render_page
from fibrotrack.stories.markdown import render_markdown
from fibrotrack.stories.pdf import render_pdf

TODAY = date(2026, 11, 20)
FIRST = date(2026, 1, 5)


def _fiqr(day: date, level: int) -> Assessment:
    answers = {item.id: level for item in get("fiqr").items}
    return Assessment("fiqr", day, score("fiqr", answers), answers)


def _finding(factor: str, likely: bool) -> Finding:
    return Finding(
        factor, 1, 1.0, (0.5, 1.5), 0.001, 0.01, True, likely, 200, 40, f"About {factor}."
    )


def _inputs(
    levels: tuple[int, ...] = (6, 5, 4, 3, 2),
    *,
    flares: list[tuple[date, date]] | None = None,
    notes: list[StoryNote] | None = None,
    flare_checked: list[date] | None = None,
) -> StoryInputs:
    assessments = [_fiqr(FIRST + timedelta(weeks=6 * i), level) for i, level in enumerate(levels)]
    flares = flares if flares is not None else [(date(2026, 3, 1), date(2026, 3, 10))]
    status = evaluate_status(
        assessments, [], flares=[FlareEpisode(start, end) for start, end in flares]
    )
    walking = date(2026, 2, 2)
    return StoryInputs(
        person_name="Robin Example",
        generated_on=TODAY,
        version="test",
        notes=notes
        if notes is not None
        else [
            StoryNote(date(2026, 4, 1), True, "Walked to the *park* and back"),
            StoryNote(date(2026, 5, 2), False, "A calmer week."),
        ],
        status=status,
        logged_days=[FIRST + timedelta(days=i) for i in range(0, 300)],
        flares=flares,
        flare_checked_days=flare_checked
        if flare_checked is not None
        else [FIRST + timedelta(days=i) for i in range(28, 300)],
        periods=[PlanPeriod("walking", Schedule(5, 20), walking, date(2026, 6, 28))],
        sessions=[
            PracticeSession("walking", walking + timedelta(days=d), 20)
            for d in range(147)
            if d % 7 < 4
        ]
        + [PracticeSession("cbt", date(2026, 7, 1) + timedelta(weeks=w), 50) for w in range(6)],
        findings=[_finding("gluten", True), _finding("coffee", False)],
    )


def _titles(story) -> list[str]:  # type: ignore[no-untyped-def]
    return [event.title for event in story.events]


def test_status_changes_from_the_visits() -> None:
    story = tell_story(_inputs(), StoryChoices())
    by_title = {event.title: event for event in story.events}
    assert by_title["Baseline visit"].day == FIRST
    responder = next(e for e in story.events if e.title.startswith("First FM30 response"))
    # 60 → 50 is 17% better; 60 → 40 is 33% better on every item: the third visit.
    assert responder.day == FIRST + timedelta(weeks=12)
    assert by_title["First FIQR in the mild band"].day == FIRST + timedelta(weeks=12)
    assert by_title["First FIQR in the remission range (low impact)"].day == FIRST + timedelta(
        weeks=24
    )
    assert "(moderate)" in (by_title["Baseline visit"].detail or "")


def test_no_band_change_for_a_person_who_started_in_the_band() -> None:
    story = tell_story(_inputs((4, 3, 4)), StoryChoices())
    assert "First FIQR in the mild band" not in _titles(story)


def test_the_longest_stretch_without_a_flare() -> None:
    flares = [(date(2026, 3, 1), date(2026, 3, 10)), (date(2026, 6, 1), date(2026, 6, 5))]
    story = tell_story(_inputs(flares=flares), StoryChoices())
    stretch = next(e for e in story.events if e.title.startswith("Longest stretch"))
    # From 6 June to the last checked day (31 Oct): 148 days, longer than the 82 between flares.
    assert (stretch.day, stretch.until) == (date(2026, 6, 6), date(2026, 10, 31))
    assert stretch.title == "Longest stretch without a flare: 148 days"
    assert stretch.detail is not None and stretch.detail.startswith("all 148 checked; between")


def test_the_stretch_runs_only_over_days_the_flare_rule_could_check() -> None:
    # Checked from 2 Feb to 30 Apr and, after a gap, from 1 Jul to 9 Jul; no flare anywhere.
    checked = [date(2026, 2, 2) + timedelta(days=i) for i in range(88)]
    checked += [date(2026, 7, 1) + timedelta(days=i) for i in range(0, 9, 2)]
    story = tell_story(_inputs(flares=[], flare_checked=checked), StoryChoices())
    stretch = next(e for e in story.events if e.title.startswith("Longest stretch"))
    assert (stretch.day, stretch.until) == (date(2026, 2, 2), date(2026, 7, 9))
    assert stretch.title == "Longest stretch without a flare: 158 days"
    assert stretch.detail is not None
    assert stretch.detail.startswith(
        "93 of them checked (the others had no pain or fatigue rating, or too few earlier ones); "
        "no flare was found on any day that could be checked"
    )
    assert Section.STATUS not in story.notes


def test_no_flare_free_stretch_when_flares_could_not_be_checked() -> None:
    for flares in ([], [(date(2026, 3, 1), date(2026, 3, 10))]):
        story = tell_story(_inputs(flares=flares, flare_checked=[]), StoryChoices())
        assert not [e for e in story.events if e.title.startswith("Longest stretch")]
        assert story.notes[Section.STATUS] == (
            "Flares could not be checked, so no flare-free stretch is shown: the rule needs a "
            "pain or fatigue rating and about a month of earlier ratings for each day.",
        )


def test_no_flare_free_stretch_when_every_checked_day_was_in_a_flare() -> None:
    flare = (date(2026, 3, 1), date(2026, 3, 10))
    checked = [date(2026, 3, 3), date(2026, 3, 4)]
    story = tell_story(_inputs(flares=[flare], flare_checked=checked), StoryChoices())
    assert not [e for e in story.events if e.title.startswith("Longest stretch")]
    assert Section.STATUS not in story.notes


def test_practices_with_weeks_and_adherence_and_logged_only_sessions() -> None:
    story = tell_story(_inputs(), StoryChoices())
    walking, cbt = story.practices
    assert walking.name == "Walking" and walking.weeks == 21 and walking.in_plan
    assert walking.adherence == pytest.approx(0.8)
    assert not cbt.in_plan and cbt.done_sessions == 6
    assert "Started Walking" in _titles(story)
    assert "Stopped Walking after 21 weeks" in _titles(story)


def test_only_findings_that_held_up() -> None:
    story = tell_story(_inputs(), StoryChoices())
    assert story.findings == ("About gluten.",)


def test_the_person_chooses_the_sections_and_the_name() -> None:
    full = tell_story(_inputs(), StoryChoices())
    assert full.person_name is None and full.title == "A recovery story"
    named = tell_story(_inputs(), StoryChoices(with_name=True))
    assert named.title == "Robin Example: a recovery story"
    without = tell_story(_inputs(), StoryChoices.without(["milestones", "findings"]))
    assert "Walked to the *park* and back" not in _titles(without)
    assert without.findings == ()
    assert Section.FINDINGS not in without.sections
    assert "Walked to the *park* and back" in _titles(full)
    only_scores = tell_story(_inputs(), StoryChoices.only(["scores", "bogus"]))
    assert only_scores.events == () and only_scores.scores.visits
    for document in (render_markdown(without), render_page(without)):
        assert "park" not in document and "About gluten" not in document
        assert "Robin" not in document


def test_an_unknown_section_is_refused() -> None:
    from fibrotrack.diary import InvalidEntry

    with pytest.raises(InvalidEntry) as raised:
        StoryChoices.without(["diary"])
    assert raised.value.field == "without"


def test_a_story_with_nothing_says_what_is_missing() -> None:
    empty = StoryInputs(
        person_name=None,
        generated_on=TODAY,
        version="test",
        notes=[],
        status=evaluate_status([], [], flares=[]),
        logged_days=[],
        flares=[],
        flare_checked_days=[],
        periods=[],
        sessions=[],
        findings=[],
    )
    story = tell_story(empty, StoryChoices())
    text = render_markdown(story)
    assert "No journal entry or milestone is marked" in text
    assert "No questionnaires yet" in text
    assert "No practice in your plan" in text
    assert "No finding has held up yet" in text
    assert "Flares could not be checked, so no flare-free stretch is shown" in text
    assert render_pdf(story).startswith(b"%PDF")


def test_markdown_escapes_what_the_person_wrote() -> None:
    text = render_markdown(tell_story(_inputs(), StoryChoices()))
    assert "Walked to the \\*park\\* and back" in text
    assert text.startswith("# A recovery story\n")
    assert "| Walking |" in text
    assert "## Findings that held up" in text


def test_the_html_page_is_self_contained() -> None:
    page = render_page(tell_story(_inputs(), StoryChoices()))
    assert "<script" not in page
    assert 'src="http' not in page and 'href="http' not in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Walked to the *park* and back" in page


def test_the_pdf_holds_the_story() -> None:
    pdf = render_pdf(tell_story(_inputs(), StoryChoices(with_name=True)))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    for expected in (
        "Robin Example: a recovery story",
        "Walked to the *park* and back",
        "First FIQR in the mild band",
        "About gluten.",
    ):
        assert expected in text


def test_the_demo_persons_story_from_the_cli(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").exit_code == 0
    result = cli("story", "--markdown", "-")
    assert result.exit_code == 0, result.output
    story = result.stdout
    assert story.startswith("# A recovery story")
    for expected in (
        "Milestone: Walked 20 minutes without a flare.",
        "Journal: Legs ache but I went round the block twice.",
        "Status: Baseline visit",
        "First FM30 response",
        "Longest stretch without a flare",
        "Started Walking",
        "| Walking |",
        "on days after gluten your pain was",
    ):
        assert expected in story, expected
    files = {"md": tmp_path / "s.md", "html": tmp_path / "s.html", "pdf": tmp_path / "s.pdf"}
    result = cli(
        "story",
        "--markdown",
        str(files["md"]),
        "--html",
        str(files["html"]),
        "--pdf",
        str(files["pdf"]),
        "--without",
        "scores",
        "--name",
    )
    assert result.exit_code == 0, result.output
    assert files["md"].read_text(encoding="utf-8").startswith("# Alex (demo): a recovery story")
    assert "Your scores over time" not in files["html"].read_text(encoding="utf-8")
    assert files["pdf"].read_bytes().startswith(b"%PDF")
    refused = cli("story", "--without", "everything")
    assert refused.exit_code == 2
    assert "without" in refused.output


def test_the_story_as_html_on_the_screen(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    assert cli("journal", "add", "First walk round the block", "--milestone").exit_code == 0
    result = cli("story", "--html", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!doctype html>")
    assert "First walk round the block" in result.stdout
    both = cli("story", "--markdown", "-", "--html", "-")
    assert both.exit_code == 2
    assert "Error: html: only one of --markdown and --html can go to the screen" in both.stderr
    pdf = cli("story", "--pdf", "-")
    assert pdf.exit_code == 2 and "Error: pdf: a PDF cannot be shown" in pdf.stderr
    assert list(out.iterdir()) == [], "no file named -"


def test_the_story_claims_no_flare_free_stretch_the_flare_rule_could_not_check(cli: Cli) -> None:
    # Pain on one day, then a year of sleep quality only: the flare rule judged no day.
    assert cli("checkin", "--date", "2025-04-25", "--pain", "5").exit_code == 0
    for week in range(52):
        day = (date(2025, 4, 26) + timedelta(weeks=week)).isoformat()
        assert cli("checkin", "--date", day, "--sleep-quality", "6").exit_code == 0
    result = cli("story", "--markdown", "-")
    assert result.exit_code == 0, result.output
    story = " ".join(result.stdout.split())
    assert "Longest stretch without a flare" not in story
    assert "no flare was found" not in story
    assert (
        "Flares could not be checked, so no flare-free stretch is shown: the rule needs a pain "
        "or fatigue rating and about a month of earlier ratings for each day." in story
    )
    flares = " ".join(cli("flares").stdout.split())  # the flares list agrees
    assert "Flares could not be checked yet: the rule needs a pain or fatigue rating" in flares


def test_the_flare_free_stretch_counts_only_days_the_flare_rule_could_judge(cli: Cli) -> None:
    # 40 days of pain: the rule needs 21 earlier ratings, leaving out the latest week, so it
    # can judge from the 29th day (day 28) on: 12 days.
    first = date(2026, 1, 5)
    for offset in range(40):
        day = (first + timedelta(days=offset)).isoformat()
        pain = str(4 + offset % 2)
        assert cli("checkin", "--date", day, "--pain", pain).exit_code == 0
    result = cli("story", "--markdown", "-")
    assert result.exit_code == 0, result.output
    story = " ".join(result.stdout.split())
    assert "40 days logged" in story
    assert (
        "**2 Feb 2026 – 13 Feb 2026** · Status: Longest stretch without a flare: 12 days — all "
        "12 checked; no flare was found on any day that could be checked" in story
    )
