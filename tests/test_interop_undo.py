"""Undoing a past import: what it inserted goes, what it overwrote comes back, later edits
stay (and are counted), once only, and only by the person it belongs to."""

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from export_files import VISIBLE_REAL, write
from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import ImportOptions
from fibrotrack.interop.undo import (
    FOUND,
    INSERTED,
    UPDATED,
    Change,
    Recorded,
    RowRef,
    UndoPlan,
    in_words,
    plan_undo,
)
from fibrotrack.services.checkin import CheckIn, check_in, history
from fibrotrack.services.exports import export_person
from fibrotrack.services.import_undo import (
    NO_RECORD,
    past_imports,
    preview_undo,
    undo_import,
)
from fibrotrack.services.imports import read_import, write_import
from fibrotrack.services.people import create_person
from fibrotrack.storage import Database, open_database
from fibrotrack.storage.database import _alembic_config
from fibrotrack.storage.models import ImportChange, ImportRun, Observation, Person
from fibrotrack.storage.portable import dump_person
from fibrotrack.storage.types import utc_now

TODAY = date(2026, 11, 27)
SMALL_VISIBLE = (
    "observation_date,tracker_name,tracker_category,observation_value\n"
    "2025-04-22,Fatigue,General,2\n"
    "2025-04-23,Fatigue,General,1\n"
    "2025-04-23,HR Variability,Measurement,58\n"
)
LATER_VISIBLE = (
    "observation_date,tracker_name,tracker_category,observation_value\n"
    "2025-04-23,Fatigue,General,3\n"
    "2025-04-23,HR Variability,Measurement,58\n"
    "2025-04-24,Fatigue,General,2\n"
    "2025-04-24,Stability Score,Measurement,4\n"
)


def imported(session: Session, person: Person, path: Path, format: str) -> int:
    plan = read_import(path, format=format, options=ImportOptions(timezone=person.timezone))
    result = write_import(session, plan=plan, person=person)
    assert result.import_id is not None
    return result.import_id


def log(session: Session, person: Person, day: date, values: dict[str, float]) -> None:
    check_in(session, person=person, change=CheckIn(day=day, values=values), today=TODAY)


def diary(session: Session, person_id: int) -> dict[str, list[dict[str, object]]]:
    """Everything of the person's a fibrotrack export holds, row by row."""
    return dump_person(session, person_id=person_id)


def test_undoing_the_real_visible_export_leaves_the_diary_as_before(database: Database) -> None:
    with database.session() as session:
        ana = create_person(session, name="Ana", timezone="Europe/Madrid")
        log(session, ana, date(2024, 10, 4), {"pain": 6})
        person_id = ana.id
    with database.session() as session:
        before = diary(session, person_id)
    with database.session() as session:
        ana = session.get_one(Person, person_id)
        import_id = imported(session, ana, VISIBLE_REAL, "visible")
    with database.session() as session:
        assert len(diary(session, person_id)["observations"]) == 11617
        (past,) = past_imports(session, person_id=person_id)
        assert (past.id, past.format, past.file_name, past.undoable) == (
            import_id,
            "visible",
            VISIBLE_REAL.name,
            True,
        )
        assert past.wrote == "added 11616 values and 16 notes"
        preview = preview_undo(session, import_id=import_id, person_id=person_id)
        assert preview.plan.removed_by_table["observations"] == 11616
        assert preview.plan.removed_by_table["notes"] == 16
        assert preview.restores == "nothing"
    with database.session() as session:
        done = undo_import(session, import_id=import_id, person_id=person_id, now=utc_now())
        assert done.plan.kept == 0
    with database.session() as session:
        assert diary(session, person_id) == before
        (past,) = past_imports(session, person_id=person_id)
        assert past.status == "undone" and not past.undoable
        assert past.undo_refusal is not None and "already undone" in past.undo_refusal


