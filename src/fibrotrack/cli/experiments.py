"""``fibrotrack experiment``: randomised self-experiments (N-of-1 trials)."""

import json
from typing import Annotated

import typer
from rich.markup import escape

from fibrotrack.cli.context import JsonFlag, cli_of, console, today_of
from fibrotrack.diary import parse_day

experiment_app = typer.Typer(
    help="Randomised self-experiments: the fair test of a food, a drink, a supplement or a habit.",
    no_args_is_help=True,
)


def _print_json(document: object) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


@experiment_app.command("start")
def start(
    ctx: typer.Context,
    factor: Annotated[str, typer.Argument(help="What you will test, e.g. coffee.")],
    outcome: Annotated[str, typer.Option(help="The rating to compare.")] = "pain",
    pairs: Annotated[
        int,
        typer.Option(
            help="Pairs of on/off periods, 2 to 16: 6 or more can show a clear effect; 2 to 5 "
            "give an estimate, but one the test cannot call clear."
        ),
    ] = 6,
    period_days: Annotated[int, typer.Option(help="Days in each period, 2 to 28.")] = 7,
    washout_days: Annotated[
        int, typer.Option(help="First days of each period left out of the result.")
    ] = 2,
    on: Annotated[str, typer.Option("--on", help="What to do on 'on' days.")] = "",
    off: Annotated[str, typer.Option("--off", help="What to do on 'off' days.")] = "",
    first_day: Annotated[
        str | None, typer.Option("--start", help="First day, YYYY-MM-DD; default today.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Start an experiment: on and off periods in random order, with a daily instruction."""
    from fibrotrack.services.experiments import experiment_status, start_experiment

    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        start_experiment(
            session,
            person=person,
            factor=factor,
            outcome=outcome,
            pairs=pairs,
            period_days=period_days,
            washout_days=washout_days,
            on_text=on,
            off_text=off,
            start=parse_day(first_day) if first_day else None,
            today=today,
        )
        status = experiment_status(session, person=person, today=today)
    if as_json:
        _print_json(status.as_json())
        return
    design = status.experiment
    console.print(
        f"[green]Started:[/] {design.pairs} pairs of {design.period_days}-day periods, "
        f"{design.start} to {design.end}, comparing your {design.outcome}. The order within "
        "each pair was drawn at random; keep to it and log what you did each day "
        "(fibrotrack experiment log --followed).",
        highlight=False,
    )
    console.print(status.instruction, markup=False, highlight=False)
    for warning in status.warnings:
        console.print(f"[yellow]Note:[/] {escape(warning)}", highlight=False)


@experiment_app.command("status")
def status(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Today's instruction and how the experiment is going."""
    from fibrotrack.services.experiments import experiment_status

    with cli_of(ctx).person_session() as (session, person):
        target = parse_day(day) if day else today_of(person)
        current = experiment_status(session, person=person, today=target)
    if as_json:
        _print_json(current.as_json())
        return
    design = current.experiment
    console.print(
        f"Experiment on [bold]{escape(design.factor)}[/] ({design.start} to {design.end}).",
        highlight=False,
    )
    console.print(current.instruction, markup=False, highlight=False)
    console.print(
        f"Logged so far: followed {current.followed}, not followed {current.not_followed}, "
        f"not answered {current.unanswered}.",
        highlight=False,
    )


@experiment_app.command("log")
def log(
    ctx: typer.Context,
    followed: Annotated[
        bool,
        typer.Option(
            "--followed/--not-followed", help="Whether you kept to the day's instruction."
        ),
    ],
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")] = None,
    note: Annotated[str | None, typer.Option(help="A note.")] = None,
) -> None:
    """Log whether you followed the day's instruction."""
    from fibrotrack.services.experiments import log_adherence

    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        row = log_adherence(
            session,
            person=person,
            day=parse_day(day) if day else today,
            followed=followed,
            note=note,
            today=today,
        )
        word = "followed" if row.followed else "not followed"
        console.print(f"[green]Saved:[/] {row.day}: {word}.", highlight=False)


@experiment_app.command("result")
def result(
    ctx: typer.Context,
    as_json: JsonFlag = False,
) -> None:
    """The effect with its 95% interval and the exact randomisation test: an interim look
    while the experiment runs, final once it has ended or was stopped."""
    from fibrotrack.services.experiments import experiment_result

    with cli_of(ctx).person_session() as (session, person):
        outcome = experiment_result(session, person=person, today=today_of(person))
    if as_json:
        _print_json(outcome.as_json())
        return
    console.print(outcome.sentence, markup=False, highlight=False)
    if outcome.adherence is not None:
        console.print(f"Adherence: {outcome.adherence:.0%} of the days you answered.")
    for note in outcome.notes:
        console.print(f"[yellow]Note:[/] {escape(note)}", highlight=False)


@experiment_app.command("stop")
def stop(ctx: typer.Context) -> None:
    """Stop the running experiment early: its result becomes final, as of today."""
    from fibrotrack.services.experiments import stop_experiment

    with cli_of(ctx).person_session() as (session, person):
        stopped = stop_experiment(session, person=person, today=today_of(person))
        console.print(
            f"Stopped the experiment on {stopped.factor!r}.", markup=False, highlight=False
        )


def register(app: typer.Typer) -> None:
    app.add_typer(experiment_app, name="experiment")
