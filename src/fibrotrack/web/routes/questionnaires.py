"""Questionnaires: the list with each one's last score, when it is due and the history; the
schedule the person chose for each (set, changed and stopped here); a form drawn from each
instrument's definition (drafts kept on the server), the result in words, and the PHQ-9 safety
page shown at once whenever item 9 is above 0."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from fibrotrack.body.screening import RULES, Due, DueState, instrument_key
from fibrotrack.diary import InvalidEntry
from fibrotrack.instruments import Answer, Instrument, InvalidAnswers, Item, ItemKind, get
from fibrotrack.safety import PERSON_FOLLOW_UP, PERSON_MESSAGE, SELF_HARM_FLAG, CrisisResources
from fibrotrack.services.assessments import (
    StoredResponse,
    crisis_resources_shown,
    list_responses,
    record_crisis_resources_shown,
    score_lines,
)
from fibrotrack.services.questionnaire_forms import (
    FormProblems,
    body_map_prefill,
    checked_form,
    crisis_resources_of,
    draft_of,
    drafts_saved,
    last_responses,
    questionnaire,
    questionnaires_to_fill,
    response_by_id,
    save_draft,
    submit_form,
)
from fibrotrack.services.recovery import due_questionnaires, set_schedule, stop_schedule
from fibrotrack.storage.models import Person
from fibrotrack.web.deps import CsrfForm, PersonDep, RowId, SessionDep
from fibrotrack.web.form_fields import day_field
from fibrotrack.web.routes.pages import redirect_to, render, today_for
from fibrotrack.web.templating import path_for

router = APIRouter(include_in_schema=False)
NONE_TICKED = "none"  # sent with every multiple-choice item, so "nothing ticked" is an answer


async def posted_form(request: Request) -> FormData:
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


def resources_for(request: Request, session: Session, person: Person) -> CrisisResources:
    return crisis_resources_of(
        session, person=person, server_country=request.app.state.settings.country
    )


def go_to(request: Request, name: str, /, **params: Any) -> RedirectResponse:
    """See Other: the page ``name`` with its path parameters."""
    return RedirectResponse(str(path_for(request, name, **params)), status_code=303)


def channel_of(request: Request) -> str:
    return "demo" if request.app.state.demo else "web"


def instrument_or_404(instrument_id: str) -> Instrument:
    try:
        return questionnaire(instrument_id)
    except InvalidEntry:
        raise HTTPException(status_code=404, detail="No such questionnaire.") from None


def answers_from(instrument: Instrument, form: FormData) -> dict[str, object]:
    """The form's answers by item id; an item the form did not send is left out."""
    answers: dict[str, object] = {}
    for item in instrument.items:
        if item.id not in form:
            continue
        if item.kind is ItemKind.MULTIPLE:
            answers[item.id] = [v for v in form.getlist(item.id) if v != NONE_TICKED]
        else:
            answers[item.id] = form.get(item.id)
    return answers


def ticked(answer: object) -> set[str]:
    """An answer as the option values to show ticked."""
    if answer is None:
        return set()
    if isinstance(answer, bool):
        return {"1" if answer else "0"}
    if isinstance(answer, list | tuple):
        return {str(value) for value in answer}
    return {str(answer).strip()}


def is_scale(item: Item) -> bool:
    """Whole numbers with words only at both ends (the FIQR's 0–10): drawn as a row of
    numbered buttons, the two anchors said in words."""
    return (
        item.kind is ItemKind.CHOICE
        and len(item.options) > 3
        and all(option.label == str(option.value) for option in item.options[1:-1])
    )


def groups_of(instrument: Instrument) -> list[dict[str, Any]]:
    """The items under their domain headings, in form order."""
    groups: list[dict[str, Any]] = []
    known = {domain.id: domain for domain in instrument.domains}
    for number, item in enumerate(instrument.items, start=1):
        domain = known.get(item.domain or "")
        if not groups or groups[-1]["domain"] is not domain:
            groups.append({"domain": domain, "items": []})
        groups[-1]["items"].append((number, item))
    return groups


