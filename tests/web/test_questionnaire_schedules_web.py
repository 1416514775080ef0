"""Questionnaire schedules on the web: the person sets, changes and stops when the FIQR, the
ACR 2016 criteria, PHQ-9 and GAD-7 are due on the Questionnaires page, sees what is due, and
the private calendar feed reminds them of each; bad input names the field and writes nothing."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from icalendar import Calendar
from sqlalchemy import select

from fibrotrack.services.assessments import record_response
from fibrotrack.storage.models import Account, Person, QuestionnaireSchedule

from .conftest import Browser, Site
from .test_web_reminders import calendar_url

TODAY = datetime.now(UTC).date()
LABELS = {"fiqr": "FIQR", "acr2016": "ACR 2016", "phq9": "PHQ-9", "gad7": "GAD-7"}


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def person_id_of(site: Site, username: str) -> int:
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        assert account.person_id is not None
        return account.person_id


def schedules(site: Site, person_id: int) -> list[tuple[str, int, date]]:
    with site.database.session() as session:
        rows = session.scalars(
            select(QuestionnaireSchedule)
            .where(QuestionnaireSchedule.person_id == person_id)
            .order_by(QuestionnaireSchedule.instrument)
        )
        return [(row.instrument, row.every_days, row.start_day) for row in rows]


def row_of(page: str, label: str) -> str:
    """The schedule list's row of one questionnaire."""
    rows = page.split('<ul class="rows schedules">')[1].split("</ul>")[0]
    return rows.split(f"<strong>{label}</strong>")[1].split("</li>")[0]


def schedule(browser: Browser, instrument: str, every: str, start: str) -> Any:
    return browser.post(
        f"/questionnaires/{instrument}/schedule",
        {"every": every, "start": start},
        page="/questionnaires",
    )


