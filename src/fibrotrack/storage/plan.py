"""Queries on a person's program. Every function takes the person's id: nothing crosses people."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrotrack.storage.models import (
    FlareConfirmation,
    Intervention,
    Observation,
    PacingPlan,
    PlanItem,
    PracticeLog,
    RedFlagReport,
    WeeklyReviewAnswers,
)


def plan_items_of(session: Session, *, person_id: int) -> list[PlanItem]:
    """Every version of every practice in the person's plan, oldest first."""
    return list(
        session.scalars(
            select(PlanItem)
            .where(PlanItem.person_id == person_id)
            .order_by(PlanItem.start_day, PlanItem.id)
        )
    )


def open_plan_item(session: Session, *, person_id: int, practice_id: str) -> PlanItem | None:
    return session.scalars(
        select(PlanItem).where(
            PlanItem.person_id == person_id,
            PlanItem.practice_id == practice_id,
            PlanItem.stop_day.is_(None),
        )
    ).first()


def unlinked_intervention(
    session: Session, *, person_id: int, practice_id: str, start_day: date
) -> Intervention | None:
    """An open intervention for the practice from ``start_day`` that no plan item uses yet (one
    recorded by an import or the demo), so a plan item can adopt it instead of duplicating it."""
    linked = select(PlanItem.intervention_id).where(
        PlanItem.person_id == person_id, PlanItem.intervention_id.is_not(None)
    )
    return session.scalars(
        select(Intervention)
        .where(
            Intervention.person_id == person_id,
            Intervention.practice_id == practice_id,
            Intervention.start_day == start_day,
            Intervention.end_day.is_(None),
            Intervention.id.not_in(linked),
        )
        .order_by(Intervention.id)
    ).first()


def practice_logs_of(
    session: Session,
    *,
    person_id: int,
    start: date | None = None,
    end: date | None = None,
    practice_id: str | None = None,
) -> list[PracticeLog]:
    """The person's logged sessions in [start, end], oldest first."""
    query = select(PracticeLog).where(PracticeLog.person_id == person_id)
    if start is not None:
        query = query.where(PracticeLog.day >= start)
    if end is not None:
        query = query.where(PracticeLog.day <= end)
    if practice_id is not None:
        query = query.where(PracticeLog.practice_id == practice_id)
    return list(session.scalars(query.order_by(PracticeLog.day, PracticeLog.id)))


def open_pacing_plan(session: Session, *, person_id: int) -> PacingPlan | None:
    return session.scalars(
        select(PacingPlan)
        .where(PacingPlan.person_id == person_id, PacingPlan.stop_day.is_(None))
        .order_by(PacingPlan.id.desc())
    ).first()


def red_flag_reports_of(session: Session, *, person_id: int) -> list[RedFlagReport]:
    """The red flags the person marked, the most recent first."""
    return list(
        session.scalars(
            select(RedFlagReport)
            .where(RedFlagReport.person_id == person_id)
            .order_by(RedFlagReport.day.desc(), RedFlagReport.id.desc())
        )
    )


def pacing_inputs_marker(session: Session, *, person_id: int) -> tuple[object, ...]:
    """A cheap marker of what today's pacing target is computed from: an aggregate of the
    person's observations (count, last id, sums of the values, unweighted and weighted by row,
    and of the variables by row)
    and their flare confirmations as stored. Any write to either changes it."""
    observations = session.execute(
        select(
            func.count(Observation.id),
            func.max(Observation.id),
            func.sum(Observation.value),
            func.sum(Observation.value * Observation.id),
            func.sum(Observation.variable_id * Observation.id),
        ).where(Observation.person_id == person_id)
    ).one()
    reviews = session.execute(
        select(
            FlareConfirmation.id,
            FlareConfirmation.start_day,
            FlareConfirmation.end_day,
            FlareConfirmation.confirmed,
            FlareConfirmation.source,
        )
        .where(FlareConfirmation.person_id == person_id)
        .order_by(FlareConfirmation.id)
    ).all()
    return (tuple(observations), tuple(tuple(row) for row in reviews))


def review_answers_row(
    session: Session, *, person_id: int, week_start: date
) -> WeeklyReviewAnswers | None:
    return session.scalars(
        select(WeeklyReviewAnswers).where(
            WeeklyReviewAnswers.person_id == person_id,
            WeeklyReviewAnswers.week_start == week_start,
        )
    ).first()


def latest_review_answers_rows(
    session: Session, *, person_id: int, until: date, limit: int
) -> list[WeeklyReviewAnswers]:
    """The person's answers for the weeks starting on or before ``until``, latest first."""
    return list(
        session.scalars(
            select(WeeklyReviewAnswers)
            .where(
                WeeklyReviewAnswers.person_id == person_id,
                WeeklyReviewAnswers.week_start <= until,
            )
            .order_by(WeeklyReviewAnswers.week_start.desc())
            .limit(limit)
        )
    )
