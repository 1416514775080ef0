"""Queries on community contributions and summaries.

Every function that touches a contribution takes the person's id, except ``every_contribution``:
the one query that reads across people, and only to compute the published summary, which holds
rounded aggregates of at least the minimum group size (``fibrotrack.community``).
"""

from collections import defaultdict
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from fibrotrack.community import Contribution, FactorEffect, PracticeOutcome
from fibrotrack.storage.models import (
    CommunityFactorEffect,
    CommunityMember,
    CommunityPracticeOutcome,
    CommunitySummaryRow,
)


def member_of(session: Session, *, person_id: int) -> CommunityMember | None:
    return session.scalars(
        select(CommunityMember).where(CommunityMember.person_id == person_id)
    ).first()


def store_contribution(session: Session, *, person_id: int, contribution: Contribution) -> None:
    """Make ``contribution`` the person's only one (they must be a member)."""
    member = member_of(session, person_id=person_id)
    if member is None:
        raise RuntimeError("store_contribution needs a member")
    member.month = contribution.month
    _delete_rows(session, person_id)
    session.add_all(
        CommunityPracticeOutcome(
            person_id=person_id,
            practice_id=outcome.practice_id,
            weeks=outcome.weeks,
            adherence_percent=outcome.adherence_percent,
            kept_up=outcome.kept_up,
            fiqr_change=outcome.fiqr_change,
            fm30=outcome.fm30,
            flares_before=outcome.flares_before,
            flares_during=outcome.flares_during,
        )
        for outcome in contribution.practices
    )
    session.add_all(
        CommunityFactorEffect(
            person_id=person_id, factor=effect.factor, effect=effect.effect, se=effect.se
        )
        for effect in contribution.factors
    )
    session.flush()


def _delete_rows(session: Session, person_id: int) -> None:
    session.execute(
        delete(CommunityPracticeOutcome).where(CommunityPracticeOutcome.person_id == person_id)
    )
    session.execute(
        delete(CommunityFactorEffect).where(CommunityFactorEffect.person_id == person_id)
    )


def remove_member(session: Session, *, person_id: int) -> bool:
    """Delete the person's membership and contribution; False when they were not a member."""
    _delete_rows(session, person_id=person_id)
    result = session.execute(delete(CommunityMember).where(CommunityMember.person_id == person_id))
    session.flush()
    return bool(getattr(result, "rowcount", 0))


def _outcome(row: CommunityPracticeOutcome) -> PracticeOutcome:
    return PracticeOutcome(
        practice_id=row.practice_id,
        weeks=row.weeks,
        adherence_percent=row.adherence_percent,
        kept_up=row.kept_up,
        fiqr_change=row.fiqr_change,
        fm30=row.fm30,
        flares_before=row.flares_before,
        flares_during=row.flares_during,
    )


def contribution_of(session: Session, *, person_id: int) -> Contribution | None:
    """The person's stored contribution, or None when they are not a member."""
    member = member_of(session, person_id=person_id)
    if member is None:
        return None
    practices = session.scalars(
        select(CommunityPracticeOutcome)
        .where(CommunityPracticeOutcome.person_id == person_id)
        .order_by(CommunityPracticeOutcome.practice_id)
    )
    factors = session.scalars(
        select(CommunityFactorEffect)
        .where(CommunityFactorEffect.person_id == person_id)
        .order_by(CommunityFactorEffect.factor)
    )
    return Contribution(
        month=member.month,
        practices=tuple(_outcome(row) for row in practices),
        factors=tuple(FactorEffect(row.factor, row.effect, row.se) for row in factors),
    )


def every_contribution(session: Session) -> list[Contribution]:
    """Every member's contribution, without who it belongs to: only for the summary."""
    months = dict(session.execute(select(CommunityMember.person_id, CommunityMember.month)).all())
    practices: dict[int, list[PracticeOutcome]] = defaultdict(list)
    for row in session.scalars(select(CommunityPracticeOutcome)):
        practices[row.person_id].append(_outcome(row))
    factors: dict[int, list[FactorEffect]] = defaultdict(list)
    for effect in session.scalars(select(CommunityFactorEffect)):
        factors[effect.person_id].append(FactorEffect(effect.factor, effect.effect, effect.se))
    return [
        Contribution(month, tuple(practices[person]), tuple(factors[person]))
        for person, month in months.items()
    ]


def stored_summary(session: Session, *, month: str) -> CommunitySummaryRow | None:
    return session.get(CommunitySummaryRow, month)


def store_summary(session: Session, *, month: str, min_group: int, summary: dict[str, Any]) -> None:
    """Publish the month's summary. The first one computed for a month stays (another worker
    may have published it meanwhile); one computed under a different minimum replaces it."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    session.execute(
        module.insert(CommunitySummaryRow)
        .values(month=month, min_group=min_group, summary=summary)
        .on_conflict_do_nothing(index_elements=["month"])
    )
    session.execute(
        update(CommunitySummaryRow)
        .where(CommunitySummaryRow.month == month, CommunitySummaryRow.min_group != min_group)
        .values(min_group=min_group, summary=summary)
    )
    session.flush()
