"""``fibrotrack diet``: the elimination → reintroduction protocol and its daily log."""

import json
from typing import Annotated

import typer
from rich.markup import escape

from fibrotrack.body.elimination import (
    DEFAULT_BASELINE_DAYS,
    DEFAULT_CHALLENGE_DAYS,
    DEFAULT_ELIMINATION_DAYS,
    DEFAULT_WASHOUT_DAYS,
)
from fibrotrack.body.food_verdict import FoodVerdict
from fibrotrack.cli.context import (
    JsonFlag,
    cli_of,
    confirm_or_refuse,
    console,
    today_of,
)
from fibrotrack.diary import parse_day
from fibrotrack.services.diet import (
    DEFAULT_OUTCOMES,
    HONESTY,
    ProtocolStatus,
    earlier_json,
    earlier_protocols,
    log_diet_day,
    protocol_span,
    protocol_status,
    protocol_to_stop,
    start_protocol,
    status_json,
    stop_protocol,
    verdict_json,
)

diet_app = typer.Typer(
    help="Test your suspicion about foods: elimination, then one food at a time.",
    no_args_is_help=True,
)
protocol_app = typer.Typer(
    help="Start, follow and read an elimination → reintroduction protocol.", no_args_is_help=True
)
AsJson = JsonFlag
Day = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")]


@protocol_app.command("start")
def start(
    ctx: typer.Context,
    food: Annotated[list[str], typer.Option(help="A suspect food; repeat it, in challenge order.")],
    day: Annotated[
        str | None, typer.Option("--start", help="First day, YYYY-MM-DD; default today.")
    ] = None,
    baseline_days: int = DEFAULT_BASELINE_DAYS,
    elimination_days: int = DEFAULT_ELIMINATION_DAYS,
    challenge_days: int = DEFAULT_CHALLENGE_DAYS,
    washout_days: int = DEFAULT_WASHOUT_DAYS,
    outcome: Annotated[
        list[str] | None, typer.Option(help="A 0–10 rating to judge by; default gi_symptoms.")
    ] = None,
) -> None:
    """Start a protocol: a baseline week, elimination, then each food in turn."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        row = start_protocol(
            session,
            person=person,
            foods=food,
            start=parse_day(day) if day else today,
            today=today,
            baseline=baseline_days,
            elimination=elimination_days,
            challenge=challenge_days,
            washout=washout_days,
            outcomes=outcome or DEFAULT_OUTCOMES,
        )
        status = protocol_status(session, person=person, today=today)
    console.print(
        f"[green]Protocol started[/] on {row.start_day} for {escape(', '.join(row.foods))}.",
        highlight=False,
    )
    console.print(status.today.instruction, markup=False, highlight=False)
    console.print(HONESTY, style="dim", highlight=False)


@protocol_app.command("status")
def status(ctx: typer.Context, as_json: AsJson = False) -> None:
    """What today is in the protocol, adherence so far, and finished verdicts (earlier
    protocols' too)."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        found = protocol_status(session, person=person, today=today)
        earlier = earlier_protocols(session, person=person, today=today)
    if as_json:
        print(
            json.dumps({**status_json(found), "earlier": earlier_json(earlier)}, ensure_ascii=False)
        )
        return
    day = found.today
    where = day.phase.value + (f" ({day.food})" if day.food else "")
    if day.days_in_phase:
        where += f", day {day.day_number} of {day.days_in_phase}"
    console.print(f"Today: {where}.", markup=False, highlight=False)
    console.print(day.instruction, markup=False, highlight=False)
    a = found.adherence
    console.print(
        f"Adherence since elimination began: followed {a.followed} days, slipped {a.slipped}, "
        f"not said {a.not_said}.",
        highlight=False,
    )
    for verdict in found.verdicts:
        _show_verdict(verdict)
    for food, first in found.pending:
        console.print(f"{food}: pending (challenge from {first})", markup=False, highlight=False)
    _show_earlier(earlier)


def _show_verdict(verdict: FoodVerdict) -> None:
    console.print(f"[bold]{escape(verdict.food)}[/]: {verdict.verdict.value}", highlight=False)
    for change in verdict.outcomes:
        outcome = change.outcome + (
            " (higher is better)" if change.higher_is_worse is False else ""
        )
        if change.difference is None or change.low is None or change.high is None:
            console.print(f"  {outcome}: {change.reason}", markup=False, highlight=False)
            continue
        console.print(
            f"  {outcome}: {change.difference:+.1f} points against the elimination "
            f"baseline ({change.confidence:.1%} interval {change.low:+.1f} to {change.high:+.1f}; "
            f"{change.window_days} challenge days, {change.baseline_days} baseline days)",
            markup=False,
            highlight=False,
        )


def _show_earlier(earlier: list[ProtocolStatus]) -> None:
    for found in earlier:
        console.print(
            f"Earlier protocol, {protocol_span(found.protocol)}: "
            f"{escape(', '.join(found.protocol.foods))}",
            highlight=False,
        )
        if not found.verdicts:
            console.print("  No food's challenge was over when it stopped.", highlight=False)
        for verdict in found.verdicts:
            _show_verdict(verdict)


@protocol_app.command("verdicts")
def verdicts(ctx: typer.Context, as_json: AsJson = False) -> None:
    """The verdict on each food whose challenge is over, in this protocol and earlier ones."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        found = protocol_status(session, person=person, today=today)
        earlier = earlier_protocols(session, person=person, today=today)
    if as_json:
        print(
            json.dumps(
                {
                    "verdicts": [verdict_json(v) for v in found.verdicts],
                    "earlier": earlier_json(earlier),
                    "note": HONESTY,
                },
                ensure_ascii=False,
            )
        )
        return
    if not found.verdicts:
        console.print("No food's challenge is over yet.")
    for verdict in found.verdicts:
        _show_verdict(verdict)
    _show_earlier(earlier)
    console.print(HONESTY, style="dim", highlight=False)


@protocol_app.command("stop")
def stop(
    ctx: typer.Context,
    day: Day = None,
    yes: Annotated[bool, typer.Option("--yes", help="Stop without asking.")] = False,
) -> None:
    """Stop the running protocol early (finished challenges keep their verdicts); a stopped
    protocol cannot be resumed, so this asks first."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        target = parse_day(day) if day else today
        running = protocol_to_stop(session, person=person, day=target, today=today)
        confirm_or_refuse(
            f"Stop the protocol for {', '.join(running.foods)} started {running.start_day}, "
            f"on {target}? A stopped protocol cannot be resumed.",
            yes=yes,
            nothing="stopped",
        )
        row = stop_protocol(session, person=person, day=target, today=today)
    console.print(f"Protocol stopped on {row.stopped_day}.", highlight=False)


@diet_app.command("log")
def log(
    ctx: typer.Context,
    day: Day = None,
    followed: Annotated[
        bool | None, typer.Option("--followed/--slipped", help="Did you follow today's plan?")
    ] = None,
    gi: Annotated[float | None, typer.Option(metavar="N", help="GI symptoms today, 0–10.")] = None,
    note: Annotated[
        str | None, typer.Option(help="What happened, e.g. what you slipped on.")
    ] = None,
) -> None:
    """Log a day of the protocol: whether you followed it and your GI symptoms."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        target = parse_day(day) if day else today
        log_diet_day(
            session,
            person=person,
            day=target,
            today=today,
            followed=followed,
            gi_symptoms=gi,
            note=note,
        )
    console.print(f"[green]Saved[/] {target}.", highlight=False)


def register(app: typer.Typer) -> None:
    diet_app.add_typer(protocol_app, name="protocol")
    app.add_typer(diet_app, name="diet")
