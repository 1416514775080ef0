"""``/api/v1/status``: the status now in words, its dated changes, every visit's status from
the status engine, a flare going on now and a recent boom day. ``/api/v1/flares``: every flare
with the person's word on it; confirm or deny one, or log one of their own."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from fibrotrack.services.insights import FlareView, person_flares, review_flare
from fibrotrack.services.status_overview import status_overview
from fibrotrack.status.summary import TERMS
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfHeader, PersonDep, SessionDep
from fibrotrack.web.routes.api.schemas import INVALID
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


class FlareDetailOut(BaseModel):
    """A flare found in the pain and fatigue ratings (``detected``), logged by the person
    (``logged``), or both: a flare they logged includes the ones found that overlap it.
    ``peak`` (0–10) and ``severity`` (mean points above the person's baseline) are null when
    nothing was found. ``confirmed``: true, false ("not a flare") or null (not reviewed)."""

    start: date
    end: date
    days: int
    peak_day: date | None
    peak: float | None
    severity: float | None
    detected: bool
    logged: bool
    confirmed: bool | None


class FlaresOut(BaseModel):
    flares: list[FlareDetailOut] = Field(description="Oldest first.")


class FlareIn(BaseModel):
    """A flare of the person's own, from its first to its last day (default the same day)."""

    start: date
    end: date | None = None


FlareStart = Annotated[date, Path(description="The flare's first day", examples=["2026-03-02"])]


def _detail(flare: FlareView) -> FlareDetailOut:
    return FlareDetailOut.model_validate(flare.as_json())


@router.get("/flares", response_model=FlaresOut, tags=["flares"])
def flares(session: SessionDep, person: PersonDep) -> FlaresOut:
    """Flares found in the person's pain and fatigue against their own baseline, and those they
    logged, each with their word on it."""
    return FlaresOut(flares=[_detail(flare) for flare in person_flares(session, person=person)])


@router.post(
    "/flares",
    response_model=FlareDetailOut,
    status_code=201,
    dependencies=[CsrfHeader],
    responses=INVALID,
    tags=["flares"],
)
def log_flare(body: FlareIn, session: SessionDep, person: PersonDep) -> FlareDetailOut:
    """Log a flare of the person's own (never in the future; ``end`` not before ``start``)."""
    view = review_flare(
        session,
        person=person,
        start=body.start,
        end=body.end,
        confirmed=True,
        today=today_for(person),
    )
    session.commit()
    return _detail(view)


def _review(session: Session, person: Person, start: date, *, confirmed: bool) -> FlareDetailOut:
    view = review_flare(
        session, person=person, start=start, confirmed=confirmed, today=today_for(person)
    )
    session.commit()
    return _detail(view)


@router.post(
    "/flares/{start}/confirm",
    response_model=FlareDetailOut,
    dependencies=[CsrfHeader],
    responses=INVALID,
    tags=["flares"],
)
def confirm_flare(start: FlareStart, session: SessionDep, person: PersonDep) -> FlareDetailOut:
    """The detected or logged flare starting on ``start`` was a flare."""
    return _review(session, person, start, confirmed=True)


@router.post(
    "/flares/{start}/deny",
    response_model=FlareDetailOut,
    dependencies=[CsrfHeader],
    responses=INVALID,
    tags=["flares"],
)
def deny_flare(start: FlareStart, session: SessionDep, person: PersonDep) -> FlareDetailOut:
    """The detected or logged flare starting on ``start`` was not a flare."""
    return _review(session, person, start, confirmed=False)
