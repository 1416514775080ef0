"""``fibrotrack labs`` and ``fibrotrack meds``: lab results, medications and supplements."""

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from fibrotrack.body.labs import ANALYTES
from fibrotrack.cli.context import (
    JsonFlag,
    cli_of,
    confirm_or_refuse,
    console,
    today_of,
)
from fibrotrack.diary import parse_day
from fibrotrack.services.labs import add_lab_result, lab_history, lab_history_json, result_of
from fibrotrack.services.medications import (
    KINDS,
    add_medication,
    delete_medication,
    find_medication,
    medications,
    medications_json,
    resume_medication,
    stop_medication,
)

labs_app = typer.Typer(
    help="Lab results with units and the lab's own ranges.", no_args_is_help=True
)
meds_app = typer.Typer(
    help="Medications and supplements with dose and dates.", no_args_is_help=True
)
AsJson = JsonFlag
Day = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")]


@labs_app.command("add")
def add(
    ctx: typer.Context,
    analyte: Annotated[
        str, typer.Option(help="e.g. vitamin_d, tsh, ferritin (see labs analytes).")
    ],
    value: Annotated[float, typer.Option(help="The value as reported.")],
    unit: Annotated[str, typer.Option(help="The unit as reported, e.g. ng/mL.")],
    low: Annotated[float | None, typer.Option(help="The lab's reference range, low end.")] = None,
    high: Annotated[float | None, typer.Option(help="The lab's reference range, high end.")] = None,
    day: Day = None,
    lab: Annotated[str | None, typer.Option(help="Which lab.")] = None,
    note: Annotated[str | None, typer.Option(help="A note.")] = None,
) -> None:
    """Record a lab result as the lab reported it."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        row = add_lab_result(
            session,
            person=person,
            day=parse_day(day) if day else today,
            today=today,
            analyte=analyte,
            value=value,
            unit=unit,
            low=low,
            high=high,
            lab=lab,
            note=note,
        )
        result = result_of(row)
    console.print(
        f"[green]Saved[/] {result.analyte.label} {row.value:g} {row.unit} on {row.day}: "
        f"{result.message}",
        highlight=False,
    )


@labs_app.command("list")
def list_results(
    ctx: typer.Context,
    analyte: Annotated[str | None, typer.Option(help="Only this analyte.")] = None,
    as_json: AsJson = False,
) -> None:
    """Every result with the lab's range, its trend and the symptoms of the 4 weeks before."""
    with cli_of(ctx).person_session() as (session, person):
        lines = lab_history(session, person=person, analyte=analyte)
    if as_json:
        print(json.dumps(lab_history_json(lines), ensure_ascii=False))
        return
    if not lines:
        console.print(
            "No lab results yet: fibrotrack labs add --analyte vitamin_d --value 20 --unit ng/mL"
        )
        return
    table = Table()
    for column in (
        "Date",
        "Analyte",
        "Value",
        "Standard",
        "Change",
        "Against the lab's range",
        "Pain 4 wk",
        "Fatigue 4 wk",
    ):
        table.add_column(column)
    for line in lines:
        standard = f"{line.row.standard_value:.3g} {line.row.standard_unit}"
        means = line.symptoms.means
        table.add_row(
            line.row.day.isoformat(),
            line.result.analyte.label,
            f"{line.row.value:g} {line.row.unit}",
            standard,
            "–" if line.change is None else f"{line.change:+.3g}",
            line.result.message,
            f"{means['pain']:.1f}" if "pain" in means else "–",
            f"{means['fatigue']:.1f}" if "fatigue" in means else "–",
        )
    console.print(table)
    console.print(
        "fibrotrack never diagnoses or suggests a dose. "
        "Symptoms are shown beside results, not as their cause.",
        style="dim",
    )


@labs_app.command("analytes")
def analytes() -> None:
    """The analytes fibrotrack knows and the units it converts."""
    for analyte in ANALYTES:
        console.print(
            f"{analyte.key}: {analyte.label} — {', '.join(analyte.unit_names)}", highlight=False
        )


@meds_app.command("add")
def add_med(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="e.g. 'Vitamin D3'.")],
    kind: Annotated[str, typer.Option(help=f"{' or '.join(KINDS)}.")] = "medication",
    dose: Annotated[
        str | None, typer.Option(help="As prescribed or on the label, e.g. '1000 IU daily'.")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="Start date, YYYY-MM-DD; default today.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note.")] = None,
) -> None:
    """Record a medication or supplement you started."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        row = add_medication(
            session,
            person=person,
            name=name,
            kind=kind,
            dose=dose,
            start=parse_day(start) if start else today,
            today=today,
            note=note,
        )
    console.print(
        f"[green]Saved[/] {row.kind} {escape(row.name)} from {row.start_day}.", highlight=False
    )


@meds_app.command("stop")
def stop_med(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The name (or id) of what you stopped.")],
    day: Day = None,
) -> None:
    """Record the day you stopped a medication or supplement."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        row = stop_medication(
            session, person=person, name=name, end=parse_day(day) if day else today, today=today
        )
    console.print(f"[green]Saved[/] {escape(row.name)} stopped on {row.end_day}.", highlight=False)


@meds_app.command("resume")
def resume_med(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The name (or id) of what you still take.")],
) -> None:
    """Take back a stop recorded by mistake: it is taken now again, with no last day."""
    with cli_of(ctx).person_session() as (session, person):
        row = resume_medication(session, person=person, name=name)
    console.print(
        f"[green]Saved[/] {escape(row.name)} as taken since {row.start_day}.", highlight=False
    )


@meds_app.command("delete")
def delete_med(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The name (or id) of the entry to delete.")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
) -> None:
    """Delete an entry recorded by mistake (the latest of that name): its start and stop are
    no longer looked at by the insight engine."""
    with cli_of(ctx).person_session() as (session, person):
        row = find_medication(session, person=person, name=name)
        until = f" to {row.end_day}" if row.end_day else ", still taken"
        what = f"{row.name} ({row.kind}) from {row.start_day}{until}"
        confirm_or_refuse(f"Delete {what}?", yes=yes, nothing="deleted")
        delete_medication(session, person=person, name=row.id)
    console.print(f"[green]Deleted[/] {escape(what)}.", highlight=False)


@meds_app.command("list")
def list_meds(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Your medications and supplements, with dose and dates."""
    with cli_of(ctx).person_session() as (session, person):
        rows = medications(session, person=person)
        document = medications_json(rows)
    if as_json:
        print(json.dumps(document, ensure_ascii=False))
        return
    if not rows:
        console.print("No medications or supplements recorded.")
    for item in document["medications"]:
        until = f"until {item['stop']}" if item["stop"] else "ongoing"
        dose = f", {item['dose']}" if item["dose"] else ""
        console.print(
            f"{item['name']} ({item['kind']}{dose}): from {item['start']}, {until}",
            markup=False,
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(labs_app, name="labs")
    app.add_typer(meds_app, name="meds")