def test_undoing_a_later_export_gives_back_what_it_overwrote(database: Database, tmp_path) -> None:
    first = write(tmp_path / "visible-april.csv", SMALL_VISIBLE)
    later = write(tmp_path / "visible-may.csv", LATER_VISIBLE)
    with database.session() as session:
        ana = create_person(session, name="Ana", timezone="UTC")
        person_id = ana.id
        imported(session, ana, first, "visible")
    with database.session() as session:
        before = diary(session, person_id)
        before_days = [
            (entry.day, dict(entry.values))
            for entry in history(session, person=session.get_one(Person, person_id))
        ]
    with database.session() as session:
        import_id = imported(session, session.get_one(Person, person_id), later, "visible")
    with database.session() as session:
        days = {entry.day: entry.values for entry in history(session, person=ana_of(session))}
        assert days[date(2025, 4, 23)]["visible_fatigue"] == 3
        preview = preview_undo(session, import_id=import_id, person_id=person_id)
        assert preview.restores == "1 value"
        assert preview.removes == "2 values and 1 tracker"  # the 24th, and Stability Score
    with database.session() as session:
        undo_import(session, import_id=import_id, person_id=person_id, now=utc_now())
    with database.session() as session:
        assert diary(session, person_id) == before
        assert [
            (entry.day, dict(entry.values)) for entry in history(session, person=ana_of(session))
        ] == before_days


def ana_of(session: Session) -> Person:
    return session.scalars(select(Person).where(Person.name == "Ana")).one()


def json_export_of(database: Database, days: dict[date, float]) -> bytes:
    """A fibrotrack JSON export of someone else's check-ins (pain on each day)."""
    with database.session() as session:
        other = create_person(session, name="Exporter", timezone="UTC")
        for day, pain in days.items():
            log(session, other, day, {"pain": pain})
        out = io.BytesIO()
        export_person(session, person=other, format="json", out=out)
        return out.getvalue()


def pain_by_day(session: Session, person_id: int) -> dict[date, float]:
    person = session.get_one(Person, person_id)
    return {entry.day: entry.values["pain"] for entry in history(session, person=person)}


def test_a_value_edited_after_the_import_survives_undo_and_is_reported(
    database: Database, tmp_path
) -> None:
    exported = json_export_of(database, {date(2026, 3, 1): 6, date(2026, 3, 2): 4})
    path = write(tmp_path / "fibrotrack.json", exported)
    with database.session() as session:
        ana = create_person(session, name="Ana", timezone="UTC")
        log(session, ana, date(2026, 3, 1), {"pain": 3})
        person_id = ana.id
    with database.session() as session:
        import_id = imported(session, session.get_one(Person, person_id), path, "json")
    with database.session() as session:
        assert pain_by_day(session, person_id) == {date(2026, 3, 1): 6, date(2026, 3, 2): 4}
        log(session, session.get_one(Person, person_id), date(2026, 3, 2), {"pain": 8})
    with database.session() as session:
        preview = preview_undo(session, import_id=import_id, person_id=person_id)
        assert len(preview.plan.kept_changed) == 1
        assert preview.restores == "1 value"
    with database.session() as session:
        done = undo_import(session, import_id=import_id, person_id=person_id, now=utc_now())
        assert len(done.plan.kept_changed) == 1
    with database.session() as session:
        # the overwritten 1 March is back to 3; my edit of 2 March (after the import) stays
        assert pain_by_day(session, person_id) == {date(2026, 3, 1): 3, date(2026, 3, 2): 8}
        run = session.get_one(ImportRun, import_id)
        assert run.report["undo"]["kept_changed"] == 1


def test_a_tracker_logged_since_the_import_is_kept(database: Database, tmp_path) -> None:
    path = write(tmp_path / "visible.csv", SMALL_VISIBLE)
    with database.session() as session:
        ana = create_person(session, name="Ana", timezone="UTC")
        person_id = ana.id
        import_id = imported(session, ana, path, "visible")
    with database.session() as session:
        ana = session.get_one(Person, person_id)
        log(session, ana, date(2025, 5, 1), {"visible_fatigue": 1})
    with database.session() as session:
        done = undo_import(session, import_id=import_id, person_id=person_id, now=utc_now())
        assert len(done.plan.kept_in_use) == 1  # the Fatigue tracker: my check-in uses it
        assert done.plan.removed_by_table == {"observations": 3, "variables": 1}
    with database.session() as session:
        values = {
            entry.day: dict(entry.values)
            for entry in history(session, person=session.get_one(Person, person_id))
        }
        assert values == {date(2025, 5, 1): {"visible_fatigue": 1}}


