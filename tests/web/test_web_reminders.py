"""Reminders: the private calendar feed and e-mail through a real SMTP server."""

import re
import socket
from datetime import UTC, date, datetime, time

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from fibrotrack.config import Settings
from fibrotrack.diary import local_today
from fibrotrack.reminders import email_reminder_due
from fibrotrack.services.accounts import create_account
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.preferences import PreferencesChange, update_preferences
from fibrotrack.services.reminders import send_due_email_reminders, smtp_sender
from fibrotrack.storage import Database
from fibrotrack.storage.models import Person

from .conftest import Site


def calendar_url(browser) -> str:  # type: ignore[no-untyped-def]
    page = browser.get("/settings").text
    match = re.search(r'id="calendar-url" readonly value="http://testserver([^"]+)"', page)
    assert match
    return match.group(1)


def test_the_calendar_feed_reminds_daily_at_local_time_across_dst(site: Site) -> None:
    browser = site.signed_in("pat")
    browser.post(
        "/settings",
        {
            "timezone": "Europe/London",
            "theme": "system",
            "units": "metric",
            "reminder_time": "20:15",
        },
        page="/settings",
    )
    browser.post("/settings/calendar", page="/settings")
    url = calendar_url(browser)
    feed = site.browser().get(url)  # a calendar app: no cookies at all
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (20, 15)
    assert str(start.tzinfo) == "Europe/London"
    assert event["rrule"]["FREQ"] == ["DAILY"]
    assert "/today" in str(event["url"])
    assert [c.name for c in event.walk("VALARM")] == ["VALARM"]
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/London"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert "pain" not in feed.text.lower().replace("painless", "")


def test_renewing_the_calendar_address_ends_the_old_one(site: Site) -> None:
    browser = site.signed_in("pat")
    browser.post("/settings/calendar", page="/settings")
    old = calendar_url(browser)
    browser.post("/settings/calendar", page="/settings")
    new = calendar_url(browser)
    assert old != new
    assert site.browser().get(old).status_code == 404
    assert site.browser().get(new).status_code == 200
    assert site.browser().get("/calendar/" + "0" * 64 + ".ics").status_code == 404


def test_the_email_reminder_is_due_once_after_its_time_and_only_when_not_logged() -> None:
    at = time(20, 0)
    evening = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)  # 20:30 in London (summer time)
    morning = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    kwargs = {"timezone": "Europe/London", "at": at}
    assert email_reminder_due(
        now=evening, last_reminded_on=None, logged_today=False, **kwargs
    ) == date(2026, 7, 1)
    assert (
        email_reminder_due(now=morning, last_reminded_on=None, logged_today=False, **kwargs) is None
    )
    assert (
        email_reminder_due(now=evening, last_reminded_on=None, logged_today=True, **kwargs) is None
    )
    assert (
        email_reminder_due(
            now=evening, last_reminded_on=date(2026, 7, 1), logged_today=False, **kwargs
        )
        is None
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def person_with_reminder(database: Database, username: str, email: str, settings: Settings) -> int:
    with database.session() as session:
        account = create_account(
            session,
            username=username,
            password="a long password",
            role="person",
            name=None,
            timezone="UTC",
        )
        person = session.get(Person, account.person_id)
        assert person is not None
        update_preferences(
            session,
            person=person,
            change=PreferencesChange(
                timezone="UTC",
                theme="system",
                units="metric",
                crisis_country="",
                reminder_time="00:00",
                reminder_email=email,
                email_reminders=True,
            ),
            email_enabled=settings.email_enabled,
        )
        return person.id


def test_email_reminders_go_to_those_who_have_not_logged_once_a_day(
    database: Database, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    settings = Settings(
        smtp_host="127.0.0.1", smtp_port=port, smtp_from="fibrotrack@localhost", smtp_starttls=False
    )
    person_with_reminder(database, "pat", "pat@example.org", settings)
    logged = person_with_reminder(database, "ola", "ola@example.org", settings)
    now = datetime.now(UTC)
    with database.session() as session:
        ola = session.get(Person, logged)
        assert ola is not None
        check_in(
            session,
            person=ola,
            change=CheckIn(day=local_today("UTC", now), values={"pain": 3}),
            today=local_today("UTC", now),
        )

    def run() -> int:
        with database.session() as session:
            return send_due_email_reminders(
                session,
                settings=settings,
                now=now,
                checkin_url="https://fibro.example/today",
                send=smtp_sender(settings),
            )

    assert run() == 1
    assert run() == 0  # already sent today
    ((recipients, content),) = inbox.messages
    assert recipients == ["pat@example.org"]
    assert b"https://fibro.example/today" in content
    assert b"never counted as a good day" in content


def test_email_reminders_need_smtp_settings(site: Site) -> None:
    browser = site.signed_in("pat")
    page = browser.get("/settings").text
    assert "E-mail reminders are not set up on this server" in page
    refused = browser.post(
        "/settings",
        {
            "timezone": "UTC",
            "theme": "system",
            "units": "metric",
            "reminder_time": "20:00",
            "email_reminders": "1",
            "reminder_email": "pat@example.org",
        },
        page="/settings",
    )
    assert refused.status_code == 422


def test_the_remind_command_sends_through_smtp(cli, smtp_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    monkeypatch.setenv("FIBROTRACK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FIBROTRACK_SMTP_PORT", str(port))
    monkeypatch.setenv("FIBROTRACK_SMTP_FROM", "fibrotrack@localhost")
    monkeypatch.setenv("FIBROTRACK_SMTP_STARTTLS", "false")
    monkeypatch.setenv("FIBROTRACK_PUBLIC_URL", "https://fibro.example")
    from fibrotrack.storage import open_database

    database = open_database(cli.url)
    database.upgrade()
    person_with_reminder(database, "pat", "pat@example.org", Settings(smtp_host="x", smtp_from="y"))
    database.dispose()
    result = cli("remind")
    assert result.exit_code == 0, result.output
    assert "Sent 1 reminder." in result.output
    assert b"https://fibro.example/today" in inbox.messages[0][1]
