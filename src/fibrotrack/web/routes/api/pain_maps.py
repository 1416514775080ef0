"""``/api/v1/pain-maps``: the daily body map (the 19 WPI areas that hurt)."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from fibrotrack.diary import parse_day
from fibrotrack.diary.pain_areas import PAIN_AREA_KEYS
from fibrotrack.services.pain_map import pain_maps_between, record_pain_map
from fibrotrack.web.deps import CsrfHeader, PersonDep, SessionDep
from fibrotrack.web.routes.api.schemas import INVALID
from fibrotrack.web.routes.pages import today_for

router = APIRouter(tags=["body map"])


class PainMapIn(BaseModel):
    areas: list[str] = Field(examples=[["neck", "lower_back", "shoulder_left"]])


class PainMapOut(BaseModel):
    date: date
    areas: list[str] = Field(description=f"Area ids, in WPI order: {', '.join(PAIN_AREA_KEYS)}")


class PainMapsOut(BaseModel):
    pain_maps: list[PainMapOut]


@router.get("/pain-maps", response_model=PainMapsOut, responses=INVALID)
def list_pain_maps(
    session: SessionDep,
    person: PersonDep,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> PainMapsOut:
    """Recorded body maps in a period (default: the last 90 days), oldest first. A day with an
    empty list was recorded with nothing hurting; a day not listed was not recorded."""
    last = parse_day(end) if end else today_for(person)
    first = parse_day(start) if start else last - timedelta(days=89)
    maps = pain_maps_between(session, person=person, start=first, end=last)
    return PainMapsOut(
        pain_maps=[PainMapOut(date=day, areas=list(areas)) for day, areas in maps.items()]
    )


@router.put(
    "/pain-maps/{day}", response_model=PainMapOut, dependencies=[CsrfHeader], responses=INVALID
)
def put_pain_map(day: str, body: PainMapIn, session: SessionDep, person: PersonDep) -> PainMapOut:
    """Record which areas hurt on ``day`` (replacing that day's map)."""
    target = parse_day(day)
    areas = record_pain_map(
        session, person=person, day=target, areas=body.areas, today=today_for(person)
    )
    session.commit()
    return PainMapOut(date=target, areas=list(areas))
