"""``fibrotrack report``: the clinician report as a two-page PDF and an HTML page.

The report services are imported inside the command: Matplotlib, fpdf2, SciPy and statsmodels
take a moment to load, and other commands should not wait for them.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from fibrotrack.cli.context import cli_of, console, errors, today_of
from fibrotrack.diary import InvalidEntry

STDOUT = "-"


def _writable(path: Path, field: str) -> Path:
    if path.is_dir():
        raise InvalidEntry(field, f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise InvalidEntry(field, f"the folder {path.parent} does not exist")
    return path


def _not_the_screen(path: Path, field: str) -> Path:
    """``path`` unless it is ``-``: a PDF is no text for the screen."""
    if str(path) == STDOUT:
        raise InvalidEntry(field, "a PDF cannot be shown on the screen; give a file name")
    return _writable(path, field)


def _write(path: Path, content: bytes, field: str) -> None:
    try:
        path.write_bytes(content)
    except OSError as error:
        raise InvalidEntry(field, f"cannot write {path}: {error.strerror}") from None


def make_report(
    ctx: typer.Context,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="DATE", help="First day (YYYY-MM-DD); default 90 days back."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Last day (YYYY-MM-DD); default today."),
    ] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", metavar="FILE", help="Write the two-page PDF here.")
    ] = None,
    html: Annotated[
        str | None,
        typer.Option("--html", metavar="FILE", help="Write the HTML page here (- for the screen)."),
    ] = None,
    name: Annotated[
        bool, typer.Option("--name/--no-name", help="Show the person's name in the header.")
    ] = True,
) -> None:
    """Write the clinician report for a period: scores and change since baseline, status,
    charts, body map, program, findings, safety and data completeness. Without --pdf or
    --html, the PDF goes to fibrotrack-report-DATE.pdf in the current folder."""
    from fibrotrack.reports import render_charts, render_page, render_pdf
    from fibrotrack.services.report import build_report, period_of_text

    if pdf is not None:
        _not_the_screen(pdf, "pdf")
    html_path = None
    if html not in (None, STDOUT):
        html_path = _writable(Path(html), "html")
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        today = today_of(person)
        period = period_of_text(start, end, today=today)
        if pdf is None and html is None:
            pdf = _writable(Path(f"fibrotrack-report-{period.end.isoformat()}.pdf"), "pdf")
        report = build_report(session, person=person, period=period, today=today, with_name=name)
    charts = render_charts(report.charts, report.program.activity, report.body_map)
    # With the page on standard output, what was done goes to standard error.
    notes = errors if html == STDOUT else console
    if pdf is not None:
        _write(pdf, render_pdf(report, charts), "pdf")
        notes.print(f"Wrote the PDF report to {pdf}", markup=False, highlight=False, soft_wrap=True)
    if html == STDOUT:
        sys.stdout.write(render_page(report, charts))
    elif html_path is not None:
        _write(html_path, render_page(report, charts).encode("utf-8"), "html")
        notes.print(
            f"Wrote the HTML report to {html_path}", markup=False, highlight=False, soft_wrap=True
        )
    notes.print(
        f"Period {period.start} to {period.end}: {report.completeness.days_logged} of "
        f"{period.days} days logged.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command("report")(make_report)