def test_a_second_undo_and_someone_elses_undo_are_refused(database: Database, tmp_path) -> None:
    path = write(tmp_path / "visible.csv", SMALL_VISIBLE)
    with database.session() as session:
        ana = create_person(session, name="Ana", timezone="UTC")
        bea = create_person(session, name="Bea", timezone="UTC")
        ana_id, bea_id = ana.id, bea.id
        import_id = imported(session, ana, path, "visible")
    with database.session() as session:
        assert past_imports(session, person_id=bea_id) == []
        with pytest.raises(InvalidEntry) as refused:
            preview_undo(session, import_id=import_id, person_id=bea_id)
        assert refused.value.message == f"there is no import {import_id} of yours"
        with pytest.raises(InvalidEntry) as refused:
            undo_import(session, import_id=import_id, person_id=bea_id, now=utc_now())
        assert refused.value.message == f"there is no import {import_id} of yours"
        assert session.scalar(select(func.count()).select_from(Observation)) == 3
    with database.session() as session:
        undo_import(session, import_id=import_id, person_id=ana_id, now=utc_now())
    with database.session() as session, pytest.raises(InvalidEntry) as refused:
        undo_import(session, import_id=import_id, person_id=ana_id, now=utc_now())
    assert refused.value.message.startswith(f"import {import_id} was already undone on ")


def test_an_import_made_before_undo_records_says_so(database: Database, tmp_path) -> None:
    path = write(tmp_path / "visible.csv", SMALL_VISIBLE)
    with database.session() as session:
        ana = create_person(session, name="Ana", timezone="UTC")
        person_id = ana.id
        import_id = imported(session, ana, path, "visible")
        # what the migration leaves for an import made before it: no record
        session.execute(delete(ImportChange).where(ImportChange.import_id == import_id))
        session.execute(
            update(ImportRun).where(ImportRun.id == import_id).values(changes_recorded=False)
        )
    with database.session() as session:
        (past,) = past_imports(session, person_id=person_id)
        assert past.undo_refusal == NO_RECORD
        assert "made before fibrotrack kept undo records" in NO_RECORD
        with pytest.raises(InvalidEntry) as refused:
            undo_import(session, import_id=import_id, person_id=person_id, now=utc_now())
        assert refused.value.message == NO_RECORD
        assert session.scalar(select(func.count()).select_from(Observation)) == 3


def test_the_migration_marks_earlier_imports_as_without_record(database_url: str) -> None:
    database = open_database(database_url)
    config = _alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "1000_questionnaire_drafts")
        connection.execute(
            text(
                "INSERT INTO people (name, timezone, created_at) "
                "VALUES ('Ana', 'UTC', '2026-01-01 10:00:00')"
            )
        )
        person_id = connection.execute(text("SELECT id FROM people")).scalar_one()
        connection.execute(
            text(
                "INSERT INTO imports (person_id, format, file_name, file_size, options, status, "
                "bytes_done, report, created_at, finished_at) VALUES (:person, 'visible', "
                "'old.csv', 1, '{}', 'done', 1, '{}', '2026-01-01 10:00:00', "
                "'2026-01-01 10:01:00')"
            ),
            {"person": person_id},
        )
    database.upgrade()
    with database.session() as session:
        (past,) = past_imports(session, person_id=person_id)
        assert past.undo_refusal == NO_RECORD
    database.dispose()


def test_cli_lists_and_undoes_an_import(cli, tmp_path) -> None:
    path = write(tmp_path / "visible.csv", SMALL_VISIBLE)
    assert cli("checkin", "--date", "2025-04-23", "--value", "pain=4").exit_code == 0
    before = cli("history", "--json").stdout
    assert cli("import", "visible", str(path)).exit_code == 0

    listed = cli("imports")
    assert listed.exit_code == 0, listed.output
    assert "visible.csv" in listed.stdout and "can be undone" in listed.stdout
    (entry,) = json.loads(cli("imports", "--json").stdout)
    assert (entry["format"], entry["undoable"]) == ("visible", True)
    assert entry["wrote"] == "added 3 values"

    unconfirmed = cli("undo-import", str(entry["id"]), input="y\n")
    assert unconfirmed.exit_code == 2
    assert "nothing undone: confirm with --yes" in unconfirmed.stderr
    assert "Removes what it added: 3 values and 2 trackers." in unconfirmed.stdout
    assert cli("history", "--json").stdout != before

    undone = cli("undo-import", str(entry["id"]), "--yes")
    assert undone.exit_code == 0, undone.output
    assert "Undone." in undone.stdout
    assert cli("history", "--json").stdout == before

    again = cli("undo-import", str(entry["id"]), "--yes")
    assert again.exit_code == 2
    assert f"import {entry['id']} was already undone on" in again.stderr
    missing = cli("undo-import", "999", "--yes")
    assert missing.exit_code == 2 and "there is no import 999 of yours" in missing.stderr


