"""fibrotrack JSON is lossless: export, import into an empty database, export again gives
the same file — for every table of a person's data, including tables added later."""

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Time, insert, select
from sqlalchemy.types import TypeDecorator

from conftest import Cli
from export_files import person_data, write
from fibrotrack.diary import Pillar, VariableKind, parse_tag
from fibrotrack.instruments import checked_answers, score
from fibrotrack.interop.variables import tracker
from fibrotrack.services.imports import DIARY_TABLES
from fibrotrack.storage import open_database
from fibrotrack.storage.catalogue import ensure_person_variable, variables_of
from fibrotrack.storage.models import (
    Intervention,
    Note,
    Observation,
    Person,
    QuestionnaireResponse,
)
from fibrotrack.storage.portable import NOT_EXPORTED, exported_tables, own_id, portable_columns

WRITTEN_BY_HAND = {"variables", "observations", "notes", "questionnaire_responses", "interventions"}
MOMENT = datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC)
PHQ9_ANSWERS = checked_answers("phq9", {f"q{item}": item % 4 for item in range(1, 10)})


def generic_value(column, copy: int):
    """A plausible value for any column from its type alone; ``copy`` makes a second row
    differ from the first in every column."""
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, JSON):
        return {"areas": ["neck", "lower_back"], "count": 2 + copy}
    if isinstance(kind, Boolean):
        return copy == 0
    if isinstance(kind, Integer):
        return 7 + copy
    if isinstance(kind, Float):
        return 1.25 + copy
    if isinstance(kind, DateTime):
        return MOMENT + timedelta(hours=copy)
    if isinstance(kind, Date):
        return date(2025, 5, 6) + timedelta(days=copy)
    if isinstance(kind, Time):
        return time(20, 30 + copy)
    if isinstance(kind, String):
        return f"text é {copy}"[: kind.length or 20]
    raise AssertionError(f"no generic value for {column}")


def generic_rows(session, person_id: int, variable_id: int) -> None:
    """Two rows (one where the person id is the key) in every exported table not filled by
    hand, referring to rows of the tables they refer to; the second row of a table that
    refers to itself refers to the first."""
    ids: dict[str, list[int]] = {}
    for table in exported_tables():
        key = own_id(table)
        if table.name in WRITTEN_BY_HAND:
            if key is not None:
                ids[table.name] = list(
                    session.scalars(select(key).where(table.c.person_id == person_id).order_by(key))
                )
            continue
        for copy in range(2 if key is not None else 1):
            row = {}
            for column in portable_columns(table):
                target = (
                    next(iter(column.foreign_keys)).column.table.name
                    if column.foreign_keys
                    else None
                )
                if target == "variables":
                    row[column.name] = variable_id
                elif target == table.name:
                    row[column.name] = ids[table.name][0] if copy else None
                elif target is not None:
                    row[column.name] = ids[target][0] if target in ids else None
                else:
                    row[column.name] = generic_value(column, copy)
            statement = insert(table).values(person_id=person_id, **row)
            if key is not None:
                ids.setdefault(table.name, []).append(
                    session.execute(statement.returning(key)).scalar_one()
                )
            else:
                session.execute(statement)