def _form_page(
    request: Request,
    session: Session,
    person: Person,
    instrument: Instrument,
    *,
    current: dict[str, object],
    problems: tuple[InvalidAnswers, ...] = (),
    resources: CrisisResources | None = None,
    status: str | None = None,
) -> HTMLResponse:
    today = today_for(person)
    draft = draft_of(session, person=person, instrument_id=instrument.id)
    prefill = body_map_prefill(session, person=person, instrument_id=instrument.id, today=today)
    values = {item_id: ticked(answer) for item_id, answer in current.items()}
    prefilled = prefill is not None and prefill.item_id not in current and not problems
    if prefill is not None and prefilled:
        values[prefill.item_id] = set(prefill.areas)
    numbers = {item.id: n for n, item in enumerate(instrument.items, start=1)}
    return render(
        request,
        "questionnaire_form.html",
        {
            "person": person,
            "active": "questionnaires",
            "instrument": instrument,
            "groups": groups_of(instrument),
            "values": values,
            "is_scale": is_scale,
            "problems": [
                {
                    "item": problem.field,
                    "number": numbers.get(problem.field),
                    "text": instrument.items_by_id[problem.field].text
                    if problem.field in instrument.items_by_id
                    else None,
                    "message": problem.message,
                }
                for problem in problems
            ],
            "problem_of": {problem.field: problem.message for problem in problems},
            "draft": draft,
            "prefill": prefill if prefilled else None,
            "resources": resources,
            "crisis_ready": resources_for(request, session, person)
            if resources is None and SELF_HARM_FLAG in instrument.flags
            else None,
            "person_message": PERSON_MESSAGE,
            "person_follow_up": PERSON_FOLLOW_UP,
            "status": status,
            "none_ticked": NONE_TICKED,
            "item_kinds": ItemKind,
        },
        status_code=422 if problems else 200,
    )


def _schedule_message(
    due: dict[str, Due], scheduled: str | None, stopped: str | None
) -> str | None:
    """What the schedule change just saved did, in words."""
    if stopped in RULES:
        return f"Stopped: the {RULES[stopped].label} is no longer scheduled."
    item = due.get(scheduled or "")
    if item is None:
        return None
    when = "due now" if item.state is DueState.DUE else f"next due {item.due_on:%-d %B %Y}"
    return f"Saved: the {item.label} every {item.every_days} days, {when}."


def _questionnaires_page(
    request: Request,
    session: Session,
    person: Person,
    *,
    scheduled: str | None = None,
    stopped: str | None = None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
    form_for: str | None = None,
) -> HTMLResponse:
    today = today_for(person)
    due = {
        item.instrument: item for item in due_questionnaires(session, person=person, today=today)
    }
    return render(
        request,
        "questionnaires.html",
        {
            "person": person,
            "active": "questionnaires",
            "today": today,
            "offered": questionnaires_to_fill(),
            "last": last_responses(session, person=person),
            "drafts": drafts_saved(session, person=person),
            "responses": list(reversed(list_responses(session, person=person))),
            "headline": headline,
            "rules": list(RULES.values()),
            "due": due,
            "status": _schedule_message(due, scheduled, stopped),
            "error": error,
            "form": form or {},
            "form_for": form_for,
        },
    )


@router.get("/questionnaires", name="questionnaires")
def questionnaires_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    scheduled: str | None = None,
    stopped: str | None = None,
) -> Response:
    """Every questionnaire with its last score and when it is due, the schedule of each, and
    every response; ``scheduled`` or ``stopped`` names the schedule just changed."""
    return _questionnaires_page(request, session, person, scheduled=scheduled, stopped=stopped)


def every_field(text: str) -> int:
    """The number of days typed in ``every``, or ``InvalidEntry`` naming it."""
    text = text.strip()
    if not text:
        raise InvalidEntry("every", "enter how often, in days")
    try:
        return int(text)
    except ValueError:
        raise InvalidEntry("every", f"{text!r} is not a whole number of days") from None


@router.post(
    "/questionnaires/{instrument_id}/schedule",
    name="questionnaire_schedule",
    dependencies=[CsrfForm],
)
def schedule_questionnaire(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    instrument_id: str,
    every: Annotated[str, Form()] = "",
    start: Annotated[str, Form()] = "",
) -> Response:
    """Set or change when a questionnaire is due: every ``every`` days from ``start`` (empty:
    today) on, or after the last time it was answered if that is later."""
    try:
        row = set_schedule(
            session,
            person=person,
            instrument=instrument_id,
            every_days=every_field(every),
            start=day_field("start", start, today_for(person)),
        )
    except InvalidEntry as error:
        session.rollback()
        return _questionnaires_page(
            request,
            session,
            person,
            error=error,
            form={"every": every, "start": start},
            form_for=instrument_id,
        )
    session.commit()
    return redirect_to(request, "questionnaires", scheduled=row.instrument)


@router.post(
    "/questionnaires/{instrument_id}/schedule/stop",
    name="questionnaire_schedule_stop",
    dependencies=[CsrfForm],
)
def stop_questionnaire_schedule(
    request: Request, session: SessionDep, person: PersonDep, instrument_id: str
) -> Response:
    """No more reminders for a questionnaire; its answers stay."""
    try:
        stop_schedule(session, person=person, instrument=instrument_id)
    except InvalidEntry as error:
        session.rollback()
        return _questionnaires_page(request, session, person, error=error, form_for=instrument_id)
    session.commit()
    return redirect_to(request, "questionnaires", stopped=instrument_key(instrument_id))


