"""Community outcomes on a shared server: opting in and out, the person's contribution, the
month's published summary, and borrowing strength for the shared factors.

A person's contribution is recomputed from their own data when they opt in and whenever they
look at the community (the page, the API, ``fibrotrack community``), so it follows their data;
opting out deletes it at once. The summary everyone sees is computed from the contributions
the first time anyone looks in a month and then stays for that month (docs/community.md).
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.analysis.shared_factors import (
    SHARED_FACTOR_KEYS,
    SHARED_FACTORS,
    OwnFit,
    own_estimate,
)
from fibrotrack.community import (
    CAVEAT,
    BorrowedEffect,
    CommunityRules,
    CommunitySummary,
    Contribution,
    borrow,
    derive_contribution,
    month_of,
    summarise,
)
from fibrotrack.community.wording import OWN_NAME, POOLED_NAME, POOLING_NOTE
from fibrotrack.instruments import InstrumentKind, get
from fibrotrack.program import catalogue
from fibrotrack.services.assessments import list_responses
from fibrotrack.services.insights import diary_table, person_flares
from fibrotrack.services.plan import period_of, plan_history, practice_sessions
from fibrotrack.status import Assessment
from fibrotrack.storage.community import (
    contribution_of,
    every_contribution,
    member_of,
    remove_member,
    store_contribution,
    store_summary,
)
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import CommunityMember, CommunitySummaryRow, Person

OUTCOME = "pain"


def own_fits(session: Session, *, person: Person) -> list[OwnFit]:
    """The person's own estimate of every shared factor, or why there is none."""
    table = diary_table(session, person_id=person.id)
    fits = []
    for factor in SHARED_FACTORS:
        if table is None or OUTCOME not in table.values:
            fits.append(OwnFit(factor, None, 0, "no pain logged yet"))
            continue
        values = table.values.get(factor.key)
        if values is None:
            values = table.tags.get(factor.key)
        if values is None:
            fits.append(OwnFit(factor, None, 0, f"{factor.label} never logged"))
            continue
        fits.append(
            own_estimate(
                table.values[OUTCOME], values, first_day=table.calendar.first, factor=factor
            )
        )
    return fits


def current_contribution(
    session: Session, *, person: Person, today: date, rules: CommunityRules
) -> Contribution:
    """What the person would share today, from their own data (nothing is stored)."""
    assessments = [
        Assessment(response.instrument, response.day, response.score, response.answers)
        for response in list_responses(session, person=person)
        if get(response.instrument).kind is InstrumentKind.QUESTIONNAIRE
    ]
    return derive_contribution(
        today=today,
        periods=[period_of(item) for item in plan_history(session, person=person)],
        sessions=practice_sessions(session, person=person, end=today),
        assessments=assessments,
        days=day_entries(session, person_id=person.id),
        flares=[
            (view.start, view.end)
            for view in person_flares(session, person=person)
            if view.confirmed is not False
        ],
        own_fits=own_fits(session, person=person),
        rules=rules,
    )


def membership(session: Session, *, person: Person) -> CommunityMember | None:
    return member_of(session, person_id=person.id)


def opt_in(session: Session, *, person: Person, today: date, rules: CommunityRules) -> Contribution:
    """Share the person's outcomes with the community (again a refresh if already in)."""
    contribution = current_contribution(session, person=person, today=today, rules=rules)
    if member_of(session, person_id=person.id) is None:
        session.add(CommunityMember(person_id=person.id, month=contribution.month))
        session.flush()
    store_contribution(session, person_id=person.id, contribution=contribution)
    return contribution


def opt_out(session: Session, *, person: Person) -> bool:
    """Stop sharing: the person's contribution is deleted now and leaves every summary
    published from next month on. False when they were not sharing."""
    return remove_member(session, person_id=person.id)


def refresh(
    session: Session, *, person: Person, today: date, rules: CommunityRules
) -> Contribution | None:
    """Recompute a member's contribution from their data; None for a person not sharing."""
    if member_of(session, person_id=person.id) is None:
        return None
    return opt_in(session, person=person, today=today, rules=rules)


def stored_contribution(session: Session, *, person: Person) -> Contribution | None:
    return contribution_of(session, person_id=person.id)


