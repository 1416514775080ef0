"""``fibrotrack cycle log|delete|summary``: period dates, cycle phases and symptoms by phase."""

import json
from typing import Annotated

import typer

from fibrotrack.body.cycle import MAX_PHASED_CYCLE_DAYS, cycle_lengths
from fibrotrack.cli.context import (
    JsonFlag,
    cli_of,
    confirm_or_refuse,
    console,
    today_of,
)
from fibrotrack.diary import parse_day
from fibrotrack.services.cycle import (
    cycle_summary,
    cycle_summary_json,
    delete_period,
    log_period,
    period_starting,
)

cycle_app = typer.Typer(
    help="The menstrual cycle: periods, phases, symptoms by phase.", no_args_is_help=True
)


@cycle_app.command("log")
def log(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option(help="First day of the period, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="Last day of bleeding, YYYY-MM-DD.")] = None,
) -> None:
    """Log a period's start (and end); with only --end, close the latest period."""
    with cli_of(ctx).person_session() as (session, person):
        row = log_period(
            session,
            person=person,
            today=today_of(person),
            start=parse_day(start) if start else None,
            end=parse_day(end) if end else None,
        )
    until = f" to {row.end_day}" if row.end_day else ""
    console.print(f"[green]Saved[/] period from {row.start_day}{until}.", highlight=False)


@cycle_app.command("delete")
def delete(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="START", help="First day, YYYY-MM-DD.")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
) -> None:
    """Delete the period that starts on START, such as one logged with a wrong date (log it
    again with `cycle log`)."""
    day = parse_day(start)
    with cli_of(ctx).person_session() as (session, person):
        row = period_starting(session, person=person, start=day)
        until = f" to {row.end_day}" if row.end_day else ", no last day yet"
        confirm_or_refuse(f"Delete the period from {day}{until}?", yes=yes, nothing="deleted")
        delete_period(session, person=person, start=day)
    console.print(f"[green]Deleted[/] the period from {day}{until}.", highlight=False)


@cycle_app.command("summary")
def summary(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Today's cycle day and phase, cycle lengths, and symptoms by phase with uncertainty."""
    with cli_of(ctx).person_session() as (session, person):
        found = cycle_summary(session, person=person, today=today_of(person))
    document = cycle_summary_json(found)
    if as_json:
        print(json.dumps(document, ensure_ascii=False))
        return
    today = found.today
    if today is not None:
        provisional = " (provisional)" if today.provisional else ""
        console.print(
            f"Today is cycle day {today.cycle_day}, {today.phase.value} phase{provisional}.",
            highlight=False,
        )
    lengths = [str(length) for length in cycle_lengths(found.cycles)]
    console.print(
        f"Cycle lengths: {', '.join(lengths) or 'none finished yet'} days.", highlight=False
    )
    for cycle in found.cycles:
        if cycle.gap:
            console.print(
                f"Not counted as a cycle: {cycle.length} days from {cycle.start} to the next "
                f"period (over {MAX_PHASED_CYCLE_DAYS} days: more likely a missed log or no "
                "cycle).",
                highlight=False,
            )
    for symptom, rows in document["symptoms_by_phase"].items():
        parts = []
        for row in rows:
            if row["mean"] is None:
                continue
            interval = (
                "" if row["interval"] is None else f" ({row['interval'][0]}–{row['interval'][1]})"
            )
            parts.append(f"{row['phase']} {row['mean']}{interval}, {row['cycles']} cycles")
        console.print(
            f"{symptom} by phase: {'; '.join(parts) or 'not enough data'}", highlight=False
        )
    console.print(document["note"], style="dim", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(cycle_app, name="cycle")
