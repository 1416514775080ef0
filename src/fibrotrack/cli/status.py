"""``fibrotrack status``: am I getting better, measured."""

import json
from typing import Annotated

import typer
from rich.table import Table

from fibrotrack.cli.context import JsonFlag, cli_of, console
from fibrotrack.diary import parse_day
from fibrotrack.instruments import get
from fibrotrack.services.insights import kept_flares
from fibrotrack.services.status import status_of
from fibrotrack.status import LABELS, Status, StatusPoint

SHORT_LABELS = {
    "before_baseline": "before baseline",
    "baseline": "baseline",
    "pain_moderately_improved": "pain ≥30% lower",
    "pain_substantially_improved": "pain ≥50% lower",
    "fm30_short_responder": "FM30 short",
    "fm30_long_responder": "FM30 long",
    "criteria_met": "criteria met*",
    "criteria_not_met": "criteria not met*",
    "criteria_no_longer_met": "criteria no longer met*",
    "low_impact": "low impact",
    "sustained_remission": "sustained remission (study-defined)",
    "flare": "flare",
}
TABLE_MEASURES = (
    ("fiqr_total", "FIQR"),
    ("fs", "FS"),
    ("phq9_total", "PHQ-9"),
    ("gad7_total", "GAD-7"),
    ("daily_pain_7d", "Pain 7d"),
)


def _sentence(text: str) -> str:
    """``text`` with its first letter capitalised and the rest, proper names too, as it is."""
    return text[:1].upper() + text[1:] + "."


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def _show_current(status: Status, point: StatusPoint) -> None:
    console.print(f"\n[bold]Latest visit: {point.day}[/]", highlight=False)
    for instrument_id, band_id in point.bands.items():
        instrument = get(instrument_id)
        band = instrument.band(band_id)
        console.print(
            f"  {instrument.short_name} {instrument.total_label}: {band.label} ({band.range_text})",
            highlight=False,
        )
    if point.changes:
        console.print(f"  Change since baseline ({status.baseline_day}):", highlight=False)
    for change in point.changes:
        percent = "" if change.percent is None else f", {change.percent:+.1f}%"
        console.print(
            f"    {change.label}: {_number(change.baseline)} → {_number(change.value)} "
            f"({change.absolute:+g}{percent})",
            highlight=False,
        )
    if point.pain_improvement:
        console.print(
            f"  Pain has fallen by a {point.pain_improvement} amount (IMMPACT).", highlight=False
        )
    for result in (point.fm30_short, point.fm30_long):
        if result is not None:
            console.print(
                f"  FM30 {result.version} (Arnold 2012): {result.verdict}", highlight=False
            )
            console.print(f"    {result.reason}", highlight=False)
    if point.criteria_2016_met is not None:
        statement = get("acr2016").criteria_statement(point.criteria_2016_met)
        console.print(f"  ACR 2016: {statement}.", highlight=False)
        if "criteria_no_longer_met" in point.labels:
            console.print(f"  {_sentence(LABELS['criteria_no_longer_met'])}", highlight=False)
    if point.low_impact:
        console.print(f"  {_sentence(LABELS['low_impact'])}", highlight=False)
    verdict = "yes" if point.remission.met else "no"
    console.print(
        f"  Sustained remission (study-defined): {verdict}; {point.remission.reason}.",
        highlight=False,
    )


def _show_timeline(status: Status) -> None:
    table = Table(title="Visits")
    table.add_column("Date", no_wrap=True)
    for _, heading in TABLE_MEASURES:
        table.add_column(heading, justify="right")
    table.add_column("Status")
    for point in status.points:
        table.add_row(
            point.day.isoformat(),
            *(
                _number(point.measures[measure]) if measure in point.measures else "–"
                for measure, _ in TABLE_MEASURES
            ),
            ", ".join(SHORT_LABELS[label] for label in point.labels),
        )
    console.print(table)
    console.print("* 2016 research criteria: self-report; not a diagnosis.")


def show_status(
    ctx: typer.Context,
    baseline: Annotated[
        str | None,
        typer.Option(
            help="Compare with the first visit with a FIQR on or after this date (YYYY-MM-DD)."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Your status over time: change since baseline, FM30 response, the 2016 research
    criteria, low impact and sustained remission, each with its rule."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        status = status_of(
            session,
            person=person,
            baseline=parse_day(baseline) if baseline else None,
            flares=kept_flares(session, person=person),
        )
    if as_json:
        print(json.dumps(status.as_dict(), ensure_ascii=False))
        return
    for note in status.notes:
        console.print(note, highlight=False)
    if status.current is None:
        return
    _show_timeline(status)
    _show_current(status, status.current)


def register(app: typer.Typer) -> None:
    app.command("status")(show_status)
