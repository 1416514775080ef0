"""``fibrotrack db upgrade`` and ``fibrotrack demo``."""

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.markup import escape

from fibrotrack.cli.context import cli_of, console
from fibrotrack.services.demo import fill_demo, holds_people
from fibrotrack.storage import open_database

db_app = typer.Typer(help="Look after the database.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Create the database if needed and apply every migration."""
    cli = cli_of(ctx)
    database = open_database(cli.url)
    try:
        database.upgrade()
        console.print(f"Database is up to date (revision {database.current_revision()}).")
    finally:
        database.dispose()


def demo(
    ctx: typer.Context,
    reset: Annotated[
        bool, typer.Option("--reset", help="Rebuild the demo database from scratch.")
    ] = False,
) -> None:
    """Create a demo database with one realistic synthetic person (a year of data).

    Without --database it is a separate file in the data directory, never mixed with your own
    data; with --database URL it fills that database, which must be empty.
    """
    cli = cli_of(ctx)
    today = datetime.now(UTC).date()
    if cli.database_url:
        url = cli.database_url
    else:
        url = cli.settings.demo_database_url
        demo_file = cli.settings.data_dir / "demo.sqlite"
        if reset:
            for suffix in ("", "-wal", "-shm"):
                demo_file.with_name(demo_file.name + suffix).unlink(missing_ok=True)
    database = open_database(url)
    try:
        if not cli.database_url and holds_people(database):
            console.print(f"The demo database already exists: {url}", markup=False)
        else:
            with console.status("Creating the demo person…"):
                fill_demo(database, today=today)
            console.print(f"[green]Demo database ready:[/] {escape(url)}")
    finally:
        database.dispose()
    console.print(f"Try: fibrotrack --database {url} history", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.command("demo")(demo)
