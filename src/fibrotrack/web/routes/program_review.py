"""The weekly review on the web: what was planned and done, how the symptoms moved against
the week before, what went well, and, when asked, what the insight engine says each practice
did to pain (seconds a practice, so never computed unasked)."""

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fibrotrack.diary import CORE_VARIABLES, InvalidEntry, parse_day
from fibrotrack.program import catalogue, went_well
from fibrotrack.services.plan import review_week
from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.routes.pages import render, today_for

router = APIRouter(include_in_schema=False)

RATINGS = {variable.key: variable for variable in CORE_VARIABLES}


@router.get("/program/review", name="program_review")
def review_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    date: str | None = None,
    insights: bool = False,
) -> Response:
    today = today_for(person)
    error = None
    try:
        day = parse_day(date) if date else today
        review = review_week(session, person=person, day=day, today=today)
    except InvalidEntry as found:
        error, day = found, today
        review = review_week(session, person=person, day=day, today=today)
    effects = []
    if insights:
        # The insight engine loads SciPy and statsmodels: only when asked.
        from fibrotrack.services.practice_effects import practice_effects

        effects = practice_effects(session, person=person, today=today)
    directions = {
        key: bool(variable.higher_is_worse)
        for key, variable in RATINGS.items()
        if variable.higher_is_worse is not None
    }
    names = {practice.id: practice.name for practice in catalogue().practices}
    previous = review.week_start - timedelta(days=7)
    following = review.week_start + timedelta(days=7)
    return render(
        request,
        "program_review.html",
        {
            "person": person,
            "today": today,
            "review": review,
            "highlights": went_well(review, directions),
            "ratings": RATINGS,
            "names": names,
            "effects": effects,
            "insights": insights,
            "this_week": review.week_end >= today,
            "previous_week": previous,
            "next_week": following if following <= today else None,
            "error": error,
        },
        status_code=422 if error else 200,
    )
