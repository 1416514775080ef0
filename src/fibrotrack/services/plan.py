"""The personal plan: add, change and stop practices, log sessions, adherence and the weekly
review.

Every plan change is also an ``Intervention`` (opened or closed on the same days), so the
insight engine can evaluate each practice. Everything is checked before anything is written.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.diary import CORE_VARIABLES, InvalidEntry, VariableKind, check_day
from fibrotrack.program import (
    PlanPeriod,
    Practice,
    PracticeSession,
    PracticeToday,
    Schedule,
    WeekAdherence,
    WeeklyReview,
    catalogue,
    check_change,
    check_schedule,
    check_session,
    check_start,
    check_stop,
    practices_today,
    weekly_adherence,
    weekly_review,
)
from fibrotrack.program.sessions import check_note
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import Intervention, Person, PlanItem, PracticeLog
from fibrotrack.storage.plan import (
    open_plan_item,
    plan_items_of,
    practice_logs_of,
    unlinked_intervention,
)

PERSON_SOURCE = "fibrotrack"
REVIEW_VARIABLES = tuple(v.key for v in CORE_VARIABLES if v.kind == VariableKind.SCALE)

RECENT_DAYS = 28
"""How far back the list of logged sessions goes, where a mistake can be deleted."""


def schedule_of(item: PlanItem) -> Schedule:
    return Schedule(days_per_week=item.days_per_week, minutes=item.minutes)


def period_of(item: PlanItem) -> PlanPeriod:
    return PlanPeriod(item.practice_id, schedule_of(item), item.start_day, item.stop_day)


def plan_history(session: Session, *, person: Person) -> list[PlanItem]:
    """Every version of every practice in the plan, oldest first."""
    return plan_items_of(session, person_id=person.id)


def current_plan(session: Session, *, person: Person, today: date) -> list[PlanItem]:
    """The practices in the plan today."""
    return [item for item in plan_history(session, person=person) if period_of(item).covers(today)]


def _describe_intervention(intervention: Intervention, practice: Practice, item: PlanItem) -> None:
    schedule = schedule_of(item)
    intervention.dose = schedule.describe() if schedule.days_per_week else None
    intervention.details = {
        "plan_item_id": item.id,
        "days_per_week": item.days_per_week,
        "minutes": item.minutes,
        "pillar": practice.pillar.value,
        "evidence": practice.evidence.value,
    }


def _open_intervention(
    session: Session, person: Person, practice: Practice, item: PlanItem, *, adopt: bool
) -> Intervention:
    found = (
        unlinked_intervention(
            session, person_id=person.id, practice_id=practice.id, start_day=item.start_day
        )
        if adopt
        else None
    )
    intervention = found or Intervention(
        person_id=person.id,
        kind=practice.kind.value,
        name=practice.name,
        practice_id=practice.id,
        start_day=item.start_day,
        note=item.note,
    )
    intervention.kind = practice.kind.value
    intervention.name = practice.name
    _describe_intervention(intervention, practice, item)
    session.add(intervention)
    session.flush()
    item.intervention_id = intervention.id
    return intervention


def add_practice(
    session: Session,
    *,
    person: Person,
    practice_id: str,
    today: date,
    start: date | None = None,
    days_per_week: int | None = None,
    minutes: int | None = None,
    note: str | None = None,
) -> PlanItem:
    """Put a practice in the plan from ``start`` (default today). Without a schedule, the
    catalogue's starting schedule is used. An open intervention for the same practice and day
    that no plan item uses yet (from an import) is adopted rather than duplicated."""
    practice = catalogue().practice(practice_id)
    if days_per_week is None and minutes is None:
        days_per_week, minutes = practice.days_per_week, practice.minutes
    schedule = check_schedule(days_per_week, minutes)
    periods = [period_of(item) for item in plan_history(session, person=person)]
    start = check_start(periods, practice.id, start or today, today)
    item = PlanItem(
        person_id=person.id,
        practice_id=practice.id,
        days_per_week=schedule.days_per_week,
        minutes=schedule.minutes,
        start_day=start,
        note=check_note(note),
    )
    session.add(item)
    session.flush()
    _open_intervention(session, person, practice, item, adopt=True)
    session.flush()
    return item


def _open_item(session: Session, person: Person, practice_id: str) -> PlanItem:
    item = open_plan_item(session, person_id=person.id, practice_id=practice_id)
    if item is None:
        raise InvalidEntry("practice", f"{practice_id} is not in your plan; add it first")
    return item


def change_practice(
    session: Session,
    *,
    person: Person,
    practice_id: str,
    today: date,
    day: date | None = None,
    days_per_week: int | None = None,
    minutes: int | None = None,
) -> PlanItem:
    """Change a practice's schedule from ``day`` (default today). The old version stops the day
    before and stays in the history, with its intervention closed; a change on the day the
    version started corrects it instead."""
    practice = catalogue().practice(practice_id)
    schedule = check_schedule(days_per_week, minutes)
    day = day or today
    item = _open_item(session, person, practice.id)
    check_change(period_of(item), schedule, day, today)
    intervention = session.get(Intervention, item.intervention_id) if item.intervention_id else None
    if day == item.start_day:
        item.days_per_week, item.minutes = schedule.days_per_week, schedule.minutes
        if intervention is not None:
            _describe_intervention(intervention, practice, item)
        session.flush()
        return item
    item.stop_day = day - timedelta(days=1)
    item.end_reason = "changed"
    if intervention is not None:
        intervention.end_day = item.stop_day
    successor = PlanItem(
        person_id=person.id,
        practice_id=practice.id,
        days_per_week=schedule.days_per_week,
        minutes=schedule.minutes,
        start_day=day,
        replaces_id=item.id,
        note=item.note,
    )
    session.add(successor)
    session.flush()
    _open_intervention(session, person, practice, successor, adopt=False)
    session.flush()
    return successor


def stop_practice(
    session: Session, *, person: Person, practice_id: str, today: date, day: date | None = None
) -> PlanItem:
    """Stop a practice; ``day`` (default today) is its last day in the plan. Its intervention
    ends on the same day."""
    practice = catalogue().practice(practice_id)
    day = day or today
    item = _open_item(session, person, practice.id)
    check_stop(period_of(item), day, today)
    item.stop_day = day
    item.end_reason = "stopped"
    if item.intervention_id is not None:
        intervention = session.get(Intervention, item.intervention_id)
        if intervention is not None:
            intervention.end_day = day
    session.flush()
    return item


def log_practice(
    session: Session,
    *,
    person: Person,
    practice_id: str,
    day: date,
    today: date,
    minutes: float | None = None,
    note: str | None = None,
    source: str = PERSON_SOURCE,
) -> PracticeLog:
    """Record a session of a practice on ``day``. The practice need not be in the plan (a
    therapy session counts whenever it happens); the day cannot be in the future and minutes,
    when given, must be more than 0."""
    practice = catalogue().practice(practice_id)
    day, minutes, note, source = check_session(day, today, minutes, note, source)
    log = PracticeLog(
        person_id=person.id,
        practice_id=practice.id,
        day=day,
        minutes=minutes,
        note=note,
        source=source,
    )
    session.add(log)
    session.flush()
    return log


def practice_log(session: Session, *, person: Person, log_id: int) -> PracticeLog:
    """One of the person's logged sessions; ``InvalidEntry`` for any other id."""
    row = session.get(PracticeLog, log_id)
    if row is None or row.person_id != person.id:
        raise InvalidEntry("session", f"no logged session {log_id} of yours")
    return row