def seed(url: str, *, visible_pain: float = 2.5) -> None:
    """A person with something in every table of their data. ``visible_pain`` is a value of
    the core pain another app gave; an import skips 2.5, which pain (whole numbers) never
    holds, so the tests that import the export give one pain can hold."""
    database = open_database(url)
    database.upgrade()
    with database.session() as session:
        person = Person(name="Zoë", timezone="Europe/Oslo", created_at=MOMENT)
        session.add(person)
        session.flush()
        gluten = ensure_person_variable(
            session, person_id=person.id, definition=parse_tag("food:gluten")
        )
        crash = ensure_person_variable(
            session,
            person_id=person.id,
            definition=tracker(
                "Visible",
                "Crash",
                kind=VariableKind.SCALE,
                pillar=Pillar.SYMPTOMS,
                minimum=0,
                maximum=1,
            ),
        )
        pain = variables_of(session, person_id=person.id)["pain"]
        session.add_all(
            [
                Observation(
                    person_id=person.id,
                    variable_id=pain.id,
                    day=date(2025, 5, 5),
                    source="checkin",
                    value=6,
                    recorded_at=MOMENT,
                ),
                Observation(
                    person_id=person.id,
                    variable_id=pain.id,
                    day=date(2025, 5, 5),
                    source="visible",
                    value=visible_pain,
                    raw_value="2 ",
                    recorded_at=MOMENT,
                ),
                Observation(
                    person_id=person.id,
                    variable_id=gluten.id,
                    day=date(2025, 5, 6),
                    source="checkin",
                    value=1,
                    recorded_at=MOMENT,
                ),
                Observation(
                    person_id=person.id,
                    variable_id=crash.id,
                    day=date(2025, 5, 6),
                    source="visible",
                    value=0,
                    raw_value="0",
                    recorded_at=MOMENT,
                ),
                Note(
                    person_id=person.id, day=date(2025, 5, 5), text="rough night", created_at=MOMENT
                ),
                Note(
                    person_id=person.id,
                    day=date(2025, 5, 6),
                    kind="milestone",
                    text="walked to the park",
                    in_story=True,
                    created_at=MOMENT,
                ),
                QuestionnaireResponse(
                    person_id=person.id,
                    instrument="phq9",
                    instrument_version="1",
                    day=date(2025, 5, 6),
                    taken_at=MOMENT,
                    source="fibrotrack",
                    answers={f"q{item}": item % 4 for item in range(1, 10)},
                    scores=score("phq9", PHQ9_ANSWERS).as_dict(),
                ),
                Intervention(
                    person_id=person.id,
                    kind="medication",
                    name="Duloxetine",
                    start_day=date(2025, 1, 10),
                    end_day=date(2025, 4, 1),
                    dose="30 mg",
                    details={"reason": "pain", "steps": [1, 2]},
                    note="stopped: nausea",
                    created_at=MOMENT,
                ),
            ]
        )
        session.flush()
        generic_rows(session, person.id, pain.id)
    database.dispose()


def roundtrip(source_url: str, target_url: str, tmp_path) -> tuple[bytes, bytes]:
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    assert Cli(source_url)("export", "json", "-o", str(first)).exit_code == 0
    imported = Cli(target_url)("import", "json", str(first))
    assert imported.exit_code == 0, imported.output
    exported = Cli(target_url)("export", "json", "-o", str(second))
    assert exported.exit_code == 0, exported.output
    return first.read_bytes(), second.read_bytes()


def check_lossless(first: bytes, second: bytes) -> None:
    assert first == second
    document = json.loads(first)
    assert document["person"] == {
        "name": "Zoë",
        "timezone": "Europe/Oslo",
        "created_at": "2025-05-06T07:08:09+00:00",
    }
    tables = document["tables"]
    assert {table.name for table in exported_tables()} == set(tables)
    assert all(tables[name] for name in tables), "every table of a person's data is covered"
    assert {
        "day": "2025-05-05",
        "raw_value": "2 ",
        "recorded_at": "2025-05-06T07:08:09+00:00",
        "source": "visible",
        "value": 2.0,
        "variable": "pain",
    } in tables["observations"]
    assert [row["key"] for row in tables["variables"]] == ["gluten", "visible_crash"]
    assert tables["questionnaire_responses"][0]["scores"]["total"] == 13


def test_export_import_export_is_identical(database_url, tmp_path) -> None:
    seed(database_url, visible_pain=2)
    first, second = roundtrip(database_url, f"sqlite:///{tmp_path / 'empty.sqlite'}", tmp_path)
    check_lossless(first, second)


def test_import_into_an_empty_database_of_each_kind(database_url, tmp_path) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    seed(source, visible_pain=2)
    first, second = roundtrip(source, database_url, tmp_path)
    check_lossless(first, second)
    stored = person_data(database_url)
    again = Cli(database_url)("import", "json", str(tmp_path / "first.json"), "--json")
    report = json.loads(again.stdout)
    assert all(counts["new"] == counts["updated"] == 0 for counts in report["written"].values())
    after = person_data(database_url)
    assert after.pop("imports") == stored.pop("imports") + 1
    found = sum(counts["unchanged"] for counts in report["written"].values())
    assert after.pop("import_changes") == stored.pop("import_changes") + found
    assert after == stored


