"""My recovery story: the timeline page with the person's choices, its downloads (Markdown,
HTML, PDF), and the choice of journal entries and milestones it shows."""

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import URL

from fibrotrack.services.recovery import journal
from fibrotrack.services.story import build_story, choose_story_entries
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
RENDERINGS: dict[str, tuple[str, Callable[[Story], str | bytes]]] = {
    "md": ("text/markdown; charset=utf-8", render_markdown),
    "html": ("text/html; charset=utf-8", render_page),
    "pdf": ("application/pdf", render_pdf),
}


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


def _download(request: Request, suffix: str, choices: StoryChoices) -> URL:
    url = path_for(request, "story_download", suffix=suffix)
    return url.replace(query=urlencode(_query(choices)))


def _file_name(story: Story, suffix: str) -> str:
    return f"fibrotrack-story-{story.generated_on.isoformat()}.{suffix}"


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
            "entries": journal(session, person=person),
            "downloads": {suffix: _download(request, suffix, choices) for suffix in RENDERINGS},
            "status": "Your story's entries are saved." if saved else None,
        },
    )


@router.get("/story.{suffix}", name="story_download")
def story_download(
    suffix: str,
    session: SessionDep,
    person: PersonDep,
    section: SectionQuery = None,
    chosen: ChosenQuery = False,
    name: NameQuery = False,
) -> Response:
    """The story as a Markdown, HTML or PDF file, with the same choices as the page."""
    if suffix not in RENDERINGS:
        raise HTTPException(404, "A story is downloaded as .md, .html or .pdf.")
    story = build_story(
        session, person=person, today=today_for(person), choices=_choices(section, chosen, name)
    )
    session.commit()
    media_type, render_story = RENDERINGS[suffix]
    return Response(
        render_story(story),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{_file_name(story, suffix)}"'},
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
