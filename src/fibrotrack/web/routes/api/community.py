"""``/api/v1/community``: sharing (membership), "people like me" per practice, and borrowing
strength for the shared factors.

The aggregate endpoints take no query parameters at all: every figure covers everyone who
shares and is shown only when at least the minimum group size (10 or more) have a value, so
no request can narrow a figure to fewer people. A request with a parameter gets 422.
"""

from typing import Any

from fastapi import APIRouter, Request

from fibrotrack.services.community import (
    borrowed_effects,
    borrowed_json,
    community_view,
    contribution_json,
    opt_in,
    opt_out,
    refresh,
    summary_json,
)
from fibrotrack.web.deps import CsrfHeader, PersonDep, SessionDep
from fibrotrack.web.routes.api.schemas import INVALID
from fibrotrack.web.routes.community import community_rules, no_filters
from fibrotrack.web.routes.pages import today_for

router = APIRouter(tags=["community"])


@router.get("/community/outcomes", responses=INVALID)
def community_outcomes(request: Request, session: SessionDep, person: PersonDep) -> dict[str, Any]:
    """People like me: for each practice of the catalogue, the outcomes of those who kept it
    up, this month, with the caveat. Figures resting on too few people are null."""
    no_filters(request)
    rules = community_rules(request)
    view = community_view(session, person=person, today=today_for(person), rules=rules)
    session.commit()
    return summary_json(view.summary, rules)


@router.get("/community/effects", responses=INVALID)
def community_effects(request: Request, session: SessionDep, person: PersonDep) -> dict[str, Any]:
    """Each shared factor: the person's own estimate, the community's distribution and the
    pooled estimate, each labelled."""
    no_filters(request)
    found = borrowed_effects(
        session, person=person, today=today_for(person), rules=community_rules(request)
    )
    session.commit()
    return borrowed_json(found)


@router.get("/community/membership", responses=INVALID)
def membership(request: Request, session: SessionDep, person: PersonDep) -> dict[str, Any]:
    """Whether the person shares, and exactly what (refreshed from their data)."""
    no_filters(request)
    contribution = refresh(
        session, person=person, today=today_for(person), rules=community_rules(request)
    )
    session.commit()
    return {"member": contribution is not None, "contribution": contribution_json(contribution)}


@router.put("/community/membership", dependencies=[CsrfHeader], responses=INVALID)
def join(request: Request, session: SessionDep, person: PersonDep) -> dict[str, Any]:
    """Opt in (or refresh): share the person's coarse outcomes."""
    contribution = opt_in(
        session, person=person, today=today_for(person), rules=community_rules(request)
    )
    session.commit()
    return {"member": True, "contribution": contribution_json(contribution)}


@router.delete("/community/membership", dependencies=[CsrfHeader])
def leave(session: SessionDep, person: PersonDep) -> dict[str, Any]:
    """Opt out: the person's contribution is deleted now."""
    removed = opt_out(session, person=person)
    session.commit()
    return {"member": False, "removed": removed}
