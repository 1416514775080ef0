"""Reminders: the private calendar feed and when an e-mail reminder is due. Pure: no I/O."""

from fibrotrack.reminders.calendar import (
    Reminder,
    calendar_feed,
    checkin_reminder,
    questionnaire_reminder,
)
from fibrotrack.reminders.schedule import email_reminder_due

__all__ = [
    "Reminder",
    "calendar_feed",
    "checkin_reminder",
    "email_reminder_due",
    "questionnaire_reminder",
]
