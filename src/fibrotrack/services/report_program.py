"""The report's program section: the practices followed and their adherence, activity against
the graded target, the sleep diary, the diet protocol's verdicts, medications and supplements,
and the person's latest answers to the weekly review."""

from collections.abc import Sequence
from datetime import timedelta
from statistics import mean

from sqlalchemy.orm import Session

from fibrotrack.body.sleep import summarise
from fibrotrack.diary import DayEntry
from fibrotrack.program import PLAN_QUESTION, REVIEW_QUESTIONS, catalogue, overall, week_start
from fibrotrack.reports.model import (
    Activity,
    ActivityWeek,
    FoodLine,
    Period,
    PracticeLine,
    Program,
    ReviewLine,
    SleepLine,
    TreatmentLine,
)
from fibrotrack.reports.series import week_mean
from fibrotrack.reports.wording import day_text
from fibrotrack.services.diet import protocol_status, protocols_during
from fibrotrack.services.effect_estimates import started_things
from fibrotrack.services.pacing_status import pacing_view
from fibrotrack.services.plan import adherence, plan_history, schedule_of
from fibrotrack.services.review_answers import latest_review_answers
from fibrotrack.services.sleep import diary_nights
from fibrotrack.storage.models import Person, PlanItem

TREATMENT_KINDS = ("medication", "supplement")
MEASURE_LABELS = {"activity_minutes": "Active minutes", "steps": "Steps"}


def program_of(
    session: Session, *, person: Person, period: Period, entries: Sequence[DayEntry]
) -> Program:
    """The program in ``period``; ``entries`` are the logged days up to its end."""
    notes: list[str] = []
    practices = _practices(session, person, period)
    if not practices:
        notes.append("No practice in the plan during the period.")
    activity = _activity(session, person, period, entries)
    if activity is None:
        notes.append("No graded activity plan during the period.")
    sleep = _sleep(session, person, period)
    if sleep is None:
        notes.append(_sleep_hours_note(period, entries))
    foods, food_notes = _foods(session, person, period)
    treatments = tuple(
        TreatmentLine(
            item.intervention.kind,
            item.intervention.name,
            item.intervention.dose,
            item.start,
            item.end,
        )
        for item in started_things(session, person=person)
        if item.intervention.kind in TREATMENT_KINDS
        and item.start <= period.end
        and (item.end is None or item.end >= period.start)
    )
    return Program(
        practices,
        activity,
        sleep,
        foods,
        treatments,
        tuple(notes),
        food_notes,
        _review(session, person, period),
    )


def _practices(session: Session, person: Person, period: Period) -> tuple[PracticeLine, ...]:
    items = [
        item
        for item in plan_history(session, person=person)
        if item.start_day <= period.end and (item.stop_day is None or item.stop_day >= period.start)
    ]
    if not items:
        return ()
    by_practice: dict[str, list[PlanItem]] = {}
    for item in items:
        by_practice.setdefault(item.practice_id, []).append(item)
    weeks = [
        week
        for week in adherence(session, person=person, today=period.end)
        if week.week_start >= week_start(period.start)
    ]
    lines = []
    for practice_id, versions in by_practice.items():
        practice = catalogue().practice(practice_id)
        own = [week for week in weeks if week.practice_id == practice_id and week.complete]
        stops = [item.stop_day for item in versions]
        lines.append(
            PracticeLine(
                name=practice.name,
                evidence=practice.evidence.label,
                schedule=schedule_of(versions[-1]).describe(),
                since=versions[0].start_day,
                until=None if None in stops else max(d for d in stops if d is not None),
                planned_sessions=sum(week.planned_sessions for week in own),
                done_sessions=sum(min(week.done_sessions, week.planned_sessions) for week in own),
                adherence=overall(own),
            )
        )
    return tuple(sorted(lines, key=lambda line: line.since))