def test_the_undo_plan_keeps_changed_and_referenced_rows() -> None:
    changes = [
        Change("variables", 1, INSERTED, {"key": "visible_fatigue"}),
        Change("observations", 10, INSERTED, {"variable_id": 1, "value": 2.0}),
        Change("observations", 11, INSERTED, {"variable_id": 1, "value": 1.0}),
        Change("observations", 12, UPDATED, {"value": 3.0}, previous={"value": 1.0}),
        Change("observations", 13, UPDATED, {"value": 5.0}, previous={"value": 4.0}),
        Change("notes", 20, INSERTED, {"text": "Vaccine"}),
    ]
    current = {
        ("variables", 1): {"key": "visible_fatigue"},
        ("observations", 10): {"variable_id": 1, "value": 2.0},
        ("observations", 11): {"variable_id": 1, "value": 9.0},  # edited since
        ("observations", 12): {"value": 3.0},
        ("observations", 13): {"value": 7.0},  # changed since
    }
    referrers = {("variables", 1): {("observations", 10), ("observations", 11)}}
    plan = plan_undo(1, [Recorded(1, change) for change in changes], current, referrers)
    assert plan.remove == (("observations", 10),)
    assert plan.restore == ((("observations", 12), {"value": 1.0}),)
    assert plan.kept_changed == (("observations", 11), ("observations", 13))
    assert plan.kept_in_use == (("variables", 1),)  # the edited value still uses it
    assert plan.already_gone == 1  # the note was deleted since
    assert (plan.kept_held, plan.finishes) == ((), ())
    assert in_words({"observations": 2, "notes": 1, "plan_items": 1}) == (
        "2 values, 1 note and 1 plan items row"
    )


def fatigue(row_id: int, day: str, value: float) -> Change:
    return Change("observations", row_id, INSERTED, {"variable_id": 9, "day": day, "value": value})


# Import 1 brought 29-31 May and the tracker; import 2 found 30 May already there, changed 31
# May from 2 to 3 and brought 1 June. Every value uses the tracker.
TRACKER = ("variables", 9)
TWO_IMPORTS = [
    Recorded(1, Change("variables", 9, INSERTED, {"key": "visible_fatigue"})),
    Recorded(1, fatigue(1, "2024-05-29", 1)),
    Recorded(1, fatigue(2, "2024-05-30", 2)),
    Recorded(1, fatigue(3, "2024-05-31", 2)),
    Recorded(
        2, Change("observations", 2, FOUND, {"variable_id": 9, "day": "2024-05-30", "value": 2})
    ),
    Recorded(2, Change("observations", 3, UPDATED, {"value": 3}, previous={"value": 2})),
    Recorded(2, fatigue(4, "2024-06-01", 1)),
]
Stored = dict[RowRef, dict[str, Any]]


def uses(stored: Stored) -> dict[RowRef, set[RowRef]]:
    """The tracker's stored referrers: the values still stored."""
    return {TRACKER: {ref for ref in stored if ref[0] == "observations"}}


def stored_after(stored: Stored, plan: UndoPlan) -> Stored:
    """The rows ``stored`` after ``plan`` is done."""
    after = {ref: dict(values) for ref, values in stored.items() if ref not in plan.remove}
    for ref, values in plan.restore:
        after[ref].update(values)
    return after


def test_the_undo_plan_undoes_two_imports_in_either_order() -> None:
    stored = {
        TRACKER: {"key": "visible_fatigue"},
        **{
            ref: dict(item.change.written)
            for item in TWO_IMPORTS
            if item.change.action == INSERTED
            for ref in [item.change.ref]
        },
    }
    stored[("observations", 3)]["value"] = 3
    observations = {("observations", row_id) for row_id in (1, 2, 3, 4)}

    first = plan_undo(1, TWO_IMPORTS, stored, uses(stored))
    assert first.remove == (("observations", 1),)
    assert first.kept_held == ((("observations", 2), 2),)
    assert first.kept_changed == (("observations", 3),)  # by import 2
    assert (first.kept_in_use, first.restore) == ((TRACKER,), ())
    after = stored_after(stored, first)
    then = plan_undo(2, TWO_IMPORTS, after, uses(after), undone={1})
    assert set(then.remove) == observations - {("observations", 1)} | {TRACKER}
    assert (then.restore, then.kept, then.finishes) == ((), 0, (1,))

    later = plan_undo(2, TWO_IMPORTS, stored, uses(stored))
    assert later.remove == (("observations", 4),)
    assert later.restore == ((("observations", 3), {"value": 2}),)
    assert later.kept_held == ((("observations", 2), 1),)
    after = stored_after(stored, later)
    then = plan_undo(1, TWO_IMPORTS, after, uses(after), undone={2})
    assert set(then.remove) == observations - {("observations", 4)} | {TRACKER}
    assert (then.restore, then.kept, then.finishes) == ((), 0, ())