def test_set_change_and_stop_a_fiqr_schedule_and_see_what_is_due(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_id_of(site, "pat")
    page = browser.get("/questionnaires").text
    for label in ("FIQR", "ACR 2016", "PHQ-9", "GAD-7"):
        assert "Not scheduled" in row_of(page, label)
    assert 'id="every-fiqr" name="every" inputmode="numeric" value="28"' in page
    assert 'id="every-acr2016" name="every" inputmode="numeric" value="84"' in page

    saved = schedule(browser, "fiqr", "28", ago(3).isoformat())
    assert saved.status_code == 303
    page = browser.get(saved.headers["location"]).text
    assert "Saved: the FIQR every 28 days, due now." in page
    assert f"Due since {ago(3):%-d %b %Y}</strong> (every 28 days)" in row_of(page, "FIQR")
    listed = page.split('<ul class="rows questionnaires">')[1].split("</ul>")[0]
    assert f"Due since {ago(3):%-d %b %Y}" in listed  # beside the questionnaire itself too
    assert schedules(site, person_id) == [("fiqr", 28, ago(3))]

    answers = {f"f{i}": 5 for i in range(1, 10)} | {"o1": 5, "o2": 5}
    answers |= {f"s{i}": 5 for i in range(1, 11)}
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        record_response(
            session,
            person=person,
            instrument_id="fiqr",
            answers=answers,
            taken_at=datetime.combine(TODAY, time(9), tzinfo=UTC),
            today=TODAY,
        )
    after = TODAY + timedelta(days=28)
    assert f"Next due {after:%-d %b %Y} (every 28 days)" in row_of(
        browser.get("/questionnaires").text, "FIQR"
    )

    changed = schedule(browser, "FIQR", "14", ago(3).isoformat())
    page = browser.get(changed.headers["location"]).text
    soon = TODAY + timedelta(days=14)
    assert f"Saved: the FIQR every 14 days, next due {soon:%-d %B %Y}." in page
    assert schedules(site, person_id) == [("fiqr", 14, ago(3))]

    stopped = browser.post("/questionnaires/fiqr/schedule/stop", page="/questionnaires")
    assert stopped.status_code == 303
    page = browser.get(stopped.headers["location"]).text
    assert "Stopped: the FIQR is no longer scheduled." in page
    assert "Not scheduled" in row_of(page, "FIQR")
    assert schedules(site, person_id) == []
    again = browser.post("/questionnaires/fiqr/schedule/stop", page="/questionnaires")
    assert again.status_code == 422 and "has no schedule" in again.text


def test_bad_schedules_name_the_field_and_write_nothing(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_id_of(site, "pat")
    schedule(browser, "phq9", "28", TODAY.isoformat())
    cases = [
        ("acr2016", "6", "", "every", "asks about the past week"),
        ("phq9", "7", "", "every", "asks about the last 2 weeks"),
        ("fiqr", "often", "", "every", "is not a whole number of days"),
        ("fiqr", "", "", "every", "enter how often"),
        ("fiqr", "400", "", "every", "to 365"),
        ("gad7", "28", "2026-02-30", "start", "is not a real date"),
        ("pgic", "28", "", "instrument", "cannot be scheduled"),
    ]
    for instrument, every, start, field, words in cases:
        answer = schedule(browser, instrument, every, start)
        assert answer.status_code == 422, (instrument, every, start)
        text = answer.text
        error = text.split('id="error"')[1].split("</div>")[0]
        label = {"every": "Every how many days", "start": "First due on"}.get(field, field)
        assert f'<span class="field">{label}</span>: ' in error and words in error, error
        if field != "instrument":
            tag = text.split(f'id="{field}-{instrument}"')[1].split(">")[0]
            assert 'aria-invalid="true"' in tag
            assert f'value="{every if field == "every" else start}"' in tag
            assert '<details class="schedule-form" open>' in row_of(text, LABELS[instrument])
    assert schedules(site, person_id) == [("phq9", 28, TODAY)]


def test_the_calendar_feed_reminds_of_every_scheduled_questionnaire(site: Site) -> None:
    browser = site.signed_in("pat")
    browser.post("/settings/calendar", page="/settings")
    url = calendar_url(browser)
    schedule(browser, "fiqr", "28", TODAY.isoformat())
    schedule(browser, "acr2016", "84", (TODAY + timedelta(days=7)).isoformat())
    schedule(browser, "gad7", "28", TODAY.isoformat())
    feed = site.browser().get(url)
    assert feed.status_code == 200
    events = {
        str(event["summary"]): event for event in Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert set(events) == {
        "fibrotrack: daily check-in",
        "fibrotrack: FIQR questionnaire",
        "fibrotrack: ACR 2016 questionnaire",
        "fibrotrack: GAD-7 questionnaire",
    }
    fiqr, acr = (
        events["fibrotrack: FIQR questionnaire"],
        events["fibrotrack: ACR 2016 questionnaire"],
    )
    assert fiqr["rrule"]["INTERVAL"] == [28] and acr["rrule"]["INTERVAL"] == [84]
    assert fiqr.decoded("dtstart").date() == TODAY
    assert acr.decoded("dtstart").date() == TODAY + timedelta(days=7)
    assert str(fiqr["url"]).endswith("/questionnaires/fiqr")
    assert str(acr["url"]).endswith("/questionnaires/acr2016")
    browser.post("/questionnaires/acr2016/schedule/stop", page="/questionnaires")
    again = Calendar.from_ical(site.browser().get(url).content).walk("VEVENT")
    assert "fibrotrack: ACR 2016 questionnaire" not in {str(e["summary"]) for e in again}

    # Once answered, the page and the calendar both count the next time from the answer.
    with site.database.session() as session:
        person = session.get(Person, person_id_of(site, "pat"))
        assert person is not None
        record_response(
            session,
            person=person,
            instrument_id="gad7",
            answers={f"q{i}": 1 for i in range(1, 8)},
            taken_at=datetime.combine(TODAY, time(9), tzinfo=UTC),
            today=TODAY,
        )
    due = TODAY + timedelta(days=28)
    assert f"Next due {due:%-d %b %Y} (every 28 days)" in row_of(
        browser.get("/questionnaires").text, "GAD-7"
    )
    events = {
        str(event["summary"]): event
        for event in Calendar.from_ical(site.browser().get(url).content).walk("VEVENT")
    }
    assert events["fibrotrack: GAD-7 questionnaire"].decoded("dtstart").date() == due
    assert events["fibrotrack: FIQR questionnaire"].decoded("dtstart").date() == TODAY


def test_only_the_person_sets_their_schedule(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_id_of(site, "pat")
    schedule(browser, "fiqr", "28", TODAY.isoformat())
    clinician = site.signed_in("dr-lee", "clinician")
    for path, form in (
        ("/questionnaires/fiqr/schedule", {"every": "7", "start": TODAY.isoformat()}),
        ("/questionnaires/fiqr/schedule/stop", {}),
    ):
        answer = clinician.post(path, form, page="/clinician")
        assert answer.status_code == 303 and answer.headers["location"] == "/clinician"
    other = site.signed_in("ola")
    assert other.post("/questionnaires/fiqr/schedule/stop").status_code == 422
    assert schedules(site, person_id) == [("fiqr", 28, TODAY)]
