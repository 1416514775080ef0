"""The practices of a story: each practice of the plan with its weeks in the plan and its
adherence over complete weeks (docs/program.md), each practice only logged (therapy sessions
outside the plan) with its sessions, and the days they started and stopped."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from fibrotrack.program import PlanPeriod, PracticeSession, catalogue, overall, weekly_adherence
from fibrotrack.stories.model import EventKind, PracticeSpan, StoryEvent
from fibrotrack.stories.wording import day_text


def practice_spans(
    periods: Sequence[PlanPeriod], sessions: Sequence[PracticeSession], today: date
) -> tuple[PracticeSpan, ...]:
    by_practice: dict[str, list[PlanPeriod]] = defaultdict(list)
    for period in periods:
        if period.start <= today:
            by_practice[period.practice_id].append(period)
    weeks_of = defaultdict(list)
    for week in weekly_adherence(
        [p for versions in by_practice.values() for p in versions], sessions, today=today
    ):
        if week.complete:
            weeks_of[week.practice_id].append(week)
    spans = []
    for practice_id, versions in by_practice.items():
        practice = catalogue().practice(practice_id)
        stops = [period.stop for period in versions]
        covered = {
            period.start + timedelta(days=offset)
            for period in versions
            for offset in range(((min(period.stop or today, today)) - period.start).days + 1)
        }
        own = weeks_of[practice_id]
        latest = max(versions, key=lambda period: period.start)
        spans.append(
            PracticeSpan(
                name=practice.name,
                evidence=practice.evidence.label,
                start=min(period.start for period in versions),
                end=None if None in stops else max(d for d in stops if d is not None),
                weeks=len(covered) // 7,
                in_plan=True,
                schedule=latest.schedule.describe(),
                done_sessions=sum(min(w.done_sessions, w.planned_sessions) for w in own),
                planned_sessions=sum(w.planned_sessions for w in own),
                adherence=overall(own),
            )
        )
    logged_only: dict[str, list[date]] = defaultdict(list)
    for session in sessions:
        if session.practice_id not in by_practice and session.day <= today:
            logged_only[session.practice_id].append(session.day)
    for practice_id, days in logged_only.items():
        practice = catalogue().practice(practice_id)
        spans.append(
            PracticeSpan(
                name=practice.name,
                evidence=practice.evidence.label,
                start=min(days),
                end=max(days),
                weeks=((max(days) - min(days)).days + 1) // 7,
                in_plan=False,
                schedule=None,
                done_sessions=len(set(days)),
                planned_sessions=0,
                adherence=None,
            )
        )
    return tuple(sorted(spans, key=lambda span: (span.start, span.name)))


def practice_events(practices: Sequence[PracticeSpan]) -> list[StoryEvent]:
    events = []
    for span in practices:
        if span.in_plan:
            events.append(
                StoryEvent(span.start, EventKind.PRACTICE, f"Started {span.name}", span.schedule)
            )
            if span.end is not None:
                events.append(
                    StoryEvent(
                        span.end,
                        EventKind.PRACTICE,
                        f"Stopped {span.name} after {span.weeks} weeks",
                    )
                )
        else:
            events.append(
                StoryEvent(
                    span.start,
                    EventKind.PRACTICE,
                    f"First {span.name} session",
                    f"{span.done_sessions} sessions logged up to "
                    f"{day_text(span.end or span.start)}",
                )
            )
    return events
