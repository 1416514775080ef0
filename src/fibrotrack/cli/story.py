"""``fibrotrack story``: the person's recovery story as Markdown, an HTML page and a PDF.

The story services are imported inside the command: the insight engine, Matplotlib and fpdf2
take a moment to load, and other commands should not wait for them.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from fibrotrack.cli.context import cli_of, console, errors, today_of
from fibrotrack.cli.report import STDOUT, _not_the_screen, _writable, _write
from fibrotrack.diary import InvalidEntry


def make_story(
    ctx: typer.Context,
    markdown: Annotated[
        str | None,
        typer.Option("--markdown", metavar="FILE", help="Write Markdown here (- for the screen)."),
    ] = None,
    html: Annotated[
        str | None,
        typer.Option("--html", metavar="FILE", help="Write an HTML page here (- for the screen)."),
    ] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", metavar="FILE", help="Write a PDF here.")
    ] = None,
    without: Annotated[
        list[str] | None,
        typer.Option(
            "--without",
            metavar="SECTION",
            help="Leave a section out (repeat for several): milestones, status, practices, "
            "scores, findings.",
        ),
    ] = None,
    name: Annotated[
        bool, typer.Option("--name/--no-name", help="Show your name (left out by default).")
    ] = False,
) -> None:
    """Your recovery story, generated from your own data: milestones and journal entries you
    marked, status changes, practices, scores with their bands, findings that held up. Without
    --markdown, --html or --pdf, the Markdown is printed."""
    from fibrotrack.services.story import build_story
    from fibrotrack.stories import StoryChoices

    choices = StoryChoices.without(without or [], with_name=name)
    if markdown == html == STDOUT:
        raise InvalidEntry("html", "only one of --markdown and --html can go to the screen")
    markdown_path = None
    if markdown not in (None, STDOUT):
        markdown_path = _writable(Path(markdown), "markdown")
    html_path = None
    if html not in (None, STDOUT):
        html_path = _writable(Path(html), "html")
    if pdf is not None:
        _not_the_screen(pdf, "pdf")
    with cli_of(ctx).person_session() as (session, person):
        story = build_story(session, person=person, today=today_of(person), choices=choices)
    markdown_shown = markdown == STDOUT or (markdown is None and html is None and pdf is None)
    # With the story on standard output, what was done goes to standard error.
    notes = errors if markdown_shown or html == STDOUT else console
    if markdown_shown or markdown_path is not None:
        from fibrotrack.stories.markdown import render_markdown

        text = render_markdown(story)
        if markdown_path is None:
            sys.stdout.write(text)
        else:
            _write(markdown_path, text.encode("utf-8"), "markdown")
            notes.print(
                f"Wrote the story as Markdown to {markdown_path}", markup=False, highlight=False
            )
    if html is not None:
        from fibrotrack.stories.html import render_page

        page = render_page(story)
        if html_path is None:
            sys.stdout.write(page)
        else:
            _write(html_path, page.encode("utf-8"), "html")
            notes.print(
                f"Wrote the story as an HTML page to {html_path}", markup=False, highlight=False
            )
    if pdf is not None:
        from fibrotrack.stories.pdf import render_pdf

        _write(pdf, render_pdf(story), "pdf")
        notes.print(f"Wrote the story as a PDF to {pdf}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("story")(make_story)
