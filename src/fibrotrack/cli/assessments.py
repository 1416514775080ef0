"""``fibrotrack assess``, ``fibrotrack score`` and ``fibrotrack assessments``."""

import json
import sys
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Annotated, Any

import typer
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
from fibrotrack.cli.report import _writable, _write
from fibrotrack.diary import InvalidEntry, check_day, parse_day
from fibrotrack.instruments import (
    Answer,
    Instrument,
    InvalidAnswers,
    Item,
    ItemKind,
    Score,
    get,
    instrument_ids,
    score,
)
from fibrotrack.instruments.answers import read_answer
from fibrotrack.safety import (
    CLINICIAN_NOTE,
    PERSON_FOLLOW_UP,
    PERSON_MESSAGE,
    SELF_HARM_FLAG,
    CrisisResources,
    crisis_resources,
)
from fibrotrack.services.assessments import (
    crisis_resources_for,
    list_responses,
    record_crisis_resources_shown,
    record_response,
    responses_json,
    score_lines,
)
from fibrotrack.services.scoring import parse_answers_text, score_csv

INSTRUMENT_HELP = "The instrument: " + ", ".join(instrument_ids()) + "."
InstrumentArgument = Annotated[str, typer.Argument(metavar="INSTRUMENT", help=INSTRUMENT_HELP)]


def score_json(instrument: Instrument, result: Score) -> dict[str, Any]:
    data: dict[str, Any] = {"instrument": instrument.id, "version": instrument.version}
    data |= result.as_dict()
    data["band_label"] = instrument.band(result.band).label if result.band else None
    data["criteria"] = (
        instrument.criteria_statement(result.criteria_met)
        if result.criteria_met is not None
        else None
    )
    return data


def show_crisis_resources(resources: CrisisResources, *, for_clinician: bool = False) -> None:
    """The crisis resources, at once and plainly (on standard output, so nothing hides them)."""
    console.print()
    console.print(
        f"[bold]{CLINICIAN_NOTE if for_clinician else PERSON_MESSAGE}[/]", highlight=False
    )
    heading = "Crisis resources" + (f" ({resources.name})" if resources.country else "")
    console.print(f"[bold]{heading}:[/]", highlight=False)
    for resource in resources.resources:
        console.print(f"  • {resource.name}: {resource.contact} — {resource.when}", highlight=False)
    if not for_clinician:
        console.print(PERSON_FOLLOW_UP, highlight=False)
    console.print()


def _scale_text(item: Item) -> str:
    if item.kind is ItemKind.YES_NO:
        return "yes or no"
    if item.kind is ItemKind.MULTIPLE:
        return "numbers or names separated by spaces; 'none' if none"
    first, last = item.options[0], item.options[-1]
    anchored = all(option.label == str(option.value) for option in item.options[1:-1])
    if anchored:
        return f"{first.value} = {first.label} … {last.value} = {last.label}"
    return " · ".join(f"{option.value} {option.label}" for option in item.options)


def _question(item: Item, position: int, count: int, previous: Item | None) -> None:
    """The question, and its answer options unless they are the previous question's."""
    console.print(f"[bold]{position}/{count}[/] {item.text}", highlight=False)
    if previous is not None and previous.options == item.options:
        return
    if item.kind is ItemKind.MULTIPLE:
        for number, option in enumerate(item.options, start=1):
            console.print(f"   {number:>2} {option.label}", highlight=False)
    console.print(f"   ({_scale_text(item)}; blank to skip)", highlight=False)


def _ask_in_terminal(item: Item) -> Answer | None:
    while True:
        text = typer.prompt("  answer", default="", show_default=False).strip()
        if not text:
            return None
        try:
            return read_answer(item, text)
        except InvalidAnswers as error:
            errors.print(
                f"  {error.message}; try again, or leave blank to skip",
                markup=False,
                highlight=False,
            )


def _read_line(item: Item) -> Answer | None:
    line = sys.stdin.readline()
    if not line:
        raise InvalidEntry("answers", f"the input ended before item {item.id}")
    text = line.strip()
    return read_answer(item, text) if text else None


