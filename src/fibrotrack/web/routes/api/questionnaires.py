"""``/api/v1/questionnaires``: the instruments with their items, the person's responses with
scores, taking a questionnaire, and the half-filled draft of a form."""

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from fibrotrack.diary import parse_day
from fibrotrack.instruments import Instrument, Score, get
from fibrotrack.safety import SELF_HARM_FLAG, CrisisResources
from fibrotrack.services.assessments import (
    StoredResponse,
    answers_json,
    list_responses,
    record_crisis_resources_shown,
    score_lines,
)
from fibrotrack.services.questionnaire_forms import (
    Draft,
    FormProblems,
    checked_form,
    crisis_resources_of,
    discard_draft,
    draft_of,
    questionnaires_to_fill,
    save_draft,
    submit_form,
)
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfHeader, PersonDep, SessionDep
from fibrotrack.web.routes.api.schemas import INVALID
from fibrotrack.web.routes.pages import today_for

router = APIRouter(tags=["questionnaires"])


class OptionOut(BaseModel):
    value: int | str
    label: str


class ItemOut(BaseModel):
    id: str
    number: int
    text: str
    kind: str = Field(description="choice (one option), yes_no, or multiple (any options)")
    domain: str | None
    recall: str = Field(description="The period the item asks about")
    required: bool
    options: list[OptionOut]


class DomainOut(BaseModel):
    id: str
    label: str
    instructions: str


class SubscoreOut(BaseModel):
    id: str
    label: str
    minimum: float
    maximum: float


class BandOut(BaseModel):
    id: str
    label: str
    range_text: str


class InstrumentOut(BaseModel):
    id: str
    name: str
    short_name: str
    version: str
    recall_period: str
    instructions: str
    total_label: str
    total_minimum: float
    total_maximum: float
    higher_is_worse: bool
    domains: list[DomainOut]
    subscores: list[SubscoreOut]
    bands: list[BandOut]
    items: list[ItemOut]


class InstrumentsOut(BaseModel):
    questionnaires: list[InstrumentOut]


class ScoreOut(BaseModel):
    valid: bool
    total: float | None
    subscores: dict[str, float]
    band: str | None
    band_label: str | None
    criteria_met: bool | None
    flags: list[str]
    reason: str | None
    summary: list[str] = Field(description="The score in words, as the pages show it")


class CrisisResourceOut(BaseModel):
    name: str
    contact: str
    when: str


class CrisisResourcesOut(BaseModel):
    country: str | None = Field(description="ISO 3166 code; null: the international default")
    name: str
    resources: list[CrisisResourceOut]


class ResponseOut(BaseModel):
    id: int
    instrument: str
    version: str
    date: date
    taken_at: datetime
    source: str
    answers: dict[str, Any]
    score: ScoreOut


class TakenOut(ResponseOut):
    crisis_resources: CrisisResourcesOut | None = Field(
        description="Present whenever PHQ-9 item 9 is above 0: show these at once"
    )


class ResponsesOut(BaseModel):
    responses: list[ResponseOut]


class AnswersIn(BaseModel):
    """Answers by item id: numbers, true/false, or a list of option values."""

    answers: dict[str, Any] = Field(examples=[{"q1": 1, "q2": 0, "q3": 2}])


class DraftOut(BaseModel):
    instrument: str
    answers: dict[str, Any]
    updated_at: datetime
    crisis_resources: CrisisResourcesOut | None = Field(
        default=None, description="Present when the answers so far have PHQ-9 item 9 above 0"
    )


def instrument_out(instrument: Instrument) -> InstrumentOut:
    return InstrumentOut(
        id=instrument.id,
        name=instrument.name,
        short_name=instrument.short_name,
        version=instrument.version,
        recall_period=instrument.recall_period,
        instructions=instrument.instructions,
        total_label=instrument.total_label,
        total_minimum=instrument.total_minimum,
        total_maximum=instrument.total_maximum,
        higher_is_worse=instrument.higher_is_worse,
        domains=[
            DomainOut(id=d.id, label=d.label, instructions=d.instructions)
            for d in instrument.domains
        ],
        subscores=[
            SubscoreOut(id=s.id, label=s.label, minimum=s.minimum, maximum=s.maximum)
            for s in instrument.subscores
        ],
        bands=[BandOut(id=b.id, label=b.label, range_text=b.range_text) for b in instrument.bands],
        items=[
            ItemOut(
                id=item.id,
                number=number,
                text=item.text,
                kind=item.kind.value,
                domain=item.domain,
                recall=item.recall or instrument.recall_period,
                required=item.required,
                options=[OptionOut(value=o.value, label=o.label) for o in item.options],
            )
            for number, item in enumerate(instrument.items, start=1)
        ],
    )


def score_out(instrument: Instrument, score: Score) -> ScoreOut:
    return ScoreOut(
        **score.as_dict(),
        band_label=instrument.band(score.band).label if score.band else None,
        summary=score_lines(instrument, score),
    )