def delete_practice_log(session: Session, *, person: Person, log_id: int) -> PracticeLog:
    """Delete a session logged by mistake (a double tap, a wrong day): the person's own only."""
    row = practice_log(session, person=person, log_id=log_id)
    session.delete(row)
    session.flush()
    return row


def recent_practice_logs(
    session: Session, *, person: Person, today: date, days: int = RECENT_DAYS
) -> list[PracticeLog]:
    """The sessions logged in the last ``days`` days, the latest first."""
    rows = practice_logs_of(
        session, person_id=person.id, start=today - timedelta(days=days - 1), end=today
    )
    return rows[::-1]


def practice_sessions(
    session: Session, *, person: Person, start: date | None = None, end: date | None = None
) -> list[PracticeSession]:
    return [
        PracticeSession(log.practice_id, log.day, log.minutes)
        for log in practice_logs_of(session, person_id=person.id, start=start, end=end)
    ]


def adherence(
    session: Session, *, person: Person, today: date, weeks: int | None = None
) -> list[WeekAdherence]:
    """Adherence per practice and week, oldest first (the last ``weeks`` weeks if given)."""
    periods = [period_of(item) for item in plan_history(session, person=person)]
    first = today - timedelta(weeks=weeks) if weeks else None
    sessions = practice_sessions(session, person=person, start=first, end=today)
    return weekly_adherence(periods, sessions, today=today, weeks=weeks)


