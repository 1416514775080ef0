"""The weekly review's answers: one set per person and week (Monday to Sunday), saved and
edited in place. Everything is checked before anything is written."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.diary import check_day
from fibrotrack.program import PlanChoice, ReviewAnswers, check_review_answers, week_start
from fibrotrack.storage.models import Person, WeeklyReviewAnswers
from fibrotrack.storage.plan import latest_review_answers_rows, review_answers_row


@dataclass(frozen=True)
class WeekAnswers:
    """The answers for the week starting on Monday ``week_start``, last saved at
    ``updated_at``."""

    week_start: date
    answers: ReviewAnswers
    updated_at: datetime


def _week_answers(row: WeeklyReviewAnswers) -> WeekAnswers:
    return WeekAnswers(
        week_start=row.week_start,
        answers=ReviewAnswers(
            went_well=row.went_well,
            got_in_the_way=row.got_in_the_way,
            change_next_week=row.change_next_week,
            plan_choice=PlanChoice(row.plan_choice) if row.plan_choice else None,
        ),
        updated_at=row.updated_at,
    )


def save_review_answers(
    session: Session,
    *,
    person: Person,
    day: date,
    today: date,
    now: datetime,
    went_well: str | None = None,
    got_in_the_way: str | None = None,
    change_next_week: str | None = None,
    plan_choice: str | None = None,
) -> WeekAnswers:
    """Save the answers for the week that contains ``day``, replacing the week's earlier
    answers. A week that has not started yet cannot be reviewed."""
    check_day(day, today)
    answers = check_review_answers(went_well, got_in_the_way, change_next_week, plan_choice)
    monday = week_start(day)
    row = review_answers_row(session, person_id=person.id, week_start=monday)
    if row is None:
        row = WeeklyReviewAnswers(person_id=person.id, week_start=monday)
        session.add(row)
    row.went_well = answers.went_well
    row.got_in_the_way = answers.got_in_the_way
    row.change_next_week = answers.change_next_week
    row.plan_choice = answers.plan_choice.value if answers.plan_choice else None
    row.updated_at = now
    session.flush()
    return _week_answers(row)


def review_answers(session: Session, *, person: Person, day: date) -> WeekAnswers | None:
    """The answers for the week that contains ``day``, if the person gave any."""
    row = review_answers_row(session, person_id=person.id, week_start=week_start(day))
    return _week_answers(row) if row else None


def latest_review_answers(
    session: Session, *, person: Person, until: date, weeks: int
) -> list[WeekAnswers]:
    """The answers of the last ``weeks`` reviewed weeks up to the week of ``until``, latest
    first."""
    rows = latest_review_answers_rows(session, person_id=person.id, until=until, limit=weeks)
    return [_week_answers(row) for row in rows]


def review_answers_json(week: WeekAnswers | None) -> dict[str, Any] | None:
    if week is None:
        return None
    answers = week.answers
    return {
        "week_start": week.week_start.isoformat(),
        "went_well": answers.went_well,
        "got_in_the_way": answers.got_in_the_way,
        "change_next_week": answers.change_next_week,
        "plan_choice": answers.plan_choice.value if answers.plan_choice else None,
        "updated_at": week.updated_at.isoformat(),
    }