def response_out(response: StoredResponse) -> ResponseOut:
    return ResponseOut(
        id=response.id,
        instrument=response.instrument,
        version=response.version,
        date=response.day,
        taken_at=response.taken_at,
        source=response.source,
        answers=answers_json(response.answers),
        score=score_out(get(response.instrument), response.score),
    )


def resources_out(resources: CrisisResources) -> CrisisResourcesOut:
    return CrisisResourcesOut.model_validate(resources.as_dict())


def problems_answer(problems: FormProblems) -> JSONResponse:
    """422 naming every item with a problem."""
    detail = [{"field": p.field, "msg": p.message} for p in problems.problems]
    return JSONResponse({"detail": detail}, status_code=422)


@router.get("/questionnaires", response_model=InstrumentsOut)
def list_questionnaires(person: PersonDep) -> InstrumentsOut:
    """The questionnaires offered, each with its items, answer options and recall period."""
    return InstrumentsOut(
        questionnaires=[instrument_out(instrument) for instrument in questionnaires_to_fill()]
    )


@router.get("/questionnaires/responses", response_model=ResponsesOut, responses=INVALID)
def list_questionnaire_responses(
    session: SessionDep,
    person: PersonDep,
    instrument: str | None = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> ResponsesOut:
    """The person's responses (of one instrument if given), oldest first, with their scores."""
    responses = list_responses(
        session,
        person=person,
        instrument=instrument,
        start=parse_day(start) if start else None,
        end=parse_day(end) if end else None,
    )
    return ResponsesOut(responses=[response_out(response) for response in responses])


@router.post(
    "/questionnaires/{instrument_id}/responses",
    response_model=TakenOut,
    status_code=201,
    dependencies=[CsrfHeader],
    responses=INVALID,
)
def take_questionnaire(
    request: Request, instrument_id: str, body: AnswersIn, session: SessionDep, person: PersonDep
) -> Response | TakenOut:
    """Score and store a whole response, and delete the form's draft. Malformed answers, or a
    form too incomplete to score: 422 naming every such item, nothing stored. When PHQ-9 item 9
    is above 0 the reply holds ``crisis_resources``: show them at once."""
    now = datetime.now(UTC)
    try:
        stored = submit_form(
            session,
            person=person,
            instrument_id=instrument_id,
            answers=body.answers,
            taken_at=now,
            today=today_for(person),
        )
    except FormProblems as problems:
        session.rollback()
        return problems_answer(problems)
    resources = None
    if stored.needs_crisis_resources:
        resources = crisis_resources_of(
            session, person=person, server_country=request.app.state.settings.country
        )
        record_crisis_resources_shown(
            session,
            person=person,
            resources=resources,
            channel="api",
            shown_at=now,
            response=stored,
        )
    session.commit()
    return TakenOut(
        **response_out(stored).model_dump(),
        crisis_resources=resources_out(resources) if resources else None,
    )


def draft_out(request: Request, session: Session, person: Person, draft: Draft) -> DraftOut:
    form = checked_form(draft.instrument, draft.answers)
    flagged = form.score is not None and SELF_HARM_FLAG in form.score.flags
    return DraftOut(
        instrument=draft.instrument,
        answers=answers_json(draft.answers),
        updated_at=draft.updated_at,
        crisis_resources=resources_out(
            crisis_resources_of(
                session, person=person, server_country=request.app.state.settings.country
            )
        )
        if flagged
        else None,
    )


@router.get(
    "/questionnaires/{instrument_id}/draft",
    response_model=DraftOut,
    responses={404: {"description": "No draft"}},
)
def get_questionnaire_draft(
    request: Request, instrument_id: str, session: SessionDep, person: PersonDep
) -> DraftOut:
    """The answers given so far on a form not yet submitted; 404 when there is none."""
    draft = draft_of(session, person=person, instrument_id=instrument_id)
    if draft is None:
        raise HTTPException(status_code=404, detail="No draft of this questionnaire.")
    return draft_out(request, session, person, draft)


@router.put(
    "/questionnaires/{instrument_id}/draft",
    response_model=DraftOut,
    dependencies=[CsrfHeader],
    responses=INVALID,
)
def put_questionnaire_draft(
    request: Request, instrument_id: str, body: AnswersIn, session: SessionDep, person: PersonDep
) -> Response | DraftOut:
    """Keep the answers given so far (the form's autosave). Malformed answers: 422 naming each
    item, nothing written. Holds ``crisis_resources`` when PHQ-9 item 9 is above 0."""
    try:
        draft = save_draft(
            session,
            person=person,
            instrument_id=instrument_id,
            answers=body.answers,
            now=datetime.now(UTC),
        )
    except FormProblems as problems:
        session.rollback()
        return problems_answer(problems)
    session.commit()
    return draft_out(request, session, person, draft)


@router.delete("/questionnaires/{instrument_id}/draft", status_code=204, dependencies=[CsrfHeader])
def delete_questionnaire_draft(
    instrument_id: str, session: SessionDep, person: PersonDep
) -> Response:
    """Throw the draft away."""
    discard_draft(session, person=person, instrument_id=instrument_id)
    session.commit()
    return Response(status_code=204)