def test_the_undo_plan_gives_back_the_persons_value_never_an_undone_imports() -> None:
    # 31 May: import 1 wrote 2, the person made it 7, import 2 made it 3.
    records = [
        Recorded(1, fatigue(3, "2024-05-31", 2)),
        Recorded(2, Change("observations", 3, UPDATED, {"value": 3}, previous={"value": 7})),
    ]
    stored = {("observations", 3): {"variable_id": 9, "day": "2024-05-31", "value": 3}}
    assert plan_undo(1, records, stored, {}).kept_changed == (("observations", 3),)
    then = plan_undo(2, records, stored, {}, undone={1})
    assert then.restore == ((("observations", 3), {"value": 7}),)
    assert then.finishes == ()
    # Without the person's edit, the 2 import 2 overwrote was import 1's, undone: no row.
    records[1] = Recorded(
        2, Change("observations", 3, UPDATED, {"value": 3}, previous={"value": 2})
    )
    then = plan_undo(2, records, stored, {}, undone={1})
    assert (then.remove, then.restore, then.finishes) == ((("observations", 3),), (), (1,))
    # A row that reuses the key of a row an undone import inserted is not that row.
    stored = {("observations", 3): {"variable_id": 9, "day": "2024-07-01", "value": 3}}
    then = plan_undo(2, records, stored, {}, undone={1})
    assert (then.remove, then.restore) == ((), ((("observations", 3), {"value": 2}),))


def test_undoing_the_first_import_gives_back_the_name_and_time_zone(
    database: Database, tmp_path
) -> None:
    # A fibrotrack export brought into an empty diary also sets the name and time zone it
    # carries; undoing it gives back the ones the person had, unless they changed them since.
    exported = json_export_of(database, {date(2026, 3, 1): 6})
    path = write(tmp_path / "fibrotrack.json", exported)
    for changed_since in (False, True):
        with database.session() as session:
            ana = create_person(session, name="Ana", timezone="Europe/Madrid")
            person_id = ana.id
            import_id = imported(session, ana, path, "json")
        with database.session() as session:
            person = session.get_one(Person, person_id)
            assert (person.name, person.timezone) == ("Exporter", "UTC")
            if changed_since:
                person.timezone = "Europe/Lisbon"
        with database.session() as session:
            preview = preview_undo(session, import_id=import_id, person_id=person_id)
            restores = "nothing" if changed_since else "your name, time zone and first day"
            assert preview.restores == restores
            undo_import(session, import_id=import_id, person_id=person_id, now=utc_now())
        with database.session() as session:
            person = session.get_one(Person, person_id)
            expected = ("Exporter", "Europe/Lisbon") if changed_since else ("Ana", "Europe/Madrid")
            assert (person.name, person.timezone) == expected
            assert pain_by_day(session, person_id) == {}


def test_cli_says_why_it_keeps_trackers_and_names_them(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "visible.csv", SMALL_VISIBLE)
    assert cli("import", "visible", str(path)).exit_code == 0
    assert cli("import", "visible", str(path)).exit_code == 0  # import 2 finds it all there
    undone = cli("undo-import", "1", "--yes")
    assert undone.exit_code == 0, undone.output
    said = " ".join(undone.stdout.split())
    assert "Kept 3 values that import 2 also brought: they stay, as that import's." in said
    assert (
        "Kept 2 trackers still in use by what stays: what import 2 also brought, or what you "
        "have logged or changed since." in said
    )
    assert "such as a tracker you have logged" not in said


def test_cli_keeps_a_tracker_you_have_logged_since(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "visible.csv", SMALL_VISIBLE)
    assert cli("import", "visible", str(path)).exit_code == 0
    assert cli("checkin", "--date", "2025-04-24", "--value", "visible_hrv=60").exit_code == 0
    undone = cli("undo-import", "1", "--yes")
    assert undone.exit_code == 0, undone.output
    said = " ".join(undone.stdout.split())
    assert "Removed what it added: 3 values and 1 tracker." in said
    assert (
        "Kept 1 tracker still in use by what stays: what you have logged or changed since." in said
    )
    assert "import 2" not in said
