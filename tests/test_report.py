"""The clinician report built from real databases: the demo person's year and a person with
almost no data, read back from the PDF; stored before/after estimates; the CLI."""

import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pypdf
import pytest
from sqlalchemy import select

from fibrotrack.reports import render_charts, render_page, render_pdf
from fibrotrack.services.assessments import list_responses, record_response
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.demo import fill_demo
from fibrotrack.services.diet import protocol_status
from fibrotrack.services.effect_estimates import effect_lines, inputs_digest, started_things
from fibrotrack.services.insights import analyze_person, person_flares
from fibrotrack.services.medications import add_medication
from fibrotrack.services.people import create_person
from fibrotrack.services.red_flags import mark_red_flag
from fibrotrack.services.report import build_report, report_period
from fibrotrack.services.review_answers import save_review_answers
from fibrotrack.storage import Database
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import EffectEstimate, Person

TODAY = date(2026, 11, 27)
SECTIONS = (
    "Scores and change since baseline",
    "Status at the latest visit",
    "Daily ratings",
    "Painful areas (ACR forms)",
    "Program",
    "Findings: what goes with pain",
    "Data completeness and methods",
)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, with runs of white space as single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def shown(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def amount(value: float) -> str:
    return f"{round(value, 2):g}"


def report_files(database: Database, person_id: int, start: date, end: date, **options):
    with database.session() as session:
        person = session.get(Person, person_id)
        report = build_report(
            session,
            person=person,
            period=report_period(start, end, today=TODAY),
            today=TODAY,
            **options,
        )
    charts = render_charts(report.charts, report.program.activity, report.body_map)
    return report, pdf_pages(render_pdf(report, charts)), render_page(report, charts)


def test_the_demo_persons_year_on_two_pages_with_its_numbers(database: Database) -> None:
    person_id = fill_demo(database, today=TODAY)
    start = TODAY - timedelta(days=364)
    with database.session() as session:
        person = session.get(Person, person_id)
        mark_red_flag(
            session,
            person=person,
            flag_id="fever",
            today=TODAY,
            day=TODAY - timedelta(days=10),
            note="38.4 °C for two days",
        )
    report, pages, html = report_files(database, person_id, start, TODAY)
    assert len(pages) == 2
    text = " ".join(pages)
    assert pages[0].startswith("Clinician report Alex (demo)")
    assert f"Period {shown(start)} – {shown(TODAY)} (365 days)" in pages[0]
    for section in SECTIONS:
        assert section in text, section
        assert section in html, section

    with database.session() as session:
        person = session.get(Person, person_id)
        responses = list_responses(session, person=person, end=TODAY)
        entries = day_entries(session, person_id=person_id, start=start, end=TODAY)
        flares = [
            flare
            for flare in person_flares(session, person=person)
            if flare.start <= TODAY and flare.end >= start and flare.confirmed is not False
        ]
        associations = analyze_person(session, person=person, today=TODAY)
        verdicts = protocol_status(session, person=person, today=TODAY).verdicts

    labels = {
        "fiqr": "FIQR total (0–100)",
        "acr2016": "ACR 2016 FS (WPI + SSS) (0–31)",
        "phq9": "PHQ-9 total (0–27)",
        "gad7": "GAD-7 total (0–21)",
    }
    for instrument, label in labels.items():
        latest = [r for r in responses if r.instrument == instrument and r.score.valid][-1]
        assert f"{label} {amount(latest.score.total)} {shown(latest.day)}" in pages[0], label
    acr = [r for r in responses if r.instrument == "acr2016" and r.score.valid][-1]
    verb = "meets" if acr.score.criteria_met else "does not meet"
    assert (
        f"ACR 2016 on {shown(acr.day)}: {verb} the 2016 research criteria (self-report; not a "
        "diagnosis)." in pages[0]
    )
    assert "diagnosed" not in text

    logged = sum(1 for entry in entries if entry.values or entry.tags)
    assert f"{logged} of 365 days logged" in pages[0]
    assert f"{len(flares)} flares in the period" in pages[0]

    self_harm = [
        r
        for r in responses
        if r.instrument == "phq9" and start <= r.day and r.answers.get("q9", 0) > 0
    ]
    assert self_harm, "the demo has a PHQ-9 with item 9 above 0"
    assert "Safety: please review" in pages[0]
    for response in self_harm:
        assert f"{shown(response.day)}: PHQ-9 item 9 answered {response.answers['q9']}" in pages[0]
    assert f"{shown(TODAY - timedelta(days=10))}: Fever" in pages[0]
    assert "38.4 °C for two days" in pages[0]

    significant = [f for f in associations.strongest() if not f.factor.startswith("intervention:")]
    assert (
        f"{len(significant)} associations survived false-discovery control (5% false discovery "
        f"rate over factors, weighted Benjamini–Hochberg) across {len(associations.findings)} "
        "tests" in pages[1]
    )
    assert "The day after gluten: pain +" in pages[1]
    for verdict in verdicts:
        assert f"{verdict.food}: {verdict.verdict.value}" in pages[1]
    assert "Walking, 10 min, every day, from" in pages[1]
    assert "Mindfulness (MBSR), 10 min, 5 days a week, from" in pages[1]
    acr_in_period = [r for r in responses if r.instrument == "acr2016" and r.day >= start]
    assert f"{len(acr_in_period)} forms, " in pages[1]
    assert "Every form: neck" in pages[1]
    for effect in report.findings.effects:
        assert effect.name in pages[1]
    walking = next(e for e in report.findings.effects if e.name == "Walking")
    assert walking.ci is not None
    assert f"95% CI {walking.ci[0]:+.1f}".replace("-", "−") in pages[1]


def test_a_person_with_almost_no_data_gets_a_report_that_says_what_is_missing(
    database: Database,
) -> None:
    with database.session() as session:
        person = create_person(session, name="Sam", timezone="UTC")
        for offset, pain in ((2, 6.0), (0, 5.0)):
            check_in(
                session,
                person=person,
                change=CheckIn(day=TODAY - timedelta(days=offset), values={"pain": pain}),
                today=TODAY,
            )
        person_id = person.id
    report, pages, html = report_files(database, person_id, None, TODAY)
    assert len(pages) == 2
    text = " ".join(pages)
    for section in SECTIONS:
        assert section in text, section
    for missing in (
        "2 of 90 days logged (2%)",
        "No PHQ-9 in the period, so item 9 could not be checked; no red-flag symptom marked.",
        "Not taken up to 27 Nov 2026: FIQR, ACR 2016, PHQ-9, GAD-7.",
        "No questionnaires yet: take a FIQR and an ACR 2016 form to start.",
        "Flares could not be checked in the period: the rule needs a pain or fatigue rating",
        "No ACR form with painful areas in this period.",
        "No practice in the plan during the period.",
        "No graded activity plan during the period.",
        "No sleep diary and no hours of sleep logged in the period.",
        "Not enough data yet: only 2 days with pain logged",
        "no association could be tested yet",
    ):
        assert missing in text, missing
        assert missing in " ".join(html.split()), missing
    assert report.charts.series[0].days_logged == 2


def test_what_the_questionnaires_cannot_tell_is_never_reported_as_a_no(
    database: Database,
) -> None:
    """A PHQ-9 with item 9 skipped is not a safety check; a follow-up with only a PHQ-9
    cannot settle FM30; a form too incomplete to score is not "not taken"."""
    fiqr = {f"f{n}": 5 for n in range(1, 10)} | {"o1": 6, "o2": 6}
    fiqr |= {f"s{n}": 6 for n in range(1, 11)}
    phq9_without_item_9 = {f"q{n}": 1 for n in range(1, 9)}
    first, follow_up = TODAY - timedelta(days=30), TODAY - timedelta(days=2)
    with database.session() as session:
        person = create_person(session, name="Ana", timezone="UTC")
        moment = datetime(2026, 11, 27, 12, tzinfo=UTC)
        for day, instrument, answers in (
            (first, "fiqr", fiqr),
            (first, "phq9", phq9_without_item_9),
            (follow_up, "phq9", phq9_without_item_9 | {"q9": 0}),
            (follow_up, "gad7", {"q1": 1}),
        ):
            record_response(
                session, person=person, instrument_id=instrument, answers=answers,
                taken_at=moment, today=TODAY, day=day,
            )  # fmt: skip
        person_id = person.id
    _, pages, html = report_files(database, person_id, None, TODAY)
    for text in (" ".join(pages), " ".join(html.split())):
        assert (
            "Safety: No PHQ-9 item 9 answer above 0 (PHQ-9 in the period); PHQ-9 item 9 was "
            f"not answered on {shown(first)}: not checked that day; no red-flag symptom marked."
        ) in text
        assert "FM30 short (Arnold 2012): cannot be determined" in text
        assert "function not measured at both visits" in text
        assert "not a responder" not in text
        assert "Taken only incomplete up to 27 Nov 2026, so not scored: GAD-7." in text
        assert "Not taken up to 27 Nov 2026: ACR 2016." in text


def test_the_latest_weekly_review_answered_in_the_period_is_in_the_program_section(
    database: Database,
) -> None:
    long_ago, last_week = TODAY - timedelta(days=120), TODAY - timedelta(days=7)
    with database.session() as session:
        person = create_person(session, name="Kim", timezone="UTC")
        check_in(
            session, person=person, change=CheckIn(day=TODAY, values={"pain": 5.0}), today=TODAY
        )
        for day, answers in (
            (long_ago, {"went_well": "Long ago"}),
            (last_week, {"got_in_the_way": "A cold", "plan_choice": "keep"}),
        ):
            save_review_answers(
                session, person=person, day=day, today=TODAY, now=datetime.now(UTC), **answers
            )
        person_id = person.id

    _, pages, html = report_files(database, person_id, None, TODAY)
    monday = last_week - timedelta(days=last_week.weekday())
    for text in (" ".join(pages), " ".join(html.split())):
        assert f"Their weekly review, week of {shown(monday)}" in text
        assert "What got in the way? A cold" in text
        assert "Keep the plan or adjust it? Keep the plan as it is" in text
        assert "Long ago" not in text and "What went well" not in text
    assert len(pages) == 2

    _, pages, html = report_files(
        database, person_id, TODAY - timedelta(days=150), TODAY - timedelta(days=100)
    )
    for text in (" ".join(pages), " ".join(html.split())):
        assert "What went well this week? Long ago" in text and "A cold" not in text

    _, pages, _ = report_files(
        database, person_id, TODAY - timedelta(days=90), TODAY - timedelta(days=30)
    )
    assert "Their weekly review" not in " ".join(pages)


def synthetic_person(database: Database, days: int = 140) -> int:
    """Someone with ``days`` days of pain and fatigue and a supplement started half way."""
    rng = np.random.default_rng(7)
    first = TODAY - timedelta(days=days - 1)
    with database.session() as session:
        person = create_person(session, name="Robin", timezone="UTC")
        for offset in range(days):
            if rng.random() < 0.1:
                continue
            day = first + timedelta(days=offset)
            pain = float(np.clip(round(5 + rng.normal(0, 1.2) - (offset > days // 2)), 0, 10))
            check_in(
                session,
                person=person,
                change=CheckIn(day=day, values={"pain": pain, "fatigue": pain}),
                today=TODAY,
            )
        add_medication(
            session,
            person=person,
            name="Magnesium",
            kind="supplement",
            start=first + timedelta(days=days // 2),
            today=TODAY,
        )
        return person.id


def test_a_stored_estimate_is_reused_until_the_diary_changes(database: Database) -> None:
    person_id = synthetic_person(database)

    def estimate() -> tuple[object, EffectEstimate]:
        with database.session() as session:
            person = session.get(Person, person_id)
            entries = day_entries(session, person_id=person_id)
            lines = effect_lines(
                session,
                person=person,
                started=started_things(session, person=person),
                entries=entries,
            )
            row = session.scalars(select(EffectEstimate)).one()
            session.expunge(row)
            return lines, row

    first_lines, first_row = estimate()
    assert first_lines[0].name == "Magnesium" and first_lines[0].ci is not None
    again_lines, again_row = estimate()
    assert again_lines == first_lines
    assert again_row.computed_at == first_row.computed_at

    with database.session() as session:
        person = session.get(Person, person_id)
        check_in(
            session,
            person=person,
            change=CheckIn(day=TODAY, values={"pain": 10.0, "fatigue": 10.0}),
            today=TODAY,
        )
    _, changed_row = estimate()
    with database.session() as session:
        person = session.get(Person, person_id)
        digest = inputs_digest(
            session,
            person=person,
            entries=day_entries(session, person_id=person_id),
            outcome="pain",
        )
    assert changed_row.inputs_digest == digest != first_row.inputs_digest
    assert changed_row.computed_at > first_row.computed_at


def test_the_cli_writes_the_pdf_and_a_standalone_html_page(cli, tmp_path: Path) -> None:
    for offset in range(5):
        day = (TODAY - timedelta(days=offset)).isoformat()
        assert cli("checkin", "--pain", "6", "--fatigue", "5", "--date", day).exit_code == 0
    pdf, html = tmp_path / "report.pdf", tmp_path / "report.html"
    result = cli(
        "report", "--to", TODAY.isoformat(), "--pdf", str(pdf), "--html", str(html), "--no-name"
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote the PDF report to {pdf}" in result.stdout
    pages = pdf_pages(pdf.read_bytes())
    assert len(pages) == 2
    assert pages[0].startswith("Clinician report Name not shown")
    assert "5 of 90 days logged" in pages[0]
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "<style>" in page and "--accent" in page, "the app's own CSS is inside the file"
    assert not re.search(r'(src|href)="(https?:)?//', page), "nothing is fetched from elsewhere"
    assert page.count('src="data:image/svg+xml;base64,') == 1
    assert "<script" not in page


def test_the_cli_writes_the_pdf_to_the_current_folder_by_default(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cli("checkin", "--pain", "4", "--date", TODAY.isoformat())
    result = cli("report", "--from", "2026-11-01", "--to", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    written = tmp_path / f"fibrotrack-report-{TODAY.isoformat()}.pdf"
    assert len(pdf_pages(written.read_bytes())) == 2
    assert "Period 2026-11-01 to 2026-11-27: 1 of 27 days logged." in result.stdout


def test_the_cli_shows_the_html_page_on_the_screen_for_a_dash(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    cli("checkin", "--pain", "4", "--date", TODAY.isoformat())
    result = cli("report", "--to", TODAY.isoformat(), "--html", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!doctype html>")
    assert "1 of 90 days logged." in result.stderr
    assert list(out.iterdir()) == [], "no file named - (and no default PDF)"
    refused = cli("report", "--to", TODAY.isoformat(), "--pdf", "-")
    assert refused.exit_code == 2
    assert "Error: pdf: a PDF cannot be shown on the screen; give a file name" in refused.stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--from", "2026-11-20", "--to", "2026-11-01"), "Error: from: 2026-11-20 is after"),
        (("--to", "2999-01-01"), "Error: to: 2999-01-01 is in the future"),
        (("--from", "2020-01-01", "--to", "2026-11-01"), "a report covers at most two years"),
        (("--from", "someday"), "Error: from:"),
        (("--pdf", "no/such/folder/report.pdf"), "Error: pdf: the folder no/such/folder does"),
    ],
)
def test_the_cli_refuses_a_bad_period_or_file_and_writes_nothing(
    cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    result = cli("report", *arguments)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(out.iterdir()) == []
