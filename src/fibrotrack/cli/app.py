"""The root ``fibrotrack`` command and its global options."""

from typing import Annotated

import typer

from fibrotrack import __version__
from fibrotrack.cli.context import Cli, ReportingGroup, console
from fibrotrack.config import load_settings, normalise_database_url

# Each command and the module under fibrotrack.cli that registers it. A module is imported only
# when one of its commands runs, so `fibrotrack checkin` does not load SciPy or the importers.
COMMANDS: dict[str, str] = {
    "checkin": "diary",
    "history": "diary",
    "assess": "assessments",
    "score": "assessments",
    "assessments": "assessments",
    "status": "status",
    "analyze": "insights",
    "flares": "insights",
    "effect": "insights",
    "experiment": "experiments",
    "program": "program",
    "plan": "program",
    "practice": "program",
    "pacing": "program",
    "redflag": "program",
    "sleep": "sleep",
    "diet": "diet",
    "labs": "labs",
    "meds": "labs",
    "cycle": "cycle",
    "screening": "recovery",
    "journal": "recovery",
    "therapy": "recovery",
    "import": "interop",
    "imports": "interop",
    "undo-import": "interop",
    "export": "interop",
    "delete-my-data": "interop",
    "demo": "database",
    "db": "database",
    "report": "report",
    "story": "story",
    "community": "community",
    "invite": "accounts",
    "remind": "reminders",
    "serve": "server",
}
ReportingGroup.lazy_commands = COMMANDS

app = typer.Typer(
    cls=ReportingGroup,
    help="fibrotrack: run your fibromyalgia recovery program and measure it honestly.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        console.print(f"fibrotrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database",
            metavar="URL",
            help="Database to use instead of the configured one "
            "(sqlite:///PATH or postgresql://USER@HOST/DB).",
        ),
    ] = None,
    person: Annotated[
        int | None,
        typer.Option(
            "--person", metavar="ID", help="The person to act on, when the database holds several."
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Global options come before the command: ``fibrotrack --database URL history``."""
    ctx.obj = Cli(
        settings=load_settings(),
        database_url=normalise_database_url(database_url) if database_url else None,
        person_id=person,
    )


def main() -> None:
    app()
