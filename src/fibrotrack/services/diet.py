"""The elimination → reintroduction protocol: start it, log each day, see today and the verdicts."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.body.elimination import (
    DEFAULT_BASELINE_DAYS,
    DEFAULT_CHALLENGE_DAYS,
    DEFAULT_ELIMINATION_DAYS,
    DEFAULT_WASHOUT_DAYS,
    Phase,
    ProtocolDay,
    ProtocolPlan,
    baseline_days,
    check_plan,
    check_start,
    end_of,
    excluded_days,
    protocol_day,
    response_window,
    schedule,
)
from fibrotrack.body.food_verdict import FoodVerdict, OutcomeChange, food_verdict
from fibrotrack.diary import (
    CHECKIN_SOURCE,
    InvalidEntry,
    Pillar,
    VariableDefinition,
    VariableKind,
    check_day,
    check_value,
)
from fibrotrack.storage.body import daily_values, diet_days, diet_protocols
from fibrotrack.storage.catalogue import ensure_person_variable, variables_of
from fibrotrack.storage.diary import set_observation
from fibrotrack.storage.models import DietDay, DietProtocol, Person, Variable

GI_SYMPTOMS = VariableDefinition(
    key="gi_symptoms",
    label="GI symptoms",
    kind=VariableKind.SCALE,
    pillar=Pillar.GUT,
    minimum=0,
    maximum=10,
    higher_is_worse=True,
    description="Gut symptoms today (bloating, pain, bowel upset), 0 = none, 10 = worst.",
)
DEFAULT_OUTCOMES = (GI_SYMPTOMS.key,)
MAX_NOTE_LENGTH = 2000
HONESTY = (
    "No diet has strong evidence in fibromyalgia. This protocol tests your own suspicion about "
    "these foods; a verdict is a pattern in a few days of your diary, not proof. Talk to your "
    "clinician or a dietitian before cutting out foods for good."
)


def plan_of(row: DietProtocol) -> ProtocolPlan:
    return ProtocolPlan(
        start=row.start_day,
        foods=tuple(row.foods),
        baseline_days=row.baseline_days,
        elimination_days=row.elimination_days,
        challenge_days=row.challenge_days,
        washout_days=row.washout_days,
    )


def latest_protocol(session: Session, *, person: Person) -> DietProtocol | None:
    """The protocol started last (running, finished or stopped), or None: one cancelled
    before it began never hides the one started after it."""
    protocols = diet_protocols(session, person_id=person.id)
    return max(protocols, key=lambda row: row.id) if protocols else None


def _cancelled(row: DietProtocol) -> bool:
    return row.stopped_day is not None and row.stopped_day < row.start_day


def protocols_during(
    session: Session, *, person: Person, first: date, last: date
) -> list[DietProtocol]:
    """Every protocol with a day from ``first`` to ``last``, oldest first (one cancelled before
    it began has none)."""
    return [
        row
        for row in diet_protocols(session, person_id=person.id)
        if not _cancelled(row) and row.start_day <= last and _last_day(row) >= first
    ]


def outcome_choices(session: Session, *, person: Person) -> dict[str, Variable]:
    """The ratings a protocol can be judged by, by key: the person's 0–10 ratings whose worse
    direction is known (a rise in GI symptoms is worse, a fall in mood is)."""
    return {
        key: variable
        for key, variable in variables_of(session, person_id=person.id).items()
        if variable.kind == VariableKind.SCALE.value
        and variable.minimum == 0
        and variable.maximum == 10
        and variable.higher_is_worse is not None
    }


def _is_running(row: DietProtocol, today: date) -> bool:
    return row.stopped_day is None and end_of(plan_of(row)) >= today


def start_protocol(
    session: Session,
    *,
    person: Person,
    foods: Sequence[str],
    start: date,
    today: date,
    baseline: int = DEFAULT_BASELINE_DAYS,
    elimination: int = DEFAULT_ELIMINATION_DAYS,
    challenge: int = DEFAULT_CHALLENGE_DAYS,
    washout: int = DEFAULT_WASHOUT_DAYS,
    outcomes: Sequence[str] = DEFAULT_OUTCOMES,
) -> DietProtocol:
    """Start a protocol on ``start`` (at most a week back, to catch up, and at most 30 days
    ahead, to plan it)."""
    check_start(start, today)
    plan = check_plan(ProtocolPlan(start, tuple(foods), baseline, elimination, challenge, washout))
    for row in diet_protocols(session, person_id=person.id):
        if _is_running(row, today):
            raise InvalidEntry(
                "protocol",
                f"a protocol started on {row.start_day} is still running; stop it first",
            )
    ensure_person_variable(session, person_id=person.id, definition=GI_SYMPTOMS)
    known = outcome_choices(session, person=person)
    chosen = list(dict.fromkeys(outcome.strip() for outcome in outcomes if outcome.strip()))
    if not chosen:
        raise InvalidEntry("outcome", "choose at least one outcome, e.g. gi_symptoms")
    for outcome in chosen:
        if outcome not in known:
            raise InvalidEntry(
                "outcome",
                f"{outcome!r} is not a 0–10 rating that says which way is worse; choose from "
                f"{', '.join(sorted(known))}",
            )
    row = DietProtocol(
        person_id=person.id,
        start_day=plan.start,
        foods=list(plan.foods),
        baseline_days=plan.baseline_days,
        elimination_days=plan.elimination_days,
        challenge_days=plan.challenge_days,
        washout_days=plan.washout_days,
        outcomes=chosen,
    )
    session.add(row)
    session.flush()
    return row


def protocol_to_stop(session: Session, *, person: Person, day: date, today: date) -> DietProtocol:
    """The protocol ``stop_protocol`` would stop on ``day``, or ``InvalidEntry`` when none is
    running then; nothing changes."""
    check_day(day, today)
    row = latest_protocol(session, person=person)
    if row is None or not _is_running(row, day):
        raise InvalidEntry("protocol", "no protocol is running")
    return row


def stop_protocol(session: Session, *, person: Person, day: date, today: date) -> DietProtocol:
    """Stop the running protocol on ``day`` (its last day); stopped before its start, it is
    cancelled."""
    row = protocol_to_stop(session, person=person, day=day, today=today)
    row.stopped_day = day
    session.flush()
    return row


def log_diet_day(
    session: Session,
    *,
    person: Person,
    day: date,
    today: date,
    followed: bool | None = None,
    gi_symptoms: float | None = None,
    note: str | None = None,
) -> None:
    """Record whether the day's plan was followed and the day's GI symptoms (0–10, stored as
    the person's own ``gi_symptoms`` rating, so every analysis sees it)."""
    check_day(day, today)
    if followed is None and gi_symptoms is None and not note:
        raise InvalidEntry("diet", "nothing to record; give --followed/--slipped or --gi N")
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise InvalidEntry("note", f"is longer than {MAX_NOTE_LENGTH} characters")
    value = None if gi_symptoms is None else check_value(GI_SYMPTOMS, gi_symptoms)
    row = latest_protocol(session, person=person)
    in_protocol = row is not None and row.start_day <= day <= _last_day(row)
    if (followed is not None or note) and not in_protocol:
        if row is not None and row.stopped_day is not None and day > row.stopped_day:
            raise InvalidEntry(
                "date", f"{day} is after the diet protocol was stopped on {row.stopped_day}"
            )
        raise InvalidEntry("date", f"{day} is not a day of a diet protocol")
    if value is not None:
        variable = ensure_person_variable(session, person_id=person.id, definition=GI_SYMPTOMS)
        set_observation(
            session,
            person_id=person.id,
            variable=variable,
            day=day,
            value=value,
            source=CHECKIN_SOURCE,
        )
    if row is not None and in_protocol and (followed is not None or note):
        existing = {
            entry.day: entry
            for entry in diet_days(session, person_id=person.id, protocol_id=row.id)
        }
        entry = existing.get(day)
        if entry is None:
            entry = DietDay(person_id=person.id, protocol_id=row.id, day=day)
            session.add(entry)
        if followed is not None:
            entry.followed = followed
        if note:
            entry.note = note.strip()
    session.flush()


@dataclass(frozen=True)
class Adherence:
    followed: int
    slipped: int
    not_said: int


@dataclass(frozen=True)
class ProtocolStatus:
    protocol: DietProtocol
    today: ProtocolDay
    stopped: date | None
    adherence: Adherence
    verdicts: list[FoodVerdict]
    pending: list[tuple[str, date]]


def protocol_status(
    session: Session, *, person: Person, today: date, protocol: DietProtocol | None = None
) -> ProtocolStatus:
    """What today is in ``protocol`` (default the latest), its adherence so far, and the
    verdict on every food whose response window is over (the others are pending)."""
    row = protocol or latest_protocol(session, person=person)
    if row is None:
        raise InvalidEntry("protocol", "no diet protocol yet; start one first")
    plan = plan_of(row)
    last_day = min(today, end_of(plan), row.stopped_day or today)
    logged = diet_days(session, person_id=person.id, protocol_id=row.id)
    elimination_start = schedule(plan)[1].first
    asked = [
        elimination_start + timedelta(days=offset)
        for offset in range(max(0, (last_day - elimination_start).days + 1))
    ]
    said = {entry.day: entry.followed for entry in logged if entry.followed is not None}
    adherence = Adherence(
        followed=sum(1 for day in asked if said.get(day) is True),
        slipped=sum(1 for day in asked if said.get(day) is False),
        not_said=sum(1 for day in asked if day not in said),
    )
    slips = [day for day, followed in said.items() if followed is False]
    excluded = excluded_days(slips)
    series = daily_values(
        session, person_id=person.id, keys=row.outcomes, start=plan.start, end=end_of(plan)
    )
    known = variables_of(session, person_id=person.id)
    directions = {
        outcome: known[outcome].higher_is_worse if outcome in known else None
        for outcome in row.outcomes
    }
    base_first, base_last = baseline_days(plan)
    baselines = {
        outcome: {
            day: value
            for day, value in values.items()
            if base_first <= day <= base_last and day not in excluded
        }
        for outcome, values in series.items()
    }
    verdicts, pending = [], []
    for food in plan.foods:
        first, last = response_window(plan, food)
        if last >= today or (row.stopped_day is not None and row.stopped_day < last):
            pending.append((food, first))
            continue
        windows = {
            outcome: {
                day: value
                for day, value in values.items()
                if first <= day <= last and day not in excluded
            }
            for outcome, values in series.items()
        }
        verdicts.append(food_verdict(food, baselines, windows, higher_is_worse=directions))
    return ProtocolStatus(
        protocol=row,
        today=protocol_day(plan, today)
        if row.stopped_day is None
        else ProtocolDay(today, Phase.FINISHED, None, 0, 0, _stopped(row.stopped_day, plan)),
        stopped=row.stopped_day,
        adherence=adherence,
        verdicts=verdicts,
        pending=pending,
    )


def earlier_protocols(session: Session, *, person: Person, today: date) -> list[ProtocolStatus]:
    """Every protocol before the latest that ran at least a day, newest first, as of
    ``today``: finished or stopped, each keeps its verdicts."""
    latest = latest_protocol(session, person=person)
    rows = [
        row
        for row in diet_protocols(session, person_id=person.id)
        if row is not latest and not _cancelled(row)
    ]
    return [
        protocol_status(session, person=person, today=today, protocol=row)
        for row in sorted(rows, key=lambda row: row.id, reverse=True)
    ]


def _last_day(row: DietProtocol) -> date:
    """The protocol's last day: its planned end, or the day it was stopped."""
    return min(end_of(plan_of(row)), row.stopped_day or date.max)


def protocol_span(row: DietProtocol) -> str:
    """When the protocol ran: "from 2026-09-01 to 2026-10-12", or "…, stopped 2026-09-20"."""
    if row.stopped_day is not None:
        return f"from {row.start_day}, stopped {row.stopped_day}"
    return f"from {row.start_day} to {end_of(plan_of(row))}"


def _stopped(day: date, plan: ProtocolPlan) -> str:
    if day < plan.start:
        return f"Cancelled on {day}, before it began on {plan.start}."
    return f"Stopped on {day}."


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _change_json(change: OutcomeChange) -> dict[str, Any]:
    return {
        "outcome": change.outcome,
        "higher_is_worse": change.higher_is_worse,
        "verdict": change.verdict.value,
        "difference": _round(change.difference),
        "interval": None if change.low is None else [_round(change.low), _round(change.high)],
        "confidence": round(change.confidence, 4),
        "baseline_mean": _round(change.baseline_mean),
        "challenge_mean": _round(change.window_mean),
        "baseline_days": change.baseline_days,
        "challenge_days": change.window_days,
        "autocorrelation": _round(change.autocorrelation),
        "reason": change.reason,
    }


def verdict_json(verdict: FoodVerdict) -> dict[str, Any]:
    return {
        "food": verdict.food,
        "verdict": verdict.verdict.value,
        "outcomes": [_change_json(change) for change in verdict.outcomes],
    }


def protocol_json(row: DietProtocol) -> dict[str, Any]:
    """The protocol's dates, foods and outcomes."""
    return {
        "start": row.start_day.isoformat(),
        "end": end_of(plan_of(row)).isoformat(),
        "stopped": None if row.stopped_day is None else row.stopped_day.isoformat(),
        "foods": list(row.foods),
        "outcomes": list(row.outcomes),
    }


def earlier_json(earlier: Sequence[ProtocolStatus]) -> list[dict[str, Any]]:
    """Earlier protocols, each with its verdicts."""
    return [
        {
            **protocol_json(status.protocol),
            "verdicts": [verdict_json(verdict) for verdict in status.verdicts],
        }
        for status in earlier
    ]


def status_json(status: ProtocolStatus) -> dict[str, Any]:
    row = status.protocol
    plan = plan_of(row)
    return {
        "protocol": {
            **protocol_json(row),
            "schedule": [
                {
                    "phase": stage.phase.value,
                    "food": stage.food,
                    "first": stage.first.isoformat(),
                    "last": stage.last.isoformat(),
                }
                for stage in schedule(plan)
            ],
        },
        "today": {
            "date": status.today.day.isoformat(),
            "phase": status.today.phase.value,
            "food": status.today.food,
            "day": status.today.day_number,
            "of": status.today.days_in_phase,
            "instruction": status.today.instruction,
        },
        "adherence": {
            "followed": status.adherence.followed,
            "slipped": status.adherence.slipped,
            "not_said": status.adherence.not_said,
        },
        "verdicts": [verdict_json(verdict) for verdict in status.verdicts],
        "pending": [
            {"food": food, "challenge_starts": day.isoformat()} for food, day in status.pending
        ],
        "note": HONESTY,
    }
