"""The private calendar feed (iCalendar, RFC 5545) that lets any phone calendar remind a person.

Each reminder is a recurring event in the person's own time zone (with its VTIMEZONE, so the
reminder stays at the same local time across daylight-saving changes) and an alarm at its start.
Scheduled questionnaires become further ``Reminder`` values in the same feed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from fibrotrack.diary.days import zone

PRODUCT_ID = "-//fibrotrack//reminders//EN"


@dataclass(frozen=True)
class Reminder:
    """A recurring reminder: ``rule`` is an RFC 5545 RRULE such as ``{"FREQ": "DAILY"}``."""

    uid: str
    summary: str
    description: str
    url: str
    first_day: date
    at: time
    rule: dict[str, str]
    minutes: int = 5


def checkin_reminder(*, uid: str, url: str, first_day: date, at: time) -> Reminder:
    """The daily check-in reminder."""
    return Reminder(
        uid=uid,
        summary="fibrotrack: daily check-in",
        description=(
            "How was today? The check-in takes under 30 seconds; on a bad day, "
            f"three taps are enough. {url}"
        ),
        url=url,
        first_day=first_day,
        at=at,
        rule={"FREQ": "DAILY"},
    )


def questionnaire_reminder(
    *, uid: str, label: str, url: str, first_day: date, at: time, every_days: int
) -> Reminder:
    """A questionnaire the person chose to answer every ``every_days`` days (PHQ-9, GAD-7,
    FIQR, ACR 2016)."""
    return Reminder(
        uid=uid,
        summary=f"fibrotrack: {label} questionnaire",
        description=f"Time for your {label} (every {every_days} days). {url}",
        url=url,
        first_day=first_day,
        at=at,
        rule={"FREQ": "DAILY", "INTERVAL": str(every_days)},
    )


def calendar_feed(reminders: Sequence[Reminder], *, timezone: str, stamp: datetime) -> bytes:
    """The iCalendar document for ``reminders`` in ``timezone``; ``stamp`` is DTSTAMP (UTC)."""
    tz = zone(timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "fibrotrack reminders")
    for reminder in reminders:
        start = datetime.combine(reminder.first_day, reminder.at, tzinfo=tz)
        event = Event()
        event.add("uid", reminder.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=reminder.minutes))
        event.add("rrule", reminder.rule)
        event.add("summary", reminder.summary)
        event.add("description", reminder.description)
        event.add("url", reminder.url)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.summary)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    first = min((r.first_day for r in reminders), default=stamp.date())
    calendar.add_missing_timezones(
        first_date=first - timedelta(days=1), last_date=first + timedelta(days=3 * 365)
    )
    document: bytes = calendar.to_ical()
    return document