def _review(session: Session, person: Person, period: Period) -> ReviewLine | None:
    """The latest weekly review the person answered for a week that overlaps the period."""
    latest = latest_review_answers(session, person=person, until=period.end, weeks=1)
    if not latest or latest[0].week_start < week_start(period.start):
        return None
    week = latest[0]
    answers = [
        (question.text, text)
        for question in REVIEW_QUESTIONS
        if (text := week.answers.text_of(question.field))
    ]
    if week.answers.plan_choice is not None:
        answers.append((PLAN_QUESTION.text, week.answers.plan_choice.label))
    return ReviewLine(week.week_start, tuple(answers))


def _activity(
    session: Session, person: Person, period: Period, entries: Sequence[DayEntry]
) -> Activity | None:
    view = pacing_view(session, person=person, today=period.end)
    if view is None or view.plan.start_day > period.end:
        return None
    status = view.status
    measure = status.measure.value
    by_day = {entry.day: entry.values[measure] for entry in entries if measure in entry.values}
    weeks = []
    for week in status.weeks:
        if week.start + timedelta(days=6) < period.start:
            continue
        average, logged = week_mean(by_day, week.start, period.end)
        complete = week.start + timedelta(days=6) <= period.end
        weeks.append(ActivityWeek(week.start, week.target, average, logged, complete))
    return Activity(
        measure=MEASURE_LABELS.get(measure, measure),
        unit=status.measure.unit,
        weekly_step_percent=status.rule.weekly_step * 100,
        baseline=status.baseline.value,
        target=status.target,
        decision=status.decision.value,
        weeks=tuple(weeks),
    )


def _sleep(session: Session, person: Person, period: Period) -> SleepLine | None:
    nights = diary_nights(session, person=person, start=period.start, end=period.end)
    summary = summarise(nights, period.start, period.end)
    if summary is None:
        return None
    return SleepLine(
        nights=summary.nights,
        total_sleep_minutes=summary.total_sleep,
        efficiency_percent=summary.efficiency,
        latency_minutes=summary.onset_latency,
        waso_minutes=summary.waso,
        quality=summary.quality,
    )


def _sleep_hours_note(period: Period, entries: Sequence[DayEntry]) -> str:
    hours = [
        entry.values["sleep_hours"]
        for entry in entries
        if period.covers(entry.day) and "sleep_hours" in entry.values
    ]
    if not hours:
        return "No sleep diary and no hours of sleep logged in the period."
    return (
        f"No sleep diary in the period; hours of sleep from the check-in: mean {mean(hours):.1f} h "
        f"on {len(hours)} days."
    )


def _foods(
    session: Session, person: Person, period: Period
) -> tuple[tuple[FoodLine, ...], tuple[str, ...]]:
    """The verdicts of every diet protocol with a day in the period, as they stood at its end;
    with several protocols, each food names the protocol it was tested in."""
    protocols = protocols_during(session, person=person, first=period.start, last=period.end)
    if not protocols:
        return (), ("No elimination → reintroduction protocol.",)
    foods, pending = [], []
    for protocol in protocols:
        status = protocol_status(session, person=person, today=period.end, protocol=protocol)
        which = f" (protocol from {day_text(protocol.start_day)})" if len(protocols) > 1 else ""
        for verdict in status.verdicts:
            change = next(
                (c for c in verdict.outcomes if c.verdict == verdict.verdict),
                verdict.outcomes[0] if verdict.outcomes else None,
            )
            foods.append(
                FoodLine(
                    food=verdict.food + which,
                    verdict=verdict.verdict.value,
                    outcome=change.outcome if change else "",
                    difference=change.difference if change else None,
                    low=change.low if change else None,
                    high=change.high if change else None,
                    confidence=change.confidence if change else 0.95,
                    higher_is_better=change is not None and change.higher_is_worse is False,
                )
            )
        stopped = protocol.stopped_day is not None and protocol.stopped_day <= period.end
        pending += [
            f"Diet protocol from {day_text(protocol.start_day)}: {food} "
            + (
                "not judged (stopped before its challenge was over)."
                if stopped
                else f"not yet judged (challenge from {day_text(day)})."
            )
            for food, day in status.pending
        ]
    notes = (
        [
            "Food verdicts are patterns in a few days of this person's diary, not proof; no diet "
            "has strong evidence in fibromyalgia."
        ]
        if foods
        else []
    )
    return tuple(foods), tuple(notes + pending)