@router.get("/questionnaires/{instrument_id}", name="questionnaire_form")
def questionnaire_form(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    instrument_id: str,
    saved: bool = False,
) -> Response:
    instrument = instrument_or_404(instrument_id)
    draft = draft_of(session, person=person, instrument_id=instrument.id)
    current: dict[str, object] = dict(draft.answers) if draft else {}
    status = "Saved: finish it whenever you like." if saved else None
    return _form_page(request, session, person, instrument, current=current, status=status)


@router.post("/questionnaires/{instrument_id}", dependencies=[CsrfForm])
def submit_questionnaire(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    instrument_id: str,
    form: PostedForm,
) -> Response:
    instrument = instrument_or_404(instrument_id)
    answers = answers_from(instrument, form)
    now = datetime.now(UTC)
    try:
        if form.get("action") == "draft":
            save_draft(
                session, person=person, instrument_id=instrument.id, answers=answers, now=now
            )
            session.commit()
            form_url = path_for(request, "questionnaire_form", instrument_id=instrument.id)
            return RedirectResponse(str(form_url.include_query_params(saved=1)), status_code=303)
        stored = submit_form(
            session,
            person=person,
            instrument_id=instrument.id,
            answers=answers,
            taken_at=now,
            today=today_for(person),
        )
    except FormProblems as invalid:
        session.rollback()
        return _problem_page(request, session, person, instrument, answers, invalid.problems)
    session.commit()
    page = "questionnaire_safety" if stored.needs_crisis_resources else "questionnaire_result"
    return go_to(request, page, response_id=stored.id)


def _problem_page(
    request: Request,
    session: Session,
    person: Person,
    instrument: Instrument,
    answers: dict[str, object],
    problems: tuple[InvalidAnswers, ...],
) -> HTMLResponse:
    """The form again with each problem beside its item. A positive PHQ-9 item 9 shows the
    crisis resources first, even though the form was not stored."""
    result = checked_form(instrument.id, answers).score
    resources = None
    if result is not None and SELF_HARM_FLAG in result.flags:
        resources = resources_for(request, session, person)
        record_crisis_resources_shown(
            session,
            person=person,
            resources=resources,
            channel=channel_of(request),
            shown_at=datetime.now(UTC),
            response=None,
        )
        session.commit()
    return _form_page(
        request,
        session,
        person,
        instrument,
        current=answers,
        problems=problems,
        resources=resources,
    )


def _own_response(session: Session, person: Person, response_id: int) -> StoredResponse:
    response = response_by_id(session, person=person, response_id=response_id)
    if response is None:
        raise HTTPException(status_code=404, detail="No such response.")
    return response


def headline(response: StoredResponse) -> str:
    """The score of a response in one line of words."""
    return score_lines(get(response.instrument), response.score)[0]


@router.get("/questionnaires/responses/{response_id}/safety", name="questionnaire_safety")
def safety_page(
    request: Request, session: SessionDep, person: PersonDep, response_id: RowId
) -> Response:
    """Crisis resources, first and alone, right after a PHQ-9 with item 9 above 0."""
    response = _own_response(session, person, response_id)
    if not response.needs_crisis_resources:
        return go_to(request, "questionnaire_result", response_id=response.id)
    resources = resources_for(request, session, person)
    page = render(
        request,
        "questionnaire_safety.html",
        {
            "person": person,
            "active": "questionnaires",
            "response": response,
            "resources": resources,
            "person_message": PERSON_MESSAGE,
            "person_follow_up": PERSON_FOLLOW_UP,
        },
    )
    already = any(
        record.response_id == response.id
        for record in crisis_resources_shown(session, person=person)
    )
    if not already:
        record_crisis_resources_shown(
            session,
            person=person,
            resources=resources,
            channel=channel_of(request),
            shown_at=datetime.now(UTC),
            response=response,
        )
        session.commit()
    return page


@router.get("/questionnaires/responses/{response_id}", name="questionnaire_result")
def result_page(
    request: Request, session: SessionDep, person: PersonDep, response_id: RowId
) -> Response:
    response = _own_response(session, person, response_id)
    instrument = get(response.instrument)
    return render(
        request,
        "questionnaire_result.html",
        {
            "person": person,
            "active": "questionnaires",
            "response": response,
            "instrument": instrument,
            "lines": score_lines(instrument, response.score),
            "answers": _answers_in_words(instrument, response.answers),
            "resources": resources_for(request, session, person)
            if response.needs_crisis_resources
            else None,
        },
    )


def _answers_in_words(instrument: Instrument, answers: dict[str, Answer]) -> list[tuple[str, str]]:
    """Each answered item with the label of the answer given."""
    rows = []
    for item in instrument.items:
        if item.id not in answers:
            continue
        answer = answers[item.id]
        if isinstance(answer, tuple):
            text = ", ".join(item.option(value).label for value in answer) or "None"
        elif isinstance(answer, bool):
            text = "Yes" if answer else "No"
        else:
            label = item.option(answer).label
            text = label if label == str(answer) else f"{answer} — {label}"
        rows.append((item.text, text))
    return rows
