"""``fibrotrack import``, ``fibrotrack imports``, ``fibrotrack undo-import``,
``fibrotrack export`` and ``fibrotrack delete-my-data``."""

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrotrack.cli.context import (
    FromDay,
    ToDay,
    cli_of,
    confirm_or_refuse,
    console,
    errors,
    interactive,
)
from fibrotrack.diary import InvalidEntry, parse_day
from fibrotrack.interop import ImportOptions, exporters, importers
from fibrotrack.interop.undo import RowRef, UndoPlan, in_words
from fibrotrack.services import imports
from fibrotrack.services.exports import export_person
from fibrotrack.services.import_undo import UndoPreview, past_imports, preview_undo, undo_import
from fibrotrack.services.imports import ImportPlan, ImportResult, read_import, write_import
from fibrotrack.services.people import current_person
from fibrotrack.services.person_erasure import erase_everything_of, reclaim_space, what_will_go
from fibrotrack.storage.catalogue import definition_of, variables_of
from fibrotrack.storage.models import Person
from fibrotrack.storage.types import utc_now

SHOWN_SKIPPED = 20


class _Bar:
    """A Rich progress bar on standard error that follows an import's phases."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, state: imports.Progress) -> None:
        reading = state.phase == "reading"
        total = state.bytes_total if reading else state.records_total
        done = state.bytes_done if reading else state.records_done
        detail = (
            f"{done / 1e6:,.0f}/{total / 1e6:,.0f} MB" if reading else f"{done:,}/{total:,} rows"
        )
        if state.phase not in self.tasks:
            label = "Reading" if reading else "Writing"
            self.tasks[state.phase] = self.progress.add_task(label, total=total or None, detail="")
        self.progress.update(self.tasks[state.phase], completed=done, detail=detail)


@contextmanager
def _progress_bar() -> Iterator[_Bar]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[detail]}"),
        console=errors,
        transient=True,
    )
    with progress:
        yield _Bar(progress)


def _mapping(pairs: list[str]) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {}
    for pair in pairs:
        column, separator, key = pair.partition("=")
        if not separator or not column.strip():
            raise InvalidEntry("map", f"{pair!r} is not COLUMN=KEY (or COLUMN=- to leave it out)")
        mapping[column.strip()] = key.strip() or None
    return mapping


def _existing_person(session: Session, person_id: int | None) -> Person | None:
    """The person an import or export is for, without creating one."""
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise InvalidEntry("person", f"there is no person with id {person_id}")
        return person
    count = session.scalar(select(func.count()).select_from(Person)) or 0
    if count > 1:
        return current_person(session, person_id=None)
    return session.scalars(select(Person)).first()


def _show_preview(plan: ImportPlan) -> None:
    summary = plan.summary
    console.print(f"[bold]{plan.importer.label}[/]: {plan.path.name}", highlight=False)
    if summary.first_day is not None and summary.last_day is not None:
        console.print(
            f"  {summary.day_count} days, {summary.first_day} to {summary.last_day}",
            highlight=False,
        )
    if summary.people:
        console.print(f"  {len(summary.people)} people", highlight=False)
    parts = [f"{summary.observations} values of {len(summary.variables)} variables"]
    if summary.notes:
        parts.append(f"{summary.notes} notes")
    parts += [f"{count} {table} rows" for table, count in sorted(summary.rows.items())]
    console.print("  " + ", ".join(parts), highlight=False)
    if summary.variables and not summary.rows:
        table = Table(show_lines=False, box=None, pad_edge=False)
        for column in ("Variable", "Label", "Scale", "Values"):
            table.add_column(column, justify="right" if column == "Values" else "left")
        for seen in sorted(summary.variables.values(), key=lambda seen: seen.key):
            table.add_row(seen.key, seen.label, seen.scale, str(seen.values))
        console.print(table)


def _show_skipped(result_or_plan: ImportPlan | ImportResult) -> None:
    if isinstance(result_or_plan, ImportResult):
        skipped = result_or_plan.plan.summary.skipped + result_or_plan.skipped
        total = result_or_plan.plan.summary.skipped_total + len(result_or_plan.skipped)
    else:
        skipped, total = result_or_plan.summary.skipped, result_or_plan.summary.skipped_total
    if not total:
        return
    console.print(f"Not imported ({total}):", highlight=False)
    for item in skipped[:SHOWN_SKIPPED]:
        where = f"line {item.line}: " if item.line else ""
        console.print(f"  {where}{item.reason}", highlight=False, markup=False)
    if total > SHOWN_SKIPPED:
        console.print(f"  … and {total - SHOWN_SKIPPED} more", highlight=False)


def _show_result(result: ImportResult, person: Person | None) -> None:
    if person is None:
        whom = f"{result.people_created} new people and those imported before"
    else:
        whom = f"person {person.id}" + (f" ({person.name})" if person.name else "")
    console.print(f"[green]Imported[/] into {whom}:", highlight=False)
    for table, counts in sorted(result.written.items()):
        console.print(
            f"  {table}: {counts.new} new, {counts.updated} changed, "
            f"{counts.unchanged} already there",
            highlight=False,
        )
    if result.earlier:
        dates = ", ".join(sorted({moment.date().isoformat() for moment in result.earlier}))
        console.print(
            f"This file was imported before ({dates}); nothing was duplicated.", highlight=False
        )


def import_file(
    ctx: typer.Context,
    format: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            help="visible, bearable, flaredown, apple-health, fitbit, csv or json.",
        ),
    ],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The exported file.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
    ] = False,
    person: Annotated[
        int | None, typer.Option("--person", metavar="ID", help="The person to import into.")
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", metavar="ID", help="Flaredown research dump: the user to import."),
    ] = None,
    each_user: Annotated[
        bool,
        typer.Option("--each-user", help="Flaredown research dump: each user as a new person."),
    ] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=KEY",
            help="CSV: store COLUMN as variable KEY (- leaves it out).",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before writing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import another app's export (or a fibrotrack JSON export) into your diary.

    Shows what the file holds first. Importing the same file again adds nothing twice; a file
    that cannot be read is refused whole, naming the line.
    """
    if format not in importers():
        raise InvalidEntry(
            "format", f"unknown import format {format!r}; known: " + ", ".join(importers())
        )
    cli = cli_of(ctx)
    person_id = person if person is not None else cli.person_id
    if each_user and person_id is not None:
        raise InvalidEntry("person", "--each-user creates a person per user; leave out --person")
    database = cli.database()
    try:
        with database.sessions() as session:
            target = None if each_user else _existing_person(session, person_id)
            options = ImportOptions(
                timezone=target.timezone if target else cli.default_timezone(),
                user=user,
                each_user=each_user,
                mapping=_mapping(mapping or []),
                known={
                    key: definition_of(row)
                    for key, row in (
                        variables_of(session, person_id=target.id) if target else {}
                    ).items()
                },
            )
            session.rollback()
        with _progress_bar() as bar:
            plan = read_import(file, format=format, options=options, listener=bar)
        if not as_json:
            _show_preview(plan)
        if dry_run:
            if as_json:
                print(json.dumps(plan.summary.as_dict(), ensure_ascii=False))
            else:
                _show_skipped(plan)
                console.print("Dry run: nothing was written.")
            return
        if interactive() and not yes and not as_json:
            typer.confirm("Import this?", default=True, abort=True)
        with database.session() as session:
            target = None
            if not each_user:
                target = current_person(
                    session, person_id=person_id, timezone=cli.default_timezone()
                )
            with _progress_bar() as bar:
                result = write_import(session, plan=plan, person=target, listener=bar)
        if as_json:
            print(json.dumps(result.report(), ensure_ascii=False))
        else:
            _show_result(result, target)
            _show_skipped(result)
    finally:
        database.dispose()


