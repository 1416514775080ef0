"""The JSON API, version 1: days of the diary for the signed-in person."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from fibrotrack.diary import parse_day
from fibrotrack.services.checkin import CheckIn, check_in, history, history_json
from fibrotrack.web.deps import CsrfHeader, PersonDep, SessionDep
from fibrotrack.web.routes.pages import today_for

router = APIRouter(prefix="/api/v1", tags=["days"])


class DayIn(BaseModel):
    """A whole day's check-in; what is not given is not logged."""

    values: dict[str, float] = Field(default_factory=dict, examples=[{"pain": 6, "fatigue": 7}])
    tags: list[str] = Field(default_factory=list, examples=[["food:gluten"]])
    note: str | None = None


class DayOut(BaseModel):
    date: date
    values: dict[str, float]
    tags: list[str]
    note: str | None


class DaysOut(BaseModel):
    days: list[DayOut]


@router.get("/days", response_model=DaysOut)
def list_days(
    session: SessionDep,
    person: PersonDep,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> dict[str, list[dict[str, object]]]:
    """Logged days in a period, oldest first. Days not logged are absent (missing, not zero)."""
    entries = history(
        session,
        person=person,
        start=parse_day(start) if start else None,
        end=parse_day(end) if end else None,
    )
    return history_json(entries)


@router.put("/days/{day}", response_model=DayOut, dependencies=[CsrfHeader])
def put_day(day: str, body: DayIn, session: SessionDep, person: PersonDep) -> DayOut:
    """Record a whole day (replacing that day's check-in). Bad input: 422 naming the field."""
    entry = check_in(
        session,
        person=person,
        change=CheckIn(
            day=parse_day(day),
            values=body.values,
            add_tags=body.tags,
            note=body.note or "",
            replace=True,
        ),
        today=today_for(person),
    )
    session.commit()
    return DayOut(
        date=entry.day, values=dict(entry.values), tags=sorted(entry.tags), note=entry.note
    )
