"""A story as HTML: its content (which the web page includes) and a standalone page for
``fibrotrack story --html``, carrying the app's own CSS and the chart inside the file, so it
opens anywhere with no network and no JavaScript."""

from importlib.resources import files

import jinja2
from markupsafe import Markup

from fibrotrack.reports.html import app_stylesheet, data_uri
from fibrotrack.stories import wording
from fibrotrack.stories.charts import fiqr_chart
from fibrotrack.stories.model import Section, Story

STORY_STYLESHEET = "story.css"

_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("fibrotrack.stories", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def chart_text(story: Story) -> str:
    """The chart in words, for its ``alt`` text."""
    fiqrs = [visit for visit in story.scores.visits if "fiqr" in visit.scores]
    if not fiqrs:
        return ""
    first, last = fiqrs[0], fiqrs[-1]
    return (
        f"FIQR at {len(fiqrs)} visits, from {wording.score_text(first.scores['fiqr'])} on "
        f"{wording.day_text(first.day)} to {wording.score_text(last.scores['fiqr'])} on "
        f"{wording.day_text(last.day)}, drawn over the FIQR bands, with flares shaded."
    )


def render_body(story: Story) -> Markup:
    """The story's content as an ``<article>``."""
    chart = fiqr_chart(story) if story.includes(Section.SCORES) else None
    template = _templates.get_template("story_body.html")
    return Markup(  # noqa: S704 (rendered by an autoescaping template)
        template.render(
            story=story,
            chart=data_uri(chart) if chart else None,
            chart_text=chart_text(story),
            Section=Section,
            w=wording,
        )
    )


def render_page(story: Story) -> str:
    """A complete HTML document of the story."""
    own = (files("fibrotrack.web") / "static" / STORY_STYLESHEET).read_text(encoding="utf-8")
    css = Markup(app_stylesheet() + "\n" + own)  # noqa: S704 (the app's own CSS, shipped with it)
    return _templates.get_template("story_page.html").render(
        story=story, body=render_body(story), css=css
    )