def list_imports(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List your past imports: when, which app, which file, what each wrote, and whether it
    can be undone (with fibrotrack undo-import ID)."""
    cli = cli_of(ctx)
    database = cli.database()
    try:
        with database.sessions() as session:
            person = _existing_person(session, cli.person_id)
            listed = past_imports(session, person_id=person.id) if person is not None else []
            session.rollback()
    finally:
        database.dispose()
    if as_json:
        entries = [
            {
                "id": past.id,
                "imported_at": past.imported_at.isoformat(),
                "format": past.format,
                "file_name": past.file_name,
                "wrote": past.wrote,
                "status": past.status,
                "undone_at": past.undone_at.isoformat() if past.undone_at else None,
                "undoable": past.undoable,
                "undo_refusal": past.undo_refusal,
            }
            for past in listed
        ]
        print(json.dumps(entries, ensure_ascii=False))
        return
    if not listed:
        console.print("No imports yet.")
        return
    known = importers()
    table = Table(box=None, pad_edge=False)
    for column in ("ID", "Date", "Format", "File", "Wrote", "Undo"):
        table.add_column(column)
    for past in listed:
        undo = "can be undone" if past.undoable else (past.undo_refusal or "")
        table.add_row(
            str(past.id),
            past.imported_at.date().isoformat(),
            known[past.format].label if past.format in known else past.format,
            past.file_name,
            past.wrote,
            undo,
        )
    console.print(table, markup=False, highlight=False)


def _undo_outcome(preview: UndoPreview, *, done: bool) -> list[str]:
    plan = preview.plan
    lines = [
        f"{'Removed' if done else 'Removes'} what it added: {preview.removes}.",
        f"{'Restored' if done else 'Restores'} what it overwrote: {preview.restores}.",
    ]
    keeps = "Kept" if done else "Keeps"
    if plan.kept_changed:
        lines.append(
            f"{keeps} {_rows_in_words(plan.kept_changed)} that changed since the import (your "
            "later edits stay)."
        )
    if plan.kept_held:
        lines.append(f"{keeps} {preview.keeps_held}: they stay, as that import's.")
    if plan.kept_in_use:
        lines.append(
            f"{keeps} {_rows_in_words(plan.kept_in_use)} still in use by what stays: "
            f"{_what_stays(plan)}."
        )
    if plan.finishes:
        undone = " and ".join(str(import_id) for import_id in plan.finishes)
        lines.append(
            f"{'Took' if done else 'Takes'} away too what undoing import {undone} left "
            "because this import also brought or used it."
        )
    return lines


def _rows_in_words(rows: Iterable[RowRef]) -> str:
    """Stored rows counted by kind: "61 trackers", "2 values and 1 note"."""
    return in_words(Counter(table for table, _ in rows))


def _what_stays(plan: UndoPlan) -> str:
    """What may still use the rows an undo keeps in use: the rows another import still active
    also brought, and what the person logged or changed since."""
    yours = "what you have logged or changed since"
    if not plan.held_by:
        return yours
    *earlier, last = [str(holder) for holder in plan.held_by]
    imports = f"imports {', '.join(earlier)} and {last}" if earlier else f"import {last}"
    return f"what {imports} also brought, or {yours}"


def undo_an_import(
    ctx: typer.Context,
    import_id: Annotated[int, typer.Argument(metavar="ID", help="From `fibrotrack imports`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Undo without asking (for scripts).")] = False,
) -> None:
    """Undo a past import: remove what it added and restore what it overwrote.

    A value you changed since the import is kept, and counted. An import can be undone once.
    """
    cli = cli_of(ctx)
    database = cli.database()
    try:
        with database.session() as session:
            person = _existing_person(session, cli.person_id)
            if person is None:
                raise InvalidEntry("import", f"there is no import {import_id} of yours")
            preview = preview_undo(session, import_id=import_id, person_id=person.id)
            console.print(
                f"Undo import {import_id} of {preview.past.file_name} "
                f"({preview.past.imported_at.date().isoformat()}):",
                highlight=False,
                markup=False,
            )
            for line in _undo_outcome(preview, done=False):
                console.print(f"  {line}", highlight=False, markup=False)
            confirm_or_refuse("Undo this import?", yes=yes, nothing="undone")
            done = undo_import(session, import_id=import_id, person_id=person.id, now=utc_now())
    finally:
        database.dispose()
    console.print(f"[green]Undone.[/] Import {import_id}:", highlight=False)
    for line in _undo_outcome(done, done=True):
        console.print(f"  {line}", highlight=False, markup=False)


def export_data(
    ctx: typer.Context,
    format: Annotated[str, typer.Argument(metavar="FORMAT", help="json, csv or fhir.")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="Where to write.")],
    start: FromDay = None,
    end: ToDay = None,
    layout: Annotated[
        str, typer.Option(help="CSV only: wide (a row per day) or long (a row per value).")
    ] = "wide",
) -> None:
    """Export everything of a person: fibrotrack JSON (lossless), CSV or a FHIR R4 Bundle."""
    if layout not in {"wide", "long"}:
        raise InvalidEntry("layout", f"{layout!r} is neither wide nor long")
    name = "csv-long" if format == "csv" and layout == "long" else format
    if name not in exporters() or format == "csv-long":
        raise InvalidEntry("format", f"unknown export format {format!r}; known: json, csv, fhir")
    first = parse_day(start) if start else None
    last = parse_day(end) if end else None
    cli = cli_of(ctx)
    database = cli.database()
    try:
        with database.sessions() as session:
            person = _existing_person(session, cli.person_id)
            if person is None:
                raise InvalidEntry("person", "this database holds nobody to export")
            target = output.expanduser()
            if target.is_dir():
                raise InvalidEntry("output", f"{target} is a folder; give a file name in it")
            if not target.parent.is_dir():
                raise InvalidEntry("output", f"the folder {target.parent} does not exist")
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    export_person(
                        session, person=person, format=name, out=out, start=first, end=last
                    )
                Path(temporary).replace(target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            session.rollback()
    finally:
        database.dispose()
    console.print(f"[green]Exported[/] {exporters()[name].label} to {target}", highlight=False)


def delete_my_data(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", help="Erase without asking (for scripts).")] = False,
) -> None:
    """Erase everything of a person: every value, note, questionnaire, plan and account.

    This cannot be undone. Export first if you may want your data back.
    """
    cli = cli_of(ctx)
    database = cli.database()
    try:
        with database.session() as session:
            person = _existing_person(session, cli.person_id)
            if person is None:
                raise InvalidEntry("person", "this database holds nobody to erase")
            going = what_will_go(session, person=person)
            name = f" ({going.name})" if going.name else ""
            console.print(
                f"This erases everything of person {going.person_id}{name}: {going.days} days, "
                f"{going.observations} values, {going.notes} notes and everything else, "
                "for good.",
                highlight=False,
            )
            if not yes:
                if not interactive():
                    raise InvalidEntry("yes", "nothing erased: confirm with --yes when not asked")
                typed = typer.prompt("Type ERASE to confirm", default="", show_default=False)
                if typed.strip() != "ERASE":
                    raise InvalidEntry("confirm", "nothing erased")
            erase_everything_of(session, person_id=going.person_id)
        reclaim_space(database)
    finally:
        database.dispose()
    console.print("[green]Erased.[/] Nothing of this person is left in the database.")


def register(app: typer.Typer) -> None:
    app.command("import")(import_file)
    app.command("imports")(list_imports)
    app.command("undo-import")(undo_an_import)
    app.command("export")(export_data)
    app.command("delete-my-data")(delete_my_data)
