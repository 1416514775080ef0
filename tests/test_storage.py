"""Migrations and storage behave the same on SQLite and PostgreSQL."""

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from conftest import postgres_schema_url
from fibrotrack.config import InvalidSetting
from fibrotrack.diary import CORE_VARIABLES
from fibrotrack.storage import Database, open_database
from fibrotrack.storage.models import Base, Observation, Person, Variable


def test_migrations_create_every_table_and_reach_head(database_url: str) -> None:
    database = open_database(database_url)
    assert database.is_empty()
    assert not database.is_up_to_date()
    database.upgrade()
    assert database.is_up_to_date()
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    database.upgrade()  # a second upgrade is harmless
    database.dispose()


def test_core_variables_are_seeded_once(database) -> None:
    database.upgrade()
    with database.session() as session:
        keys = session.scalars(select(Variable.key).where(Variable.person_id.is_(None))).all()
    assert sorted(keys) == sorted(v.key for v in CORE_VARIABLES)


def test_one_value_per_person_variable_day_and_source(database) -> None:
    with database.session() as session:
        person = Person(name="A", timezone="UTC")
        session.add(person)
        session.flush()
        pain = session.scalars(select(Variable).where(Variable.key == "pain")).one()
        for _ in range(2):
            session.add(
                Observation(person_id=person.id, variable_id=pain.id, day=date(2026, 1, 1), value=5)
            )
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    database.upgrade()
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()


@pytest.fixture
def postgres_database() -> Iterator[Database]:
    """A migrated PostgreSQL database only."""
    for url in postgres_schema_url():
        database = open_database(url)
        database.upgrade()
        yield database
        database.dispose()


@pytest.mark.postgres
def test_connections_the_server_closed_are_replaced_without_an_error(
    postgres_database: Database,
) -> None:
    with postgres_database.session() as session:
        backend = session.scalar(text("SELECT pg_backend_pid()"))  # now waits in the pool
    other = create_engine(postgres_database.engine.url)
    with other.begin() as connection:
        closed = connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        assert closed.scalar() is True
    other.dispose()
    with postgres_database.session() as session:
        assert session.scalar(select(Variable.key).where(Variable.key == "pain")) == "pain"
        assert session.scalar(text("SELECT pg_backend_pid()")) != backend


def test_deleting_a_person_deletes_their_observations(database) -> None:
    with database.session() as session:
        person = Person(name="B", timezone="UTC")
        session.add(person)
        session.flush()
        pain = session.scalars(select(Variable).where(Variable.key == "pain")).one()
        session.add(
            Observation(person_id=person.id, variable_id=pain.id, day=date(2026, 1, 2), value=3)
        )
    with database.session() as session:
        session.delete(session.get(Person, person.id))
    with database.session() as session:
        assert session.scalars(select(Observation)).all() == []


@pytest.mark.parametrize(
    "url", ["nonsense", "mysql://root@localhost/x", "sqlite+aiosqlite:///x.db", "://"]
)
def test_malformed_database_url_names_the_setting(url: str) -> None:
    with pytest.raises(InvalidSetting) as raised:
        open_database(url)
    assert raised.value.field == "database_url"