def community_summary(session: Session, *, today: date, rules: CommunityRules) -> CommunitySummary:
    """The summary published for ``today``'s month: computed from every contribution the
    first time it is asked for in the month (or when the minimum group size changed)."""
    month = month_of(today)
    row = _summary_row(session, month)
    if row is None or row.min_group != rules.min_group:
        computed = summarise(
            month,
            every_contribution(session),
            practice_ids=[practice.id for practice in catalogue().practices],
            factor_keys=SHARED_FACTOR_KEYS,
            rules=rules,
        )
        store_summary(session, month=month, min_group=rules.min_group, summary=computed.as_json())
        row = _summary_row(session, month)
        assert row is not None
    return CommunitySummary.from_json(row.summary)


def _summary_row(session: Session, month: str) -> CommunitySummaryRow | None:
    return session.scalars(
        select(CommunitySummaryRow)
        .where(CommunitySummaryRow.month == month)
        .execution_options(populate_existing=True)
    ).first()


@dataclass(frozen=True)
class CommunityView:
    """What a person sees: whether they share, their stored contribution, the summary."""

    member: bool
    contribution: Contribution | None
    summary: CommunitySummary


def community_view(
    session: Session, *, person: Person, today: date, rules: CommunityRules
) -> CommunityView:
    """Refresh the person's contribution (if they share) and read the month's summary."""
    contribution = refresh(session, person=person, today=today, rules=rules)
    return CommunityView(
        member=contribution is not None,
        contribution=contribution,
        summary=community_summary(session, today=today, rules=rules),
    )


def borrowed_effects(
    session: Session, *, person: Person, today: date, rules: CommunityRules
) -> list[BorrowedEffect]:
    """For each shared factor: the person's own estimate, the community's published
    distribution, and the pooled estimate when both exist."""
    summary = community_summary(session, today=today, rules=rules)
    return [borrow(fit, summary.factor(fit.factor.key)) for fit in own_fits(session, person=person)]


def summary_json(summary: CommunitySummary, rules: CommunityRules) -> dict[str, Any]:
    """The month's summary for the API and ``--json``: practices with their names and
    evidence, the caveat, and the rules; no figure that rests on fewer than the minimum."""
    document = summary.as_json()
    for item in document["practices"]:
        practice = catalogue().practice(item["practice"])
        item["name"] = practice.name
        item["evidence"] = practice.evidence.label
    document["kept_up_rule"] = {"weeks": rules.kept_up_weeks, "adherence": rules.kept_up_adherence}
    document["caveat"] = CAVEAT
    return document


def contribution_json(contribution: Contribution | None) -> dict[str, Any] | None:
    """Exactly what the person shares (every stored field)."""
    if contribution is None:
        return None
    return {
        "month": contribution.month,
        "practices": [asdict(outcome) for outcome in contribution.practices],
        "factors": [asdict(effect) for effect in contribution.factors],
    }


def borrowed_json(effects: Sequence[BorrowedEffect]) -> dict[str, Any]:
    items = []
    for item in effects:
        own = item.own.estimate
        prior = item.prior
        items.append(
            {
                "factor": item.own.factor.key,
                "per": item.own.factor.per_text,
                "lag": item.own.factor.lag,
                "own": None
                if own is None
                else {
                    "label": OWN_NAME,
                    "effect": round(own.effect, 3),
                    "se": round(own.se, 3),
                    "ci": [
                        round(own.effect - 1.96 * own.se, 3),
                        round(own.effect + 1.96 * own.se, 3),
                    ],
                    "days": item.own.days,
                },
                "own_missing_reason": item.own.reason,
                "community": None
                if prior.people is None
                else {
                    "people": {"low": prior.people.low, "high": prior.people.high},
                    "mean": prior.mean,
                    "tau": prior.tau,
                    "pooling_tau": prior.pooling_tau,
                },
                "pooled": None
                if item.pooled is None
                else {
                    "label": POOLED_NAME,
                    "effect": round(item.pooled.effect, 3),
                    "se": round(item.pooled.se, 3),
                    "ci": [round(item.pooled.ci[0], 3), round(item.pooled.ci[1], 3)],
                    "shrinkage": round(item.pooled.shrinkage, 2),
                },
            }
        )
    return {"outcome": OUTCOME, "effects": items, "note": POOLING_NOTE}
