"""The community page: sharing (opt in, opt out, exactly what is shared), "people like me" per
practice, and borrowing strength for the shared factors.

The page takes no query parameter that could choose people: a request with any parameter other
than ``done`` (which only picks the confirmation message) is refused, as the API's are.
"""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from fibrotrack.analysis.shared_factors import shared_factor
from fibrotrack.community import CAVEAT, CommunityRules
from fibrotrack.community.wording import (
    POOLING_NOTE,
    borrowed_lines,
    factor_line,
    outcome_line,
    practice_lines,
)
from fibrotrack.diary import InvalidEntry
from fibrotrack.program import catalogue
from fibrotrack.services.community import borrowed_effects, community_view, opt_in, opt_out
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)

MESSAGES = {
    "optin": "You now share your outcomes. You can stop at any time.",
    "optout": "You no longer share: your contribution is deleted.",
}


def community_rules(request: Request) -> CommunityRules:
    """The server's rules: the minimum group size from its settings (never below 10)."""
    return CommunityRules(min_group=request.app.state.settings.community_min_group)


def no_filters(request: Request, allowed: frozenset[str] = frozenset()) -> None:
    """Refuse any query parameter: community figures cannot be narrowed to fewer people."""
    extra = sorted(set(request.query_params) - allowed)
    if extra:
        raise InvalidEntry(
            extra[0],
            "community figures take no filters: every figure covers everyone who shares, and "
            "only when there are enough of them",
        )


@router.get("/community", name="community")
def community_page(request: Request, session: SessionDep, person: PersonDep) -> HTMLResponse:
    try:
        no_filters(request, frozenset({"done"}))
    except InvalidEntry as error:
        raise HTTPException(422, f"{error.field}: {error.message}") from None
    rules = community_rules(request)
    today = today_for(person)
    view = community_view(session, person=person, today=today, rules=rules)
    effects = borrowed_effects(session, person=person, today=today, rules=rules)
    session.commit()
    names = {practice.id: practice.name for practice in catalogue().practices}
    summary = view.summary
    return render(
        request,
        "community.html",
        {
            "person": person,
            "view": view,
            "summary": summary,
            "shared": [
                outcome_line(outcome, names[outcome.practice_id])
                for outcome in (view.contribution.practices if view.contribution else ())
            ]
            + [
                factor_line(effect, shared_factor(effect.factor))
                for effect in (view.contribution.factors if view.contribution else ())
            ],
            "practices": [
                (names[item.practice_id], practice_lines(item, summary.min_group))
                for item in summary.practices
                if item.shown
            ],
            "hidden": [names[item.practice_id] for item in summary.practices if not item.shown],
            "effects": [
                (item.own.factor.label, borrowed_lines(item, summary.min_group))
                for item in effects
                if item.own.estimate is not None or item.prior.people is not None
            ],
            "caveat": CAVEAT,
            "pooling_note": POOLING_NOTE,
            "status": MESSAGES.get(request.query_params.get("done", "")),
        },
    )


@router.post("/community/optin", name="community_optin", dependencies=[CsrfForm])
def community_optin(request: Request, session: SessionDep, person: PersonDep) -> Response:
    opt_in(session, person=person, today=today_for(person), rules=community_rules(request))
    session.commit()
    return redirect_to(request, "community", done="optin")


@router.post("/community/optout", name="community_optout", dependencies=[CsrfForm])
def community_optout(request: Request, session: SessionDep, person: PersonDep) -> Response:
    opt_out(session, person=person)
    session.commit()
    return redirect_to(request, "community", done="optout")
