"""What every command shares: settings, the chosen database and person, error reporting."""

import inspect
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any, ClassVar

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from typer.core import TyperGroup

from fibrotrack.config import InvalidSetting, Settings
from fibrotrack.diary import InvalidEntry, local_today
from fibrotrack.services.people import current_person
from fibrotrack.storage import Database, open_database
from fibrotrack.storage.models import Person

console = Console()

# Options several commands share, declared once.
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]
FromDay = Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")]
ToDay = Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")]
errors = Console(stderr=True)


class ReportingGroup(TyperGroup):
    """The root command group.

    It reports bad input as ``Error: FIELD: message`` with exit code 2 for every command, and
    loads each command's module only when that command is asked for (``lazy_commands`` maps a
    command name to the module under ``fibrotrack.cli`` whose ``register(app)`` adds it).
    """

    lazy_commands: ClassVar[dict[str, str]] = {}
    _loaded: ClassVar[dict[str, Any]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        eager = list(super().list_commands(ctx))
        return eager + [name for name in self.lazy_commands if name not in eager]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy_commands:
            command = self._load(cmd_name)
        return command

    @classmethod
    def _load(cls, name: str) -> Any:
        if name not in cls._loaded:
            module = import_module(f"fibrotrack.cli.{cls.lazy_commands[name]}")
            holder = typer.Typer()
            module.register(holder)
            for command_name, command in typer.main.get_group(holder).commands.items():
                cls._loaded[command_name] = _with_one_line_summary(command)
        return cls._loaded[name]

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (InvalidEntry, InvalidSetting) as error:
            errors.print(
                f"[bold red]Error:[/] {escape(f'{error.field}: {error.message}')}", highlight=False
            )
            raise typer.Exit(2) from None


def _with_one_line_summary(command: Any) -> Any:
    """Give the command list the first paragraph of a command's help on one line.

    Typer's rich help keeps the hard line breaks of a docstring's first paragraph in the list of
    commands, which breaks sentences in the middle of the table.
    """
    if command.help and not command.short_help:
        command.short_help = " ".join(inspect.cleandoc(command.help).split("\n\n")[0].split())
    return command


@dataclass
class Cli:
    settings: Settings
    database_url: str | None
    person_id: int | None

    @property
    def url(self) -> str:
        return self.database_url or self.settings.resolved_database_url

    def database(self) -> Database:
        """The chosen database, created and migrated on first use; a ``--database`` file in a
        folder that does not exist is refused (a mistyped path would otherwise make folders and
        show an empty diary), as is a file that is not a database."""
        if self.database_url is not None:
            _check_exists(self.database_url)
        database = open_database(self.url)
        try:
            if not database.is_up_to_date():
                database.upgrade()
        except DBAPIError as error:
            database.dispose()
            reason = str(error.orig).strip().splitlines()[0]
            raise InvalidEntry("database", f"cannot open {_shown(self.url)}: {reason}") from None
        return database

    @contextmanager
    def person_session(self) -> Iterator[tuple[Session, Person]]:
        """A session on the chosen database and the person commands act on."""
        database = self.database()
        try:
            with database.session() as session:
                person = current_person(
                    session, person_id=self.person_id, timezone=self.default_timezone()
                )
                yield session, person
        finally:
            database.dispose()

    def default_timezone(self) -> str:
        return self.settings.timezone or "UTC"


def _check_exists(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    folder = Path(parsed.database).expanduser().parent
    if not folder.is_dir():
        raise InvalidEntry("database", f"the folder {folder} does not exist; check the path")


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def cli_of(ctx: typer.Context) -> Cli:
    root = ctx.find_root()
    if not isinstance(root.obj, Cli):
        raise RuntimeError("the fibrotrack callback did not run")
    return root.obj


def today_of(person: Person) -> date:
    return local_today(person.timezone, datetime.now(UTC))


def interactive() -> bool:
    return sys.stdin.isatty()


def confirm_or_refuse(question: str, *, yes: bool, nothing: str) -> None:
    """Go on when ``--yes`` was given or the person answers yes to ``question`` in a terminal;
    with no terminal to ask, refuse naming ``--yes`` ("nothing deleted: confirm with --yes
    when not asked", ``nothing`` being "deleted")."""
    if yes:
        return
    if not interactive():
        raise InvalidEntry("yes", f"nothing {nothing}: confirm with --yes when not asked")
    typer.confirm(question, default=False, abort=True)
