"""The body-system pillars at a glance (``fibrotrack.web.body_summaries``), each linking to
the page where it is logged: sleep, the diet protocol, lab results, medications and
supplements, and the cycle."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fibrotrack.web.body_summaries import body_summaries
from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.routes import (
    program_body_cycle,
    program_body_diet,
    program_body_labs,
    program_body_meds,
    program_body_sleep,
)
from fibrotrack.web.routes.pages import render, today_for

router = APIRouter(include_in_schema=False)
router.include_router(program_body_sleep.router)
router.include_router(program_body_diet.router)
router.include_router(program_body_labs.router)
router.include_router(program_body_cycle.router)
router.include_router(program_body_meds.router)


@router.get("/program/body", name="program_body")
def body_page(request: Request, session: SessionDep, person: PersonDep) -> Response:
    return render(
        request,
        "program_body.html",
        {"person": person, **body_summaries(session, person, today_for(person))},
    )
