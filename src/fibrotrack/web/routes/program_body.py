"""The body-system pillars at a glance, read-only: the last week's sleep and the sleep window,
the elimination diet protocol, lab results and the menstrual cycle. Each comes from its
service; logging nights, starting a protocol, adding results and logging periods is done with
the CLI for now, and the page says which command."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fibrotrack.body.sleep_window import CAUTION
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.cycle import cycle_summary
from fibrotrack.services.diet import protocol_status
from fibrotrack.services.labs import lab_history
from fibrotrack.services.sleep import current_sleep_window, sleep_report
from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.routes.pages import render, today_for

router = APIRouter(include_in_schema=False)


@router.get("/program/body", name="program_body")
def body_page(request: Request, session: SessionDep, person: PersonDep) -> Response:
    today = today_for(person)
    try:
        diet = protocol_status(session, person=person, today=today)
    except InvalidEntry:
        diet = None
    try:
        cycle = cycle_summary(session, person=person, today=today)
    except InvalidEntry:
        cycle = None
    lengths = [c.length for c in cycle.cycles if c.length is not None] if cycle else []
    return render(
        request,
        "program_body.html",
        {
            "person": person,
            "today": today,
            "sleep": sleep_report(session, person=person, today=today, weeks=4),
            "window": current_sleep_window(session, person=person),
            "caution": CAUTION,
            "diet": diet,
            "labs": sorted(
                lab_history(session, person=person), key=lambda line: line.row.day, reverse=True
            ),
            "cycle": cycle,
            "cycle_lengths": lengths,
        },
    )
