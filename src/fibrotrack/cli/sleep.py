"""``fibrotrack sleep log|summary|window``: the sleep diary and a CBT-I style sleep window."""

import json
from typing import Annotated

import typer
from rich.table import Table

from fibrotrack.body.clock import format_clock, parse_clock
from fibrotrack.body.sleep import DiaryEntry, SleepSummary
from fibrotrack.body.sleep_window import CAUTION, DO_NOT_USE_IF
from fibrotrack.cli.context import JsonFlag, cli_of, console, today_of
from fibrotrack.diary import parse_day
from fibrotrack.services.sleep import (
    log_night,
    sleep_report,
    sleep_report_json,
    sleep_window,
    sleep_window_json,
)

sleep_app = typer.Typer(
    help="The sleep diary and a CBT-I style sleep window.", no_args_is_help=True
)
Clock = Annotated[str | None, typer.Option(metavar="HH:MM")]
AsJson = JsonFlag


def _duration(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60} h {whole % 60:02d} min"


@sleep_app.command("log")
def log(
    ctx: typer.Context,
    bed: Annotated[str, typer.Option(metavar="HH:MM", help="When you got into bed.")],
    wake: Annotated[str, typer.Option(metavar="HH:MM", help="When you woke for the last time.")],
    day: Annotated[
        str | None,
        typer.Option("--date", help="The morning you woke up, YYYY-MM-DD; default today."),
    ] = None,
    lights_out: Clock = None,
    latency: Annotated[int, typer.Option(metavar="MIN", help="Minutes to fall asleep.")] = 0,
    wakings: Annotated[int, typer.Option(metavar="N", help="Times you woke in the night.")] = 0,
    awake: Annotated[int, typer.Option(metavar="MIN", help="Minutes awake in the night.")] = 0,
    out_of_bed: Clock = None,
    quality: Annotated[int | None, typer.Option(metavar="N", help="Sleep quality 0–10.")] = None,
    naps: Annotated[int, typer.Option(metavar="MIN", help="Minutes napped the day before.")] = 0,
) -> None:
    """Record last night. An impossible night is refused and nothing is written."""
    bed_time, wake_time = parse_clock(bed, "bed"), parse_clock(wake, "wake")
    lights = parse_clock(lights_out, "lights_out") if lights_out else None
    up = parse_clock(out_of_bed, "out_of_bed") if out_of_bed else None
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        night = log_night(
            session,
            person=person,
            entry=DiaryEntry(
                night=parse_day(day) if day else today,
                latency=latency,
                wakings=wakings,
                awake=awake,
                quality=quality,
                naps=naps,
                bed=bed_time,
                wake=wake_time,
                lights_out=lights,
                out_of_bed=up,
            ),
            today=today,
        )
    console.print(
        f"[green]Saved[/] night to {night.night}: in bed {format_clock(night.bed)}–"
        f"{format_clock(night.out_of_bed)} ({_duration(night.time_in_bed)}), asleep "
        f"{_duration(night.total_sleep)}, efficiency {night.efficiency:.0f}%, "
        f"{night.latency} min to fall asleep, {night.awake} min awake in the night.",
        highlight=False,
    )


def _row(label: str, summary: SleepSummary) -> list[str]:
    return [
        label,
        str(summary.nights),
        _duration(summary.time_in_bed),
        _duration(summary.total_sleep),
        f"{summary.efficiency:.0f}%",
        f"{summary.onset_latency:.0f}",
        f"{summary.waso:.0f}",
        "–" if summary.wake_time_spread is None else f"{summary.wake_time_spread:.0f}",
        "–" if summary.quality is None else f"{summary.quality:.1f}",
    ]


@sleep_app.command("summary")
def summary(ctx: typer.Context, as_json: AsJson = False) -> None:
    """The last 7 nights and weekly summaries (unlogged nights are left out, never zero)."""
    with cli_of(ctx).person_session() as (session, person):
        report = sleep_report(session, person=person, today=today_of(person))
    if as_json:
        print(json.dumps(sleep_report_json(report), ensure_ascii=False))
        return
    if not report.weeks:
        console.print(
            "No nights in the sleep diary yet: fibrotrack sleep log --bed 23:00 --wake 07:00"
        )
        return
    table = Table()
    table.add_column("Nights of", no_wrap=True)
    for column in (
        "Logged",
        "In bed",
        "Asleep",
        "Efficiency",
        "Latency min",
        "WASO min",
        "Wake SD min",
        "Quality",
    ):
        table.add_column(column, justify="right")
    for week in report.weeks:
        table.add_row(*_row(f"{week.first}–{week.last:%m-%d}", week))
    if report.last_week is not None:
        table.add_section()
        table.add_row(*_row("Last 7 nights", report.last_week), style="bold")
    console.print(table)
    for source, (count, average) in report.wearables.items():
        console.print(
            f"{source}: {count} nights, {_duration(average)} asleep on average",
            markup=False,
            highlight=False,
        )


@sleep_app.command("window")
def window(
    ctx: typer.Context,
    rise: Annotated[
        str | None, typer.Option(metavar="HH:MM", help="Fixed rising time; default your usual one.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """A CBT-I style sleep window from your last week's diary, reviewed weekly.

    Do sleep restriction only with a clinician, and not at all in the conditions listed.
    """
    with cli_of(ctx).person_session() as (session, person):
        found = sleep_window(
            session,
            person=person,
            today=today_of(person),
            rise=parse_clock(rise, "rise") if rise else None,
        )
    if as_json:
        print(json.dumps(sleep_window_json(found), ensure_ascii=False))
        return
    basis = (
        ""
        if found.efficiency is None
        else f" (last week's sleep efficiency {found.efficiency:.0f}% over {found.nights} nights)"
    )
    console.print(
        f"Sleep window from the night to {found.start}: in bed at {format_clock(found.bed)}, "
        f"up at {format_clock(found.rise)} — {_duration(found.minutes)} in bed, "
        f"{found.change.value}{basis}. Next review on {found.review_on}.",
        highlight=False,
    )
    console.print(f"[bold yellow]Caution:[/] {CAUTION}", highlight=False)
    console.print("Do not do sleep restriction if you have:", highlight=False)
    for condition in DO_NOT_USE_IF:
        console.print(f"  • {condition}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(sleep_app, name="sleep")