def test_dates_limit_the_export(cli, tmp_path) -> None:
    seed(cli.url)
    path = tmp_path / "may6.json"
    assert (
        cli(
            "export", "json", "--from", "2025-05-06", "--to", "2025-05-06", "-o", str(path)
        ).exit_code
        == 0
    )
    tables = json.loads(path.read_text())["tables"]
    assert {row["day"] for row in tables["observations"]} == {"2025-05-06"}
    assert tables["interventions"] == []  # it ended on 1 April
    assert (
        cli(
            "export", "json", "--from", "2025-05-07", "--to", "2025-05-06", "-o", str(path)
        ).exit_code
        == 2
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda doc: doc.update(version=2), "version"),
        (lambda doc: doc.update(format="other"), "format"),
        (lambda doc: doc["tables"]["notes"][0].update(day="yesterday"), "tables.notes[0].day"),
        (lambda doc: doc["tables"]["notes"][0].update(colour="red"), "tables.notes[0].colour"),
        (
            lambda doc: doc["tables"]["observations"][0].update(variable="nothing"),
            "tables.observations[0].variable",
        ),
        (lambda doc: doc["tables"]["notes"][0].pop("text"), "tables.notes[0].text"),
        (lambda doc: doc["tables"]["notes"][0].update(text="a\x00b"), "tables.notes[0].text"),
        (lambda doc: doc["tables"]["notes"][0].update(kind="k" * 21), "tables.notes[0].kind"),
        (lambda doc: doc["person"].update(timezone="Mars/Olympus"), "timezone"),
    ],
)
def test_a_damaged_export_is_refused_whole(cli, tmp_path, change, field) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    seed(source)
    path = tmp_path / "export.json"
    assert Cli(source)("export", "json", "-o", str(path)).exit_code == 0
    document = json.loads(path.read_text())
    change(document)
    write(path, json.dumps(document))
    result = cli("import", "json", str(path))
    assert result.exit_code == 2
    assert f"Error: {field}" in result.stderr
    assert person_data(cli.url) == {}


def test_a_nul_character_is_named_as_the_reason(cli, tmp_path) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    seed(source)
    path = tmp_path / "export.json"
    assert Cli(source)("export", "json", "-o", str(path)).exit_code == 0
    document = json.loads(path.read_text())
    document["tables"]["notes"][0]["text"] = "a\x00b"
    write(path, json.dumps(document))
    result = cli("import", "json", str(path))
    assert result.exit_code == 2
    assert "tables.notes[0].text: contains a NUL character" in " ".join(result.stderr.split())


def test_values_their_variable_does_not_allow_are_skipped_naming_the_element(cli, tmp_path) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    seed(source, visible_pain=2)
    path = tmp_path / "export.json"
    assert Cli(source)("export", "json", "-o", str(path)).exit_code == 0
    document = json.loads(path.read_text())
    observations = document["tables"]["observations"]
    at = {(row["variable"], row["source"]): index for index, row in enumerate(observations)}
    observations[at["pain", "checkin"]]["value"] = 99.0
    observations[at["visible_crash", "visible"]]["value"] = float("nan")
    observations.append(
        {**observations[at["gluten", "checkin"]], "variable": "fatigue", "value": -5}
    )
    write(path, json.dumps(document))

    result = cli("import", "json", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert "observations: 2 new" in result.stdout
    assert "Not imported (3):" in result.stdout
    for index, reason in [
        (at["pain", "checkin"], "pain 99 is outside 0–10"),
        (at["visible_crash", "visible"], "visible_crash must be a finite number"),
        (len(observations) - 1, "fatigue -5 is outside 0–10"),
    ]:
        assert f"tables.observations[{index}].value: {reason}" in result.stdout
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert [(day["date"], day["values"], day["tags"]) for day in days] == [
        ("2025-05-05", {"pain": 2}, []),
        ("2025-05-06", {}, ["gluten"]),
    ]


def test_no_row_refers_to_a_row_of_the_diary_an_import_may_leave_out() -> None:
    """An import skips observations and notes (dated out of range, a value not allowed); the
    rows of other tables refer to rows by their position in the file, which must not move."""
    for table in exported_tables():
        for column in table.columns:
            for foreign in column.foreign_keys:
                assert foreign.column.table.name not in DIARY_TABLES, f"{table.name}.{column.name}"


def test_every_table_is_exported_or_left_out_for_a_reason() -> None:
    from fibrotrack.storage.models import Base

    exported = {table.name for table in exported_tables()}
    for name, table in Base.metadata.tables.items():
        if "person_id" in table.c:
            assert (name in exported) != (name in NOT_EXPORTED), name
    assert all(reason for reason in NOT_EXPORTED.values())
