"""The body-system summaries shown to the person on /program/body and, read-only, to a
clinician they share with: the last week's sleep and the sleep window, the elimination diet
protocol, lab results, medications and supplements and the menstrual cycle, each from its
service. Reading writes nothing."""

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.body.cycle import cycle_lengths
from fibrotrack.body.sleep_window import CAUTION
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.cycle import CycleSummary, cycle_summary
from fibrotrack.services.diet import ProtocolStatus, earlier_protocols, protocol_status
from fibrotrack.services.labs import lab_history
from fibrotrack.services.medications import medications
from fibrotrack.services.sleep import current_sleep_window, sleep_report
from fibrotrack.storage.models import Person


def diet_status(session: Session, person: Person, today: date) -> ProtocolStatus | None:
    """The latest protocol's status, or None before the first."""
    try:
        return protocol_status(session, person=person, today=today)
    except InvalidEntry:
        return None


def cycle_of(session: Session, person: Person, today: date) -> CycleSummary | None:
    """The cycle summary, or None before the first period."""
    try:
        return cycle_summary(session, person=person, today=today)
    except InvalidEntry:
        return None


def body_summaries(session: Session, person: Person, today: date) -> dict[str, Any]:
    """What the summaries of the four pillars show; reading them writes nothing."""
    cycle = cycle_of(session, person, today)
    return {
        "today": today,
        "sleep": sleep_report(session, person=person, today=today, weeks=4),
        "window": current_sleep_window(session, person=person),
        "caution": CAUTION,
        "diet": diet_status(session, person, today),
        "earlier_diets": earlier_protocols(session, person=person, today=today),
        "labs": sorted(
            lab_history(session, person=person), key=lambda line: line.row.day, reverse=True
        ),
        "medications": medications(session, person=person),
        "cycle": cycle,
        "cycle_lengths": cycle_lengths(cycle.cycles) if cycle else [],
    }
