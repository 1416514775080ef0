"""The report as HTML: the report's content (which the web page includes) and a standalone page
for ``fibrotrack report --html``, carrying the app's own CSS and its charts inside the file, so
it opens anywhere with no network and no JavaScript."""

import base64
from importlib.resources import files

import jinja2
from markupsafe import Markup

from fibrotrack.reports import wording
from fibrotrack.reports.charts import ReportCharts
from fibrotrack.reports.model import Report

STYLESHEETS = ("style.css", "report.css")

_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("fibrotrack.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def data_uri(svg: str) -> str:
    """An SVG chart as a data URI for an ``<img>`` (the page's CSP allows ``data:`` images)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_body(report: Report, charts: ReportCharts) -> Markup:
    """The report's content as an ``<article>``."""
    program = report.program
    images = {
        "daily": data_uri(charts.daily),
        "activity": data_uri(charts.activity) if charts.activity else None,
        "body_map": data_uri(charts.body_map) if charts.body_map else None,
    }
    alt = {
        "daily": wording.daily_chart_text(report.charts),
        "activity": wording.activity_chart_text(program.activity) if program.activity else "",
        "body_map": wording.body_map_text(report.body_map),
    }
    template = _templates.get_template("report_body.html")
    return Markup(  # noqa: S704 (rendered by an autoescaping template)
        template.render(report=report, charts=charts, images=images, alt=alt, w=wording)
    )


def app_stylesheet() -> str:
    """The web app's own CSS, for the standalone page."""
    static = files("fibrotrack.web") / "static"
    return "\n".join(static.joinpath(name).read_text(encoding="utf-8") for name in STYLESHEETS)


def render_page(report: Report, charts: ReportCharts) -> str:
    """A complete HTML document of the report."""
    css = Markup(app_stylesheet())  # noqa: S704 (the app's own CSS, shipped with it)
    return _templates.get_template("report_page.html").render(
        report=report, body=render_body(report, charts), css=css, w=wording
    )
