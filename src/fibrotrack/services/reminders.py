"""Reminders: the private calendar feed and the optional daily e-mail."""

import smtplib
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fibrotrack.config import Settings
from fibrotrack.diary import local_today
from fibrotrack.reminders import (
    calendar_feed,
    checkin_reminder,
    email_reminder_due,
    questionnaire_reminder,
)
from fibrotrack.services.checkin import checkin_of
from fibrotrack.services.preferences import person_for_calendar_token
from fibrotrack.services.recovery import due_questionnaires
from fibrotrack.storage.models import Person, PersonPreferences

Sender = Callable[[EmailMessage], None]


def calendar_for_token(
    session: Session,
    token: str,
    *,
    checkin_url: str,
    questionnaire_url: Callable[[str], str],
    now: datetime,
) -> bytes | None:
    """The person's calendar feed, or None when the token is unknown (or was renewed): the
    daily check-in, and each questionnaire the person scheduled (``questionnaire_url`` gives
    the address of an instrument's form)."""
    found = person_for_calendar_token(session, token)
    if found is None:
        return None
    person, preferences = found
    reminder = checkin_reminder(
        uid=f"checkin-{preferences.calendar_token_hash}@fibrotrack",
        url=checkin_url,
        first_day=person.created_at.date(),
        at=preferences.reminder_time,
    )
    # Each questionnaire recurs from its next due date as the Questionnaires page shows it
    # (the schedule's start, or the interval after the last answer), so answering late moves
    # the calendar's reminders with it the next time the calendar reads the feed.
    today = local_today(person.timezone, now)
    scheduled = [
        questionnaire_reminder(
            uid=f"{item.instrument}-{preferences.calendar_token_hash}@fibrotrack",
            label=item.label,
            url=questionnaire_url(item.instrument),
            first_day=item.due_on,
            at=preferences.reminder_time,
            every_days=item.every_days,
        )
        for item in due_questionnaires(session, person=person, today=today)
    ]
    return calendar_feed([reminder, *scheduled], timezone=person.timezone, stamp=now)


def smtp_sender(settings: Settings) -> Sender:
    """Sends through the configured SMTP server (STARTTLS unless turned off)."""

    def send(message: EmailMessage) -> None:
        if not settings.smtp_host:
            raise RuntimeError("FIBROTRACK_SMTP_HOST is not set")
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)

    return send


def _message(settings: Settings, to: str, checkin_url: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "fibrotrack: how was today?"
    message["From"] = settings.smtp_from or ""
    message["To"] = to
    message.set_content(
        "Your daily check-in takes under 30 seconds; on a bad day, three taps are enough.\n\n"
        f"{checkin_url}\n\n"
        "A day you skip stays missing; it is never counted as a good day.\n"
        "You receive this because you turned on e-mail reminders in fibrotrack's Settings."
    )
    return message


def send_due_email_reminders(
    session: Session, *, settings: Settings, now: datetime, checkin_url: str, send: Sender
) -> int:
    """Send today's reminder to everyone whose time has come and who has not logged today.

    Each reminder is claimed with a conditional update before sending, so several workers or
    overlapping runs never send the same reminder twice. Returns how many were sent.
    """
    rows = session.execute(
        select(PersonPreferences, Person)
        .join(Person, Person.id == PersonPreferences.person_id)
        .where(PersonPreferences.email_reminders.is_(True))
    )
    sent = 0
    for preferences, person in list(rows):
        today = local_today(person.timezone, now)
        due = email_reminder_due(
            now=now,
            timezone=person.timezone,
            at=preferences.reminder_time,
            last_reminded_on=preferences.last_reminded_on,
            logged_today=checkin_of(session, person=person, day=today) is not None,
        )
        if due is None or not preferences.reminder_email:
            continue
        last = PersonPreferences.last_reminded_on
        claimed = session.execute(
            update(PersonPreferences)
            .where(
                PersonPreferences.person_id == person.id,
                (last.is_(None)) | (last < due),
            )
            .values(last_reminded_on=due)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            continue
        send(_message(settings, preferences.reminder_email, checkin_url))
        sent += 1
    return sent
