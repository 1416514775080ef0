"""``/api/v1/status``: the status now in words, its dated changes, every visit's status from
the status engine, a flare going on now and a recent boom day."""

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from fibrotrack.services.insights import FlareView
from fibrotrack.services.status_overview import status_overview
from fibrotrack.status.summary import TERMS
from fibrotrack.web.deps import PersonDep, SessionDep
from fibrotrack.web.routes.pages import today_for

router = APIRouter(tags=["status"])


class LineOut(BaseModel):
    text: str
    term: str | None = Field(description="A key of `terms`: what the line's term means.")
    detail: str | None


class EventOut(BaseModel):
    date: date
    text: str
    term: str | None


class FlareOut(BaseModel):
    start: date
    end: date
    detected: bool
    confirmed: bool | None


class OverdoingOut(BaseModel):
    activity: str
    recent_boom_day: date | None = Field(description="A boom day in the last 3 days.")
    busts: int
    boom_days_judged: int
    rate: float
    chance_rate: float | None


class MissingOut(BaseModel):
    instrument: str
    why: str


class StatusOut(BaseModel):
    current: list[LineOut] = Field(description="The status now, most telling first.")
    timeline: list[EventOut] = Field(description="Dated changes, newest first.")
    missing: list[MissingOut]
    flare_now: FlareOut | None
    flares: list[FlareOut]
    overdoing: OverdoingOut | None
    terms: dict[str, str]
    visits: dict[str, Any] = Field(
        description="The status engine's every visit, as `fibrotrack status --json` prints it."
    )


def _flare(flare: FlareView) -> FlareOut:
    return FlareOut(
        start=flare.start, end=flare.end, detected=flare.detected, confirmed=flare.confirmed
    )


@router.get("/status", response_model=StatusOut)
def status(session: SessionDep, person: PersonDep) -> StatusOut:
    """Where the person stands: current status first, then the timeline, with what each term
    means and what to fill in for the rest."""
    overview = status_overview(session, person=person, today=today_for(person))
    overdoing = overview.overdoing
    return StatusOut(
        current=[
            LineOut(text=line.text, term=line.term, detail=line.detail) for line in overview.current
        ],
        timeline=[
            EventOut(date=event.day, text=event.text, term=event.term) for event in overview.events
        ],
        missing=[MissingOut(instrument=key, why=why) for key, why in overview.missing],
        flare_now=None if overview.flare_now is None else _flare(overview.flare_now),
        flares=[_flare(flare) for flare in overview.flares],
        overdoing=None
        if overdoing is None
        else OverdoingOut(
            activity=overdoing.activity,
            recent_boom_day=overdoing.boom_day,
            busts=overdoing.busts,
            boom_days_judged=overdoing.judged,
            rate=round(overdoing.rate, 3),
            chance_rate=None if overdoing.chance_rate is None else round(overdoing.chance_rate, 3),
        ),
        terms={key: f"{name}: {meaning}" for key, (name, meaning) in TERMS.items()},
        visits=overview.status.as_dict(),
    )
