"""Shared fixtures: real databases (a SQLite file, and PostgreSQL when configured), the CLI,
and a real web server on a free port.

Migrating a database and filling the demo's year are the slow steps every test would repeat,
so each test process does them once: a migrated SQLite file and a filled demo file are made
per process (per pytest-xdist worker) and copied into each test's own directory."""

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from fibrotrack.cli import app as cli_app
from fibrotrack.config import DEMO_DATABASE_FILE, Settings
from fibrotrack.services import accounts
from fibrotrack.services.demo import fill_demo
from fibrotrack.storage import Database, open_database

POSTGRES_ENV = "FIBROTRACK_TEST_POSTGRES_URL"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture(autouse=True, scope="session")
def _cheapest_password_hashing() -> Iterator[None]:
    """Passwords are hashed and checked with argon2id as in the app, but with the library's
    cheapest parameters: the app's deliberately slow ones cost over half a second a hash on a
    busy machine, and every account and sign-in in the suite pays it. No test measures it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", PasswordHasher.from_parameters(CHEAPEST))
        yield


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data directory; nothing reads the developer's real one."""
    for name in list(os.environ):
        if name.startswith("FIBROTRACK_") and name != POSTGRES_ENV:
            monkeypatch.delenv(name)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.setenv("FIBROTRACK_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def postgres_schema_url() -> Iterator[str]:
    base = postgres_base_url()
    if base is None:
        pytest.skip(f"PostgreSQL tests skipped: set {POSTGRES_ENV} to run them")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind: a SQLite file, and a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
    else:
        yield from postgres_schema_url()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every migration applied, made once per test process."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite"
    database = open_database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return path


def copy_sqlite(template: Path, url: str) -> None:
    """Put a copy of the SQLite file ``template`` where ``url`` (``sqlite:///PATH``) points."""
    target = Path(url.removeprefix("sqlite:///"))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)


@pytest.fixture
def database(database_url: str, migrated_sqlite: Path) -> Iterator[Database]:
    """A migrated database of each kind (SQLite: a copy of the per-process migrated file)."""
    if database_url.startswith("sqlite"):
        copy_sqlite(migrated_sqlite, database_url)
        db = open_database(database_url)
    else:
        db = open_database(database_url)
        db.upgrade()
    yield db
    db.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """The demo database filled for today, filled at most once a day per test process."""
    filled: dict[date, Path] = {}

    def for_today() -> Path:
        today = datetime.now(UTC).date()  # the day the web app fills the demo for
        if today not in filled:
            path = tmp_path_factory.mktemp("demo") / DEMO_DATABASE_FILE
            database = open_database(f"sqlite:///{path}")
            fill_demo(database, today=today)
            database.dispose()
            filled[today] = path
        return filled[today]

    return for_today


@pytest.fixture
def prefilled_demo(data_dir: Path, demo_file: Callable[[], Path]) -> None:
    """The demo as the web app leaves it after the first visit to /demo, already in the data
    directory (a copy: filling a year takes seconds). The app's own filling on a first visit
    stays tested wherever this fixture is not used (tests/test_web_shell.py)."""
    copy_sqlite(demo_file(), f"sqlite:///{data_dir / DEMO_DATABASE_FILE}")


class Cli:
    """Runs ``fibrotrack`` in-process on one database with no terminal attached."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> "CliResult":
        result = self.runner.invoke(cli_app, ["--database", self.url, *args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return CliResult(result.exit_code, result.stdout, result.stderr)


class CliResult:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def cli(database_url: str) -> Cli:
    return Cli(database_url)


@pytest.fixture
def sqlite_cli(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, url: str, settings: Settings) -> None:
        self.url = url
        self.settings = settings


@pytest.fixture
def live_server(data_dir: Path, migrated_sqlite: Path) -> Iterator[LiveServer]:
    """The real web app served by uvicorn on a free port, on a SQLite file (a copy of the
    migrated one, so starting skips the migrations). The socket is bound before the server
    starts, so no other test process can take the port in between."""
    from fibrotrack.web.app import create_app

    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = int(listening.getsockname()[1])
    settings = Settings(data_dir=data_dir, port=port)
    copy_sqlite(migrated_sqlite, settings.resolved_database_url)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", settings)
    server.should_exit = True
    thread.join(timeout=10)
    listening.close()
