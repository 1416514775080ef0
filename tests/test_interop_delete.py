"""``fibrotrack delete-my-data`` erases everything of a person, and only of that person."""

import os
import subprocess
from pathlib import Path

from sqlalchemy import select

from export_files import person_data
from fibrotrack.services.accounts import start_login_session
from fibrotrack.storage import open_database
from fibrotrack.storage.models import Account, Base, ImportRun, Note, Person
from test_cli_terminal import FIBROTRACK, run_in_terminal
from test_interop_json import seed

UNIQUE_TEXT = "walked to the park"  # a milestone only the first person wrote


def add_second_person_and_accounts(url: str, upload: Path) -> None:
    database = open_database(url)
    with database.session() as session:
        first = session.scalars(select(Person).order_by(Person.id)).first()
        other = Person(name="Sam", timezone="UTC")
        session.add(other)
        session.flush()
        session.add(Note(person_id=other.id, day=first.created_at.date(), text="Sam's day"))
        account = Account(username="zoe", password_hash="x", person_id=first.id)
        session.add_all([account, Account(username="sam", password_hash="y", person_id=other.id)])
        session.flush()
        start_login_session(session, account=account, user_agent="test")
        session.add(
            ImportRun(
                person_id=first.id,
                format="visible",
                file_name="v.csv",
                status="queued",
                upload_path=str(upload),
            )
        )
    database.dispose()


def rows_of_everyone(url: str) -> dict[str, list[tuple]]:
    database = open_database(url)
    with database.engine.connect() as connection:
        rows = {
            name: [tuple(row) for row in connection.execute(select(table))]
            for name, table in Base.metadata.tables.items()
        }
    database.dispose()
    return rows


def dangling_references(rows: dict[str, list[tuple]]) -> list[str]:
    problems = []
    for name, table in Base.metadata.tables.items():
        columns = list(table.columns.keys())
        for column in table.columns:
            for foreign in column.foreign_keys:
                target = foreign.column.table
                index = list(target.columns.keys()).index(foreign.column.name)
                present = {row[index] for row in rows[target.name]}
                for row in rows[name]:
                    value = row[columns.index(column.name)]
                    if value is not None and value not in present:
                        problems.append(f"{name}.{column.name}={value}")
    return problems


def stored_bytes(url: str) -> bytes:
    """The SQLite file and its write-ahead log, as they are on disk."""
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(
        file.read_bytes() for file in (path, path.with_name(path.name + "-wal")) if file.exists()
    )


def test_nothing_of_the_person_is_left_in_any_table(cli, tmp_path) -> None:
    seed(cli.url)
    upload = tmp_path / "queued.upload"
    upload.write_bytes(b"observation_date,...")
    add_second_person_and_accounts(cli.url, upload)
    before = rows_of_everyone(cli.url)
    if cli.url.startswith("sqlite"):
        assert UNIQUE_TEXT.encode() in stored_bytes(cli.url)
    sam = [
        row
        for row in before["notes"]
        if row[list(Base.metadata.tables["notes"].c.keys()).index("text")] == "Sam's day"
    ]

    refused = cli("delete-my-data")
    assert refused.exit_code == 2  # several people: it must be told whom
    refused = cli("--person", "1", "delete-my-data")
    assert refused.exit_code == 2 and "confirm with --yes" in refused.stderr
    assert rows_of_everyone(cli.url) == before

    result = cli("--person", "1", "delete-my-data", "--yes")
    assert result.exit_code == 0, result.output
    assert "Erased." in result.stdout
    after = rows_of_everyone(cli.url)
    for name, table in Base.metadata.tables.items():
        columns = list(table.columns.keys())
        if "person_id" in columns:
            index = columns.index("person_id")
            assert all(row[index] != 1 for row in after[name]), name
        if name != "people":
            assert all(row in before[name] for row in after[name]), name
    assert [row[0] for row in after["people"]] == [2]
    assert [row[1] for row in after["accounts"]] == ["sam"]
    assert after["login_sessions"] == []
    assert dangling_references(after) == []
    assert [row for row in after["notes"] if row in sam] == sam
    assert person_data(cli.url) == {"people": 1, "accounts": 1, "notes": 1}
    assert not upload.exists()
    if cli.url.startswith("sqlite"):
        assert UNIQUE_TEXT.encode() not in stored_bytes(cli.url)


def test_the_prompt_asks_to_type_erase(tmp_path) -> None:
    env = {**os.environ, "FIBROTRACK_DATA_DIR": str(tmp_path), "COLUMNS": "120"}
    subprocess.run(
        [str(FIBROTRACK), "checkin", "--pain", "5"], env=env, check=True, capture_output=True
    )
    kept = run_in_terminal(["delete-my-data"], ["no"], env)
    assert "Type ERASE to confirm" in kept and "nothing erased" in kept
    history = subprocess.run(
        [str(FIBROTRACK), "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    assert '"pain": 5' in history.stdout
    erased = run_in_terminal(["delete-my-data"], ["ERASE"], env)
    assert "Erased." in erased
    assert person_data(f"sqlite:///{tmp_path / 'fibrotrack.sqlite'}") == {}