def practices_of_today(session: Session, *, person: Person, today: date) -> list[PracticeToday]:
    """The scheduled practices of today's plan, due ones first: two queries, for the Today
    page."""
    periods = [period_of(item) for item in plan_history(session, person=person)]
    monday = today - timedelta(days=today.weekday())
    sessions = practice_sessions(session, person=person, start=monday, end=today)
    return list(practices_today(periods, sessions, today=today))


def review_week(session: Session, *, person: Person, day: date, today: date) -> WeeklyReview:
    """The weekly review of the week containing ``day``: planned, done, how symptoms moved."""
    check_day(day, today)
    periods = [period_of(item) for item in plan_history(session, person=person)]
    monday = day - timedelta(days=day.weekday())
    first, last = monday - timedelta(days=7), monday + timedelta(days=6)
    sessions = practice_sessions(session, person=person, start=first, end=last)
    symptoms: dict[str, dict[date, float]] = {key: {} for key in REVIEW_VARIABLES}
    for entry in day_entries(session, person_id=person.id, start=first, end=last):
        for key in REVIEW_VARIABLES:
            if key in entry.values:
                symptoms[key][entry.day] = entry.values[key]
    return weekly_review(periods, sessions, symptoms, day=day, today=today)


def plan_item_json(item: PlanItem) -> dict[str, Any]:
    practice = catalogue().practice(item.practice_id)
    return {
        "id": item.id,
        "practice": item.practice_id,
        "name": practice.name,
        "pillar": practice.pillar.value,
        "evidence": practice.evidence.value,
        "days_per_week": item.days_per_week,
        "minutes": item.minutes,
        "schedule": schedule_of(item).describe(),
        "start": item.start_day.isoformat(),
        "stop": item.stop_day.isoformat() if item.stop_day else None,
        "end_reason": item.end_reason,
        "replaces": item.replaces_id,
        "intervention": item.intervention_id,
    }


def week_adherence_json(week: WeekAdherence) -> dict[str, Any]:
    return {
        "practice": week.practice_id,
        "week_start": week.week_start.isoformat(),
        "days_in_plan": week.days_in_plan,
        "planned_sessions": week.planned_sessions,
        "done_sessions": week.done_sessions,
        "planned_minutes": week.planned_minutes,
        "done_minutes": week.done_minutes,
        "sessions_without_minutes": week.sessions_without_minutes,
        "adherence": round(week.ratio, 3) if week.ratio is not None else None,
        "complete": week.complete,
    }


def review_json(review: WeeklyReview) -> dict[str, Any]:
    return {
        "week_start": review.week_start.isoformat(),
        "week_end": review.week_end.isoformat(),
        "planned": [week_adherence_json(week) for week in review.planned],
        "unplanned_sessions": dict(review.unplanned_sessions),
        "symptoms": [
            {
                "variable": move.key,
                "mean": _rounded(move.mean),
                "days_logged": move.days_logged,
                "previous_mean": _rounded(move.previous_mean),
                "previous_days_logged": move.previous_days_logged,
                "change": _rounded(move.change),
            }
            for move in review.symptoms
        ],
    }


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None
