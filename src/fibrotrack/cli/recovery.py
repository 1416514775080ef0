"""``fibrotrack screening`` (when PHQ-9, GAD-7, FIQR and ACR 2016 are due), ``fibrotrack
journal`` and ``fibrotrack therapy`` (therapy sessions as practice logs)."""

import json
from typing import Annotated

import typer

from fibrotrack.body.screening import Due, DueState
from fibrotrack.cli.context import JsonFlag, cli_of, console, today_of
from fibrotrack.diary import parse_day
from fibrotrack.services.recovery import (
    THERAPY_TYPES,
    add_journal_entry,
    due_json,
    due_questionnaires,
    journal,
    journal_json,
    log_therapy_session,
    set_schedule,
    stop_schedule,
    therapy_json,
    therapy_sessions,
)

screening_app = typer.Typer(
    help="Questionnaires (PHQ-9, GAD-7, FIQR, ACR 2016) on a schedule you choose.",
    no_args_is_help=True,
)
journal_app = typer.Typer(
    help="A private journal, with milestones for your recovery timeline.", no_args_is_help=True
)
therapy_app = typer.Typer(help="Therapy sessions: CBT, EMDR, somatic, other.", no_args_is_help=True)
AsJson = JsonFlag
INSTRUMENT_HELP = "phq9, gad7, fiqr or acr2016."


@screening_app.command("set")
def set_(
    ctx: typer.Context,
    instrument: Annotated[str, typer.Argument(help=INSTRUMENT_HELP)],
    every: Annotated[
        int | None,
        typer.Option(
            metavar="DAYS",
            help="How often, in days (at least the recall period: 14 for PHQ-9 and GAD-7, "
            "7 for FIQR and ACR 2016). Default: every 28 days, 84 for ACR 2016.",
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First due date; default today.")
    ] = None,
) -> None:
    """Answer a questionnaire every N days."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        row = set_schedule(
            session,
            person=person,
            instrument=instrument,
            every_days=every,
            start=parse_day(start) if start else today,
        )
    console.print(
        f"[green]Saved[/] {row.instrument} every {row.every_days} days from {row.start_day}.",
        highlight=False,
    )


@screening_app.command("stop")
def stop(
    ctx: typer.Context, instrument: Annotated[str, typer.Argument(help=INSTRUMENT_HELP)]
) -> None:
    """Remove a questionnaire's schedule."""
    with cli_of(ctx).person_session() as (session, person):
        stop_schedule(session, person=person, instrument=instrument)
    console.print(f"Schedule for {instrument} removed.", markup=False, highlight=False)


@screening_app.command("due")
def due(ctx: typer.Context, as_json: AsJson = False) -> None:
    """What is due and when."""
    with cli_of(ctx).person_session() as (session, person):
        found = due_questionnaires(session, person=person, today=today_of(person))
    if as_json:
        print(json.dumps(due_json(found), ensure_ascii=False))
        return
    if not found:
        console.print("No questionnaire is scheduled: fibrotrack screening set fiqr --every 28")
    for item in found:
        console.print(
            f"{item.label}: {_when_due(item)} (every {item.every_days} days)", highlight=False
        )


def _when_due(item: Due) -> str:
    """When a questionnaire is due, as the questionnaires page says it: "next due 2026-12-26",
    "due today, 2026-11-28" or "due since 2026-11-20, 8 days ago"."""
    if item.state is DueState.NOT_YET:
        return f"next due {item.due_on}"
    if not item.days_overdue:
        return f"due today, {item.due_on}"
    days = "day" if item.days_overdue == 1 else "days"
    return f"due since {item.due_on}, {item.days_overdue} {days} ago"


@journal_app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What you want to remember.")],
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")] = None,
    milestone: Annotated[
        bool, typer.Option(help="A milestone for your recovery timeline.")
    ] = False,
    in_story: Annotated[
        bool | None, typer.Option("--in-story/--private", help="Show it on the timeline.")
    ] = None,
) -> None:
    """Write a journal entry or a milestone."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        note = add_journal_entry(
            session,
            person=person,
            day=parse_day(day) if day else today,
            today=today,
            text=text,
            milestone=milestone,
            in_story=in_story,
        )
    where = "on your timeline" if note.in_story else "private"
    console.print(f"[green]Saved[/] {note.kind} for {note.day} ({where}).", highlight=False)


@journal_app.command("list")
def list_entries(
    ctx: typer.Context,
    milestones: Annotated[bool, typer.Option("--milestones", help="Only milestones.")] = False,
    as_json: AsJson = False,
) -> None:
    """Your journal and milestones, oldest first."""
    with cli_of(ctx).person_session() as (session, person):
        document = journal_json(journal(session, person=person, milestones_only=milestones))
    if as_json:
        print(json.dumps(document, ensure_ascii=False))
        return
    for entry in document["entries"]:
        mark = "★ " if entry["kind"] == "milestone" else ""
        console.print(f"{entry['date']} {mark}{entry['text']}", markup=False, highlight=False)


@therapy_app.command("log")
def log_therapy(
    ctx: typer.Context,
    therapy: Annotated[str, typer.Option("--type", help=f"{', '.join(THERAPY_TYPES)}.")],
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")] = None,
    minutes: Annotated[float | None, typer.Option(help="How long the session was.")] = None,
    note: Annotated[str | None, typer.Option(help="A note (private).")] = None,
    practice: Annotated[
        str | None, typer.Option(help="For --type other: the catalogue practice it belongs to.")
    ] = None,
) -> None:
    """Log a therapy session; it counts as a session of the program practice."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        log = log_therapy_session(
            session,
            person=person,
            therapy=therapy,
            day=parse_day(day) if day else today,
            today=today,
            minutes=minutes,
            note=note,
            practice=practice,
        )
    console.print(f"[green]Saved[/] {log.practice_id} session on {log.day}.", highlight=False)


@therapy_app.command("list")
def list_therapy(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Your therapy sessions, oldest first."""
    with cli_of(ctx).person_session() as (session, person):
        document = therapy_json(therapy_sessions(session, person=person))
    if as_json:
        print(json.dumps(document, ensure_ascii=False))
        return
    if not document["sessions"]:
        console.print("No therapy sessions logged: fibrotrack therapy log --type cbt")
    for item in document["sessions"]:
        length = f", {item['minutes']:g} min" if item["minutes"] else ""
        console.print(f"{item['date']} {item['practice']}{length}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(screening_app, name="screening")
    app.add_typer(journal_app, name="journal")
    app.add_typer(therapy_app, name="therapy")
