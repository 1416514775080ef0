"""When the daily e-mail reminder is due."""

from datetime import date, datetime, time

from fibrotrack.diary.days import local_today, zone


def email_reminder_due(
    *,
    now: datetime,
    timezone: str,
    at: time,
    last_reminded_on: date | None,
    logged_today: bool,
) -> date | None:
    """The person's local date if today's reminder should go out at ``now``, else None.

    It goes out once a day, once the local time has reached ``at``, and only when the day is
    not logged yet: a person who already checked in is not nagged.
    """
    today = local_today(timezone, now)
    if logged_today or last_reminded_on == today:
        return None
    if now.astimezone(zone(timezone)).time() < at:
        return None
    return today
