"""Red flags: a person marks a symptom that needs a doctor, and is told plainly what to do."""

from datetime import date

from sqlalchemy.orm import Session

from fibrotrack.diary import check_day
from fibrotrack.program import RedFlag, red_flag
from fibrotrack.program.sessions import check_note
from fibrotrack.storage.models import Person, RedFlagReport
from fibrotrack.storage.plan import red_flag_reports_of


def mark_red_flag(
    session: Session,
    *,
    person: Person,
    flag_id: str,
    today: date,
    day: date | None = None,
    note: str | None = None,
) -> tuple[RedFlag, RedFlagReport]:
    """Record that the person noticed red flag ``flag_id`` on ``day`` (default today); the
    flag carries the advice to show them."""
    flag = red_flag(flag_id)
    day = check_day(day or today, today)
    note = check_note(note)
    report = RedFlagReport(person_id=person.id, flag_id=flag.id, day=day, note=note)
    session.add(report)
    session.flush()
    return flag, report


def marked_red_flags(session: Session, *, person: Person) -> list[tuple[RedFlag, RedFlagReport]]:
    """The red flags the person marked, the most recent first."""
    return [
        (red_flag(report.flag_id), report)
        for report in red_flag_reports_of(session, person_id=person.id)
    ]
