"""Clock times as a person writes them (HH:MM) and elapsed minutes between local times."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from fibrotrack.diary import InvalidEntry


def parse_clock(text: str, field: str) -> time:
    """A 24-hour clock time written HH:MM (``23:30``, ``7:05``), or ``InvalidEntry(field)``."""
    hours, separator, minutes = text.strip().partition(":")
    if (
        separator
        and hours.isdigit()
        and minutes.isdigit()
        and len(minutes) == 2
        and 0 <= int(hours) <= 23
        and 0 <= int(minutes) <= 59
    ):
        return time(int(hours), int(minutes))
    raise InvalidEntry(field, f"{text!r} is not a clock time HH:MM (00:00–23:59)")


def format_clock(moment: time | datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def elapsed_minutes(start: datetime, end: datetime, zone: ZoneInfo | None) -> int:
    """Real minutes from ``start`` to ``end``, two naive local wall-clock times.

    With a time zone the clock change is counted (a night when the clocks go back is an hour
    longer); without one, the wall-clock difference is taken.
    """
    if zone is None:
        return round((end - start).total_seconds() / 60)
    real_start = start.replace(tzinfo=zone).astimezone(UTC)
    real_end = end.replace(tzinfo=zone).astimezone(UTC)
    return round((real_end - real_start).total_seconds() / 60)