def assess(
    ctx: typer.Context,
    instrument_id: InstrumentArgument,
    day: Annotated[
        str | None, typer.Option("--date", help="YYYY-MM-DD when entering a past form.")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(help="Country code for crisis resources, e.g. GB (default: from settings)."),
    ] = None,
) -> None:
    """Take a questionnaire: one question at a time, then the score is saved.

    Without a terminal, reads one answer per line from standard input (a blank line skips).
    """
    cli = cli_of(ctx)
    instrument = get(instrument_id)
    with cli.person_session() as (session, person):
        today = today_of(person)
        target = check_day(parse_day(day), today) if day else None
        resources = crisis_resources_for(person, country=country or cli.settings.country)
        console.print(f"[bold]{instrument.name}[/] ({instrument.short_name})", highlight=False)
        console.print(
            f"About {instrument.recall_period}. {instrument.instructions}", highlight=False
        )
        answers: dict[str, Answer | None] = {}
        shown = False
        domain = None
        for position, item in enumerate(instrument.items, start=1):
            if item.domain != domain and item.domain in {d.id for d in instrument.domains}:
                domain = item.domain
                heading = instrument.domain(domain)
                console.print(f"\n[bold]{heading.label}[/]", highlight=False)
                if heading.instructions:
                    console.print(heading.instructions, highlight=False)
            previous = instrument.items[position - 2] if position > 1 else None
            _question(item, position, len(instrument.items), previous)
            answers[item.id] = _ask_in_terminal(item) if interactive() else _read_line(item)
            if not shown and SELF_HARM_FLAG in score(instrument.id, answers).flags:
                show_crisis_resources(resources)
                shown = True
        now = datetime.now(UTC)
        stored = record_response(
            session,
            person=person,
            instrument_id=instrument.id,
            answers=answers,
            taken_at=now,
            today=today,
            day=target,
        )
        if stored.needs_crisis_resources:
            record_crisis_resources_shown(
                session,
                person=person,
                resources=resources,
                channel="cli",
                shown_at=now,
                response=stored,
            )
    console.print(f"\n[green]Saved[/] {instrument.short_name} for {stored.day}.", highlight=False)
    for line in score_lines(instrument, stored.score):
        console.print(line, highlight=False)
    if stored.needs_crisis_resources:
        console.print(
            "[bold]The crisis resources shown above are there for you at any time.[/]",
            highlight=False,
        )


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InvalidEntry("answers", f"cannot read {path}: {error.strerror}") from None


def score_command(
    ctx: typer.Context,
    instrument_id: InstrumentArgument,
    answers_path: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answers as JSON or ITEM=VALUE pairs; '-' reads standard input.",
        ),
    ] = None,
    csv_path: Annotated[
        Path | None,
        typer.Option("--csv", metavar="FILE", help="A CSV file with one response per row."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="OUT", help="Where to write the scored CSV."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score answers without storing them (for clinicians and researchers)."""
    cli = cli_of(ctx)
    instrument = get(instrument_id)
    if (answers_path is None) == (csv_path is None):
        raise InvalidEntry("answers", "give either --answers FILE (or -) or --csv FILE")
    if csv_path is not None:
        if as_json:
            raise InvalidEntry("json", "--csv writes the scored rows as CSV; leave out --json")
        _score_csv_file(instrument, csv_path, output)
        return
    if output is not None:
        raise InvalidEntry("output", "--output is for --csv; answers are scored on the screen")
    result = score(instrument.id, parse_answers_text(_read_text(answers_path or "-")))
    resources = crisis_resources(cli.settings.country)
    if as_json:
        data = score_json(instrument, result)
        if SELF_HARM_FLAG in result.flags:
            data["safety"] = {"note": CLINICIAN_NOTE, "crisis_resources": resources.as_dict()}
        print(json.dumps(data, ensure_ascii=False))
        return
    for line in score_lines(instrument, result):
        console.print(line, highlight=False)
    if SELF_HARM_FLAG in result.flags:
        show_crisis_resources(resources, for_clinician=True)


def _score_csv_file(instrument: Instrument, path: Path, output: Path | None) -> None:
    if output is not None:
        _writable(output, "output")
    scored = StringIO()
    try:
        with path.open(encoding="utf-8-sig", newline="") as source:
            summary = score_csv(instrument.id, source, scored)
    except OSError as error:
        raise InvalidEntry("csv", f"cannot read {path}: {error.strerror}") from None
    if output is None:
        sys.stdout.write(scored.getvalue())
    else:
        _write(output, scored.getvalue().encode("utf-8"), "output")
    where = f" to {output}" if output else ""
    errors.print(
        f"Scored {summary.rows} rows{where}: {summary.complete} complete, "
        f"{summary.incomplete} incomplete (not scored).",
        markup=False,
        highlight=False,
    )
    if summary.self_harm_rows:
        rows = ", ".join(str(row) for row in summary.self_harm_rows)
        errors.print(f"[bold]{CLINICIAN_NOTE}[/] Rows: {rows}.", highlight=False)


def show_assessments(
    ctx: typer.Context,
    instrument_id: Annotated[
        str | None, typer.Option("--instrument", metavar="ID", help="Only this instrument.")
    ] = None,
    start: FromDay = None,
    end: ToDay = None,
    as_json: JsonFlag = False,
) -> None:
    """List the questionnaires you have taken, with their scores."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        responses = list_responses(
            session,
            person=person,
            instrument=instrument_id,
            start=parse_day(start) if start else None,
            end=parse_day(end) if end else None,
        )
    if as_json:
        print(json.dumps(responses_json(responses), ensure_ascii=False))
        return
    if not responses:
        console.print("No questionnaires taken yet. Try: fibrotrack assess fiqr")
        return
    table = Table()
    for column in ("Date", "Instrument", "Score"):
        table.add_column(column)
    for response in responses:
        instrument = get(response.instrument)
        table.add_row(
            response.day.isoformat(),
            instrument.short_name,
            "\n".join(score_lines(instrument, response.score)),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("score")(score_command)
    app.command("assessments")(show_assessments)
