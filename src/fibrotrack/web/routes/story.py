"""My recovery story: the timeline page with the person's choices, its downloads (Markdown,
HTML, PDF), and the choice of journal entries and milestones it shows."""

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import URL

from fibrotrack.services.story import build_story, choose_story_entries, story_entries
from fibrotrack.stories import Section, Story, StoryChoices
from fibrotrack.stories.html import render_body, render_page
from fibrotrack.stories.markdown import render_markdown
from fibrotrack.stories.pdf import render_pdf
from fibrotrack.web.deps import CsrfForm, PersonDep, SessionDep
from fibrotrack.web.routes.pages import redirect_to, render, today_for
from fibrotrack.web.templating import path_for

router = APIRouter(include_in_schema=False)

SectionQuery = Annotated[list[str] | None, Query(alias="section")]
ChosenQuery = Annotated[bool, Query(alias="chosen")]
NameQuery = Annotated[bool, Query(alias="name")]


def _choices(sections: list[str] | None, chosen: bool, name: bool) -> StoryChoices:
    """The choices in the query: every section until the form was sent (``chosen``), then
    only the ticked ones; the name only when asked for."""
    if not chosen:
        return StoryChoices(with_name=name)
    return StoryChoices.only(sections or [], with_name=name)


def _query(choices: StoryChoices) -> list[tuple[str, str]]:
    query = [("chosen", "true")] + [
        ("section", section.value) for section in Section if choices.includes(section)
    ]
    if choices.with_name:
        query.append(("name", "true"))
    return query


def _download(request: Request, name: str, choices: StoryChoices) -> URL:
    return path_for(request, name).replace(query=urlencode(_query(choices)))


def _file_name(story: Story, suffix: str) -> str:
    day: date = story.generated_on
    return f"fibrotrack-story-{day.isoformat()}.{suffix}"


@router.get("/story", name="story")
def story_page(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    section: SectionQuery = None,
    chosen: ChosenQuery = False,
    name: NameQuery = False,
    saved: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    choices = _choices(section, chosen, name)
    story = build_story(session, person=person, today=today_for(person), choices=choices)
    session.commit()
    return render(
        request,
        "story.html",
        {
            "person": person,
            "story": story,
            "choices": choices,
            "sections": list(Section),
            "body": render_body(story),
            "entries": story_entries(session, person=person),
            "downloads": {
                suffix: _download(request, f"story_{suffix}", choices)
                for suffix in ("md", "html", "pdf")
            },
            "status": "Your story's entries are saved." if saved else None,
        },
    )


@router.get("/story.md", name="story_md")
def story_markdown(
    session: SessionDep,
    person: PersonDep,
    section: SectionQuery = None,
    chosen: ChosenQuery = False,
    name: NameQuery = False,
) -> Response:
    story = build_story(
        session, person=person, today=today_for(person), choices=_choices(section, chosen, name)
    )
    session.commit()
    return Response(
        render_markdown(story),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file_name(story, "md")}"'},
    )


@router.get("/story.html", name="story_html")
def story_html(
    session: SessionDep,
    person: PersonDep,
    section: SectionQuery = None,
    chosen: ChosenQuery = False,
    name: NameQuery = False,
) -> Response:
    story = build_story(
        session, person=person, today=today_for(person), choices=_choices(section, chosen, name)
    )
    session.commit()
    return Response(
        render_page(story),
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file_name(story, "html")}"'},
    )


@router.get("/story.pdf", name="story_pdf")
def story_pdf(
    session: SessionDep,
    person: PersonDep,
    section: SectionQuery = None,
    chosen: ChosenQuery = False,
    name: NameQuery = False,
) -> Response:
    story = build_story(
        session, person=person, today=today_for(person), choices=_choices(section, chosen, name)
    )
    session.commit()
    return Response(
        render_pdf(story),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_file_name(story, "pdf")}"'},
    )


@router.post("/story/entries", name="story_entries", dependencies=[CsrfForm])
def choose_entries(
    request: Request,
    session: SessionDep,
    person: PersonDep,
    entry: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """The journal entries and milestones ticked go in the story; the others stay private."""
    ids = [int(value) for value in entry or [] if value.isdigit()]
    choose_story_entries(session, person=person, entry_ids=ids)
    session.commit()
    return redirect_to(request, "story", saved="true")
