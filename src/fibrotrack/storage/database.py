"""Opening a database: engine, SQLite pragmas, sessions and migrations."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from fibrotrack.config import normalise_database_url
from fibrotrack.diary import check_text

POOL_SIZE = 20
"""PostgreSQL connections each process keeps open: as many as requests it usually serves at
once, so a busy minute reuses connections instead of opening one per request."""
POOL_OVERFLOW = 20
"""Connections opened beyond ``POOL_SIZE`` in a burst and closed again: together 40, the
number of worker threads a web process runs requests in."""
POOL_RECYCLE = 3600
"""Seconds after which a connection is replaced. Connections are not pinged before each use
(one round trip more on every request); a request that meets a connection the server closed
fails, and the whole pool is then replaced."""


def _refuse_nul(session: Session, _context: Any, _instances: Any) -> None:
    """No text holding a NUL character is stored, whatever path it came by: PostgreSQL cannot
    store one, and on SQLite it would make the person's own export impossible to import."""
    for row in (*session.new, *session.dirty):
        for column in inspect(row).mapper.column_attrs:
            value = getattr(row, column.key)
            if isinstance(value, str):
                check_text(column.key, value, len(value))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@dataclass
class Database:
    """One database: its engine and a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back otherwise."""
        with self.sessions() as session, session.begin():
            yield session

    def upgrade(self) -> None:
        """Apply every migration, then bring the built-in variable catalogue up to date."""
        from fibrotrack.storage.catalogue import sync_core_variables

        with self.engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        with self.session() as session:
            sync_core_variables(session)

    def current_revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def is_up_to_date(self) -> bool:
        head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
        return self.current_revision() == head

    def is_empty(self) -> bool:
        """True when the database holds no tables at all (a new file or schema)."""
        return not inspect(self.engine).get_table_names()

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("fibrotrack.storage") / "migrations"))
    return config


def open_database(url: str, *, create_directory: bool = True) -> Database:
    """An engine for ``url`` (SQLite or PostgreSQL). Raises ``InvalidSetting`` on a bad URL."""
    url = normalise_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and create_directory:
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(
            url,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            pool_recycle=POOL_RECYCLE,
            pool_pre_ping=True,  # a restarted server costs no request its connection
        )
    sessions = sessionmaker(engine, expire_on_commit=False)
    event.listen(sessions, "before_flush", _refuse_nul)
    return Database(engine=engine, sessions=sessions)
