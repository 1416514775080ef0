"""When a questionnaire is due, on a schedule the person chooses: PHQ-9, GAD-7, the FIQR and
the ACR 2016 criteria.

Each questionnaire has two numbers:

- **The shortest interval**, its recall period, so two answers never cover the same days.
  PHQ-9 and GAD-7 ask about the last 2 weeks (Kroenke K et al., J Gen Intern Med
  2001;16:606–613; Spitzer RL et al., Arch Intern Med 2006;166:1092–1097): 14 days. The FIQR
  asks about the past 7 days (Bennett RM et al., Arthritis Res Ther 2009;11:R120): 7 days. The
  2016 criteria's pain areas and symptom severity ask about the past week (Wolfe F et al., Semin
  Arthritis Rheum 2016;46:319–329): 7 days.
- **The suggested interval**, offered when the person sets a schedule. These are fibrotrack's
  choices, not published schedules, made so the status engine (docs/status.md) can use the
  answers: the FIQR every 4 weeks, because study-defined remission needs at least 2 FIQR
  4 weeks apart within 12 weeks, and a change is read against the baseline "about 4 weeks"
  later; the ACR 2016 every 12 weeks, because that rule needs a 2016 form within the same
  12 weeks and the criteria ask whether symptoms have lasted 3 months; PHQ-9 and GAD-7 every
  4 weeks, so they fall in the same visit (questionnaires within a week) as the FIQR.

Scoring and the safety pathway belong to the instruments; this only says what is due and when.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from fibrotrack.diary import InvalidEntry

MAX_EVERY_DAYS = 365


@dataclass(frozen=True)
class ScheduleRule:
    """How often a questionnaire may be scheduled, and how often fibrotrack suggests."""

    instrument: str
    label: str
    recall: str
    shortest_days: int
    suggested_days: int


RULES: dict[str, ScheduleRule] = {
    rule.instrument: rule
    for rule in (
        ScheduleRule("fiqr", "FIQR", "the past 7 days", shortest_days=7, suggested_days=28),
        ScheduleRule("acr2016", "ACR 2016", "the past week", shortest_days=7, suggested_days=84),
        ScheduleRule("phq9", "PHQ-9", "the last 2 weeks", shortest_days=14, suggested_days=28),
        ScheduleRule("gad7", "GAD-7", "the last 2 weeks", shortest_days=14, suggested_days=28),
    )
}
INSTRUMENTS = {key: rule.label for key, rule in RULES.items()}


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
    start: date
    last_taken: date | None
    due_on: date
    state: DueState
    days_overdue: int


def instrument_key(text: str) -> str:
    """``fiqr``, ``acr2016``, ``phq9`` or ``gad7`` however written (``PHQ-9``, ``ACR 2016``),
    or ``InvalidEntry``."""
    key = "".join(character for character in text.casefold() if character.isalnum())
    if key not in RULES:
        raise InvalidEntry(
            "instrument", f"{text!r} cannot be scheduled; choose one of {', '.join(RULES)}"
        )
    return key


def check_schedule(instrument: str, every_days: int, start: date) -> Schedule:
    key = instrument_key(instrument)
    if isinstance(every_days, bool) or not isinstance(every_days, int):
        raise InvalidEntry("every", f"{every_days!r} is not a whole number of days")
    rule = RULES[key]
    if not rule.shortest_days <= every_days <= MAX_EVERY_DAYS:
        raise InvalidEntry(
            "every",
            f"{every_days} days: choose from {rule.shortest_days} (the {rule.label} asks about "
            f"{rule.recall}) to {MAX_EVERY_DAYS}",
        )
    return Schedule(key, every_days, start)


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
        start=schedule.start,
        last_taken=last_taken,
        due_on=due_on,
        state=DueState.DUE if due_on <= today else DueState.NOT_YET,
        days_overdue=max(0, (today - due_on).days),
    )
