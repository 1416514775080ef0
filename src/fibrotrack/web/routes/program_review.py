"""The weekly review on the web: what was planned and done, how the symptoms moved against
the week before, what went well, and, when asked, what the insight engine says each practice
did to pain (seconds a practice, so never computed unasked); the person's own answers to the
review's questions are saved per week and can be edited."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from fibrotrack.diary import CORE_VARIABLES, InvalidEntry, parse_day
from fibrotrack.program import (
    PLAN_QUESTION,
    REVIEW_QUESTIONS,
    PlanChoice,
    catalogue,
    went_well,
)
from fibrotrack.services.plan import review_week
from fibrotrack.services.review_answers import WeekAnswers, review_answers, save_review_answers
from fibrotrack.storage.models import Person
from fibrotrack.storage.types import utc_now
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.routes.pages import redirect_to, render, today_for

router = APIRouter(include_in_schema=False)

RATINGS = {variable.key: variable for variable in CORE_VARIABLES}


def _review_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    date_text: str | None,
    insights: bool = False,
    form: dict[str, str] | None = None,
    error: InvalidEntry | None = None,
    status: str | None = None,
) -> HTMLResponse:
    """The review of the week that contains ``date_text`` (default this week); a bad date
    shows this week with the message. ``form`` refills the answers after an error."""
    today = today_for(person)
    try:
        day = parse_day(date_text) if date_text else today
        review = review_week(session, person=person, day=day, today=today)
    except InvalidEntry as found:
        error, day = error or found, today
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
    saved = review_answers(session, person=person, day=review.week_start)
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
            "questions": REVIEW_QUESTIONS,
            "plan_question": PLAN_QUESTION,
            "plan_choices": list(PlanChoice),
            "saved": saved,
            "answers": form if form is not None else _form_of(saved),
            "status": status,
            "error": error,
        },
    )


def _form_of(saved: WeekAnswers | None) -> dict[str, str]:
    if saved is None:
        return {}
    answers = saved.answers
    form = {question.field: answers.text_of(question.field) or "" for question in REVIEW_QUESTIONS}
    form[PLAN_QUESTION.field] = answers.plan_choice.value if answers.plan_choice else ""
    return form


@router.get("/program/review", name="program_review")
def review_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    date: str | None = None,
    insights: bool = False,
    saved: bool = False,
) -> Response:
    status = "Your answers are saved." if saved else None
    return _review_page(request, session, person, date_text=date, insights=insights, status=status)


@router.post("/program/review/answers", name="program_review_answers", dependencies=[CsrfForm])
def save_answers(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    date: Annotated[str, Form()] = "",
    went_well: Annotated[str, Form()] = "",
    got_in_the_way: Annotated[str, Form()] = "",
    change_next_week: Annotated[str, Form()] = "",
    plan_choice: Annotated[str, Form()] = "",
) -> Response:
    """Save (or replace) the answers for the week that contains ``date``."""
    form = {
        "went_well": went_well,
        "got_in_the_way": got_in_the_way,
        "change_next_week": change_next_week,
        "plan_choice": plan_choice,
    }
    try:
        day = parse_day(date)
        saved = save_review_answers(
            session,
            person=person,
            day=day,
            today=today_for(person),
            now=utc_now(),
            went_well=went_well,
            got_in_the_way=got_in_the_way,
            change_next_week=change_next_week,
            plan_choice=plan_choice,
        )
    except InvalidEntry as error:
        session.rollback()
        return _review_page(request, session, person, date_text=date, form=form, error=error)
    session.commit()
    return redirect_to(request, "program_review", date=saved.week_start.isoformat(), saved="true")
