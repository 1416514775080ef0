"""A logged session of a practice, and the rules for logging one."""

from dataclasses import dataclass
from datetime import date

from fibrotrack.diary import InvalidEntry, check_day

MAX_SESSION_MINUTES = 24 * 60
MAX_NOTE_LENGTH = 2000
MAX_SOURCE_LENGTH = 40


@dataclass(frozen=True)
class PracticeSession:
    """A practice done on a day; ``minutes`` is None when the length was not given (unknown,
    never zero)."""

    practice_id: str
    day: date
    minutes: float | None = None


def check_note(note: str | None) -> str | None:
    """A note stripped of surrounding space (None when empty), or ``InvalidEntry('note', ...)``
    when it is too long."""
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise InvalidEntry("note", f"is longer than {MAX_NOTE_LENGTH} characters")
    return note


def check_session(
    day: date, today: date, minutes: float | None, note: str | None, source: str
) -> tuple[date, float | None, str | None, str]:
    """The checked day, minutes, note and source of a session, or ``InvalidEntry``."""
    check_day(day, today)
    if minutes is not None and not 0 < minutes <= MAX_SESSION_MINUTES:
        raise InvalidEntry(
            "minutes", f"must be more than 0 and at most {MAX_SESSION_MINUTES} (got {minutes:g})"
        )
    note = check_note(note)
    source = source.strip()
    if not source or len(source) > MAX_SOURCE_LENGTH:
        raise InvalidEntry("source", f"must be 1 to {MAX_SOURCE_LENGTH} characters")
    return day, minutes, note, source
