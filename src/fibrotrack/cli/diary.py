"""``fibrotrack checkin`` and ``fibrotrack history``."""

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from fibrotrack.cli.context import (
    FromDay,
    JsonFlag,
    ToDay,
    cli_of,
    console,
    errors,
    interactive,
    today_of,
)
from fibrotrack.diary import (
    BAD_DAY_VARIABLES,
    CORE_VARIABLES,
    DayEntry,
    InvalidEntry,
    check_value,
    core_variable,
    parse_day,
)
from fibrotrack.services.checkin import CheckIn, check_in, history, history_json, same_as_yesterday

Rating = Annotated[float | None, typer.Option(help="0–10")]


def _unit(unit: str | None) -> str:
    return f" {unit}" if unit and unit != "steps" else ""


def _value_pairs(pairs: list[str]) -> dict[str, float]:
    values: dict[str, float] = {}
    for pair in pairs:
        key, separator, text = pair.partition("=")
        if not separator or not key.strip():
            raise InvalidEntry("value", f"{pair!r} is not KEY=NUMBER")
        try:
            values[key.strip()] = float(text)
        except ValueError:
            raise InvalidEntry(key.strip(), f"{text!r} is not a number") from None
    return values


def _prompt_values(keys: list[str]) -> dict[str, float]:
    """Asks for each variable in turn; a value that is not allowed is refused and asked again,
    so one typo never loses the answers before it."""
    values: dict[str, float] = {}
    labels = {variable.key: variable for variable in CORE_VARIABLES}
    for key in keys:
        variable = labels[key]
        unit = f" ({variable.unit})" if variable.unit else " (0–10)"
        while True:
            text = typer.prompt(
                f"{variable.label}{unit}, blank to skip", default="", show_default=False
            ).strip()
            if not text:
                break
            try:
                values[key] = check_value(variable, _number(key, text))
                break
            except InvalidEntry as refused:
                errors.print(
                    f"{refused.message}; try again, or leave it blank to skip.", highlight=False
                )
    return values


def _number(key: str, text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise InvalidEntry(key, f"{text!r} is not a number") from None


def _show_day(entry: DayEntry) -> None:
    if entry.is_empty:
        console.print(
            f"Nothing is logged for {entry.day.isoformat()}: it stays missing, never counted as a "
            "good day.",
            highlight=False,
        )
        return
    parts = [f"{key} {value:g}" for key, value in sorted(entry.values.items())]
    if entry.tags:
        parts.append("tags: " + ", ".join(sorted(entry.tags)))
    if entry.note:
        parts.append(f"note: {entry.note}")
    console.print(
        f"[green]Saved[/] {entry.day.isoformat()}: " + escape("; ".join(parts)), highlight=False
    )


def checkin(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")] = None,
    pain: Rating = None,
    fatigue: Rating = None,
    sleep_quality: Rating = None,
    brain_fog: Rating = None,
    mood: Rating = None,
    stress: Rating = None,
    sleep_hours: Annotated[float | None, typer.Option(help="Hours asleep.")] = None,
    activity_minutes: Annotated[float | None, typer.Option(help="Active minutes.")] = None,
    steps: Annotated[float | None, typer.Option(help="Steps.")] = None,
    value: Annotated[
        list[str] | None,
        typer.Option(
            "--value",
            metavar="KEY=N",
            help="Another variable of yours, e.g. one an import added.",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(help="A tag for the day; repeat it. Prefix food:, trigger: or practice:."),
    ] = None,
    remove_tag: Annotated[list[str] | None, typer.Option(help="Remove a tag.")] = None,
    clear: Annotated[
        list[str] | None, typer.Option(metavar="KEY", help="Remove a logged value.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note for the day.")] = None,
    same: Annotated[
        bool, typer.Option("--same-as-yesterday", help="Copy yesterday's values and tags.")
    ] = False,
    bad_day: Annotated[
        bool, typer.Option("--bad-day", help="Ask only for pain, fatigue and sleep quality.")
    ] = False,
) -> None:
    """Record how a day was. Asks for what is not given when run in a terminal.

    A day you do not log stays missing: it is never counted as a good day.
    """
    cli = cli_of(ctx)
    given = {
        "pain": pain,
        "fatigue": fatigue,
        "sleep_quality": sleep_quality,
        "brain_fog": brain_fog,
        "mood": mood,
        "stress": stress,
        "sleep_hours": sleep_hours,
        "activity_minutes": activity_minutes,
        "steps": steps,
    }
    values = {key: number for key, number in given.items() if number is not None}
    values.update(_value_pairs(value or []))
    with cli.person_session() as (session, person):
        today = today_of(person)
        target = parse_day(day) if day is not None else today
        tags = list(tag or [])
        if same:
            if values or tags or note is not None or remove_tag or clear:
                raise InvalidEntry(
                    "same_as_yesterday",
                    "copies yesterday as it was; log other values in a second check-in",
                )
            _show_day(same_as_yesterday(session, person=person, day=target, today=today))
            return
        if not values and not tags and note is None and not (remove_tag or clear):
            if not interactive():
                raise InvalidEntry(
                    "checkin", "nothing to record; give values such as --pain 6 (see --help)"
                )
            keys = list(BAD_DAY_VARIABLES) if bad_day else [v.key for v in CORE_VARIABLES]
            values = _prompt_values(keys)
            if not bad_day:
                typed = typer.prompt("Tags, comma separated", default="", show_default=False)
                tags = [text for text in typed.split(",") if text.strip()]
                note = typer.prompt("Note", default="", show_default=False) or None
            if not values and not tags and not note:
                raise InvalidEntry("checkin", "nothing entered; the day stays unlogged")
        entry = check_in(
            session,
            person=person,
            change=CheckIn(
                day=target,
                values=values,
                clear=frozenset(clear or []),
                add_tags=tags,
                remove_tags=list(remove_tag or []),
                note=note,
            ),
            today=today,
        )
        _show_day(entry)


def show_history(
    ctx: typer.Context,
    start: FromDay = None,
    end: ToDay = None,
    as_json: JsonFlag = False,
) -> None:
    """List logged days. Days you did not log are not listed: they are missing, not zero."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        entries = history(
            session,
            person=person,
            start=parse_day(start) if start else None,
            end=parse_day(end) if end else None,
        )
    if as_json:
        print(json.dumps(history_json(entries), ensure_ascii=False))
        return
    if not entries:
        console.print("No days logged in this period yet.")
        return
    table = Table("Date", "Logged", "Tags and note")
    table.columns[0].no_wrap = True
    for entry in entries:
        core = [
            f"{v.label.lower()} {entry.values[v.key]:g}{_unit(v.unit)}"
            for v in CORE_VARIABLES
            if v.key in entry.values
        ]
        extra = [
            f"{key} {entry.values[key]:g}"
            for key in sorted(entry.values)
            if core_variable(key) is None
        ]
        logged = ", ".join(core + extra)
        notes = escape(", ".join(sorted(entry.tags)))
        if entry.note:
            notes += f"\n[i]{escape(entry.note)}[/i]"
        table.add_row(entry.day.isoformat(), logged, notes)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("checkin")(checkin)
    app.command("history")(show_history)
