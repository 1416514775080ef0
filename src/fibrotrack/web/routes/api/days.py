"""``/api/v1/days``: the daily check-in, read and written."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from fibrotrack.diary import DayEntry, parse_day
from fibrotrack.services.checkin import CheckIn, check_in, checkin_of, history, history_json
from fibrotrack.storage.races import commit_racing
from fibrotrack.web.deps import CsrfHeader, PersonDep, SessionDep
from fibrotrack.web.routes.api.schemas import INVALID
from fibrotrack.web.routes.pages import today_for

router = APIRouter(tags=["days"])


class DayIn(BaseModel):
    """A whole day's check-in; what is not given is not logged."""

    values: dict[str, float] = Field(default_factory=dict, examples=[{"pain": 6, "fatigue": 7}])
    tags: list[str] = Field(default_factory=list, examples=[["food:gluten"]])
    note: str | None = None


class DayChange(BaseModel):
    """A change to one day: values to set or clear, tags to add or remove, the note (``""``
    removes it; absent leaves it). The page's autosave sends one change per tap."""

    values: dict[str, float] = Field(default_factory=dict, examples=[{"pain": 6}])
    clear: list[str] = Field(default_factory=list, examples=[["brain_fog"]])
    add_tags: list[str] = Field(default_factory=list, examples=[["trigger:bright light"]])
    remove_tags: list[str] = Field(default_factory=list)
    note: str | None = None


class DayOut(BaseModel):
    date: date
    values: dict[str, float]
    tags: list[str]
    note: str | None


class DaysOut(BaseModel):
    days: list[DayOut]


def _out(entry: DayEntry) -> DayOut:
    return DayOut(
        date=entry.day, values=dict(entry.values), tags=sorted(entry.tags), note=entry.note
    )


@router.get("/days", response_model=DaysOut, responses=INVALID)
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


@router.get("/days/{day}", response_model=DayOut, responses={404: {"description": "Not logged"}})
def get_day(day: str, session: SessionDep, person: PersonDep) -> DayOut:
    """What the person logged themselves on ``day``; 404 when the day was not logged."""
    entry = checkin_of(session, person=person, day=parse_day(day))
    if entry is None:
        raise HTTPException(status_code=404, detail=f"{day} was not logged")
    return _out(entry)


@router.put("/days/{day}", response_model=DayOut, dependencies=[CsrfHeader], responses=INVALID)
def put_day(day: str, body: DayIn, session: SessionDep, person: PersonDep) -> DayOut:
    """Record a whole day (replacing that day's check-in). Bad input: 422 naming the field."""
    change = CheckIn(
        day=parse_day(day),
        values=body.values,
        add_tags=body.tags,
        note=body.note or "",
        replace=True,
    )
    today = today_for(person)
    return _out(
        commit_racing(session, lambda: check_in(session, person=person, change=change, today=today))
    )


@router.patch("/days/{day}", response_model=DayOut, dependencies=[CsrfHeader], responses=INVALID)
def patch_day(day: str, body: DayChange, session: SessionDep, person: PersonDep) -> DayOut:
    """Change part of a day, leaving the rest as logged; a save of the same day from another
    tab at the same moment is kept, this one after it."""
    change = CheckIn(
        day=parse_day(day),
        values=body.values,
        clear=frozenset(body.clear),
        add_tags=body.add_tags,
        remove_tags=body.remove_tags,
        note=body.note,
    )
    today = today_for(person)
    return _out(
        commit_racing(session, lambda: check_in(session, person=person, change=change, today=today))
    )
