"""When PHQ-9 and GAD-7 are due, on a schedule the person chooses.

Both questionnaires ask about the last 2 weeks (Kroenke K et al., J Gen Intern Med
2001;16:606–613; Spitzer RL et al., Arch Intern Med 2006;166:1092–1097), so a schedule repeats
every 14 days at the most often, where one answer's period ends as the next begins. Scoring and
the safety pathway belong to the instruments; this only says what is due and when.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from fibrotrack.diary import InvalidEntry

RECALL_DAYS = 14
MAX_EVERY_DAYS = 365
INSTRUMENTS = {"phq9": "PHQ-9", "gad7": "GAD-7"}


class DueState(StrEnum):
    DUE = "due"
    NOT_YET = "not yet due"


@dataclass(frozen=True)
class Schedule:
    instrument: str
    every_days: int
    start: date


@dataclass(frozen=True)
class Due:
    instrument: str
    label: str
    every_days: int
    last_taken: date | None
    due_on: date
    state: DueState
    days_overdue: int


def instrument_key(text: str) -> str:
    """``phq9`` or ``gad7`` however written (``PHQ-9``, ``gad 7``), or ``InvalidEntry``."""
    key = "".join(character for character in text.casefold() if character.isalnum())
    if key not in INSTRUMENTS:
        raise InvalidEntry(
            "instrument", f"{text!r} cannot be scheduled; choose {' or '.join(INSTRUMENTS)}"
        )
    return key


def check_schedule(instrument: str, every_days: int, start: date) -> Schedule:
    if isinstance(every_days, bool) or not isinstance(every_days, int):
        raise InvalidEntry("every", f"{every_days!r} is not a whole number of days")
    if not RECALL_DAYS <= every_days <= MAX_EVERY_DAYS:
        raise InvalidEntry(
            "every",
            f"{every_days} days: choose from {RECALL_DAYS} (the questionnaires ask about the "
            f"last 2 weeks) to {MAX_EVERY_DAYS}",
        )
    return Schedule(instrument_key(instrument), every_days, start)


def due(schedule: Schedule, last_taken: date | None, today: date) -> Due:
    """The next due date: the schedule's start, or the interval after the last time the
    questionnaire was taken if that is later."""
    due_on = schedule.start
    if last_taken is not None:
        due_on = max(due_on, last_taken + timedelta(days=schedule.every_days))
    return Due(
        instrument=schedule.instrument,
        label=INSTRUMENTS[schedule.instrument],
        every_days=schedule.every_days,
        last_taken=last_taken,
        due_on=due_on,
        state=DueState.DUE if due_on <= today else DueState.NOT_YET,
        days_overdue=max(0, (today - due_on).days),
    )
