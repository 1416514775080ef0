"""What a person types is stored as written or refused naming the field: never a NUL
character, which PostgreSQL cannot store and which made the person's own export impossible
to import again; never a lab value no test could give."""

from datetime import date

import pytest
from sqlalchemy import func, select

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.labs import add_lab_result
from fibrotrack.services.medications import add_medication
from fibrotrack.services.people import create_person
from fibrotrack.storage import Database
from fibrotrack.storage.models import LabResultEntry, Note, Person

DAY = date(2026, 11, 20)


def test_a_note_with_a_nul_character_is_refused_and_nothing_written(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="Pat", timezone="UTC")
        with pytest.raises(InvalidEntry) as refused:
            check_in(
                session,
                person=person,
                change=CheckIn(day=DAY, values={"pain": 5}, note="fine\x00"),
                today=DAY,
            )
        assert refused.value.field == "note"
        assert "NUL" in refused.value.message
        assert session.scalar(select(func.count()).select_from(Note)) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lab": "City\x00Lab"}, "lab"),
        ({"note": "fasting\x00"}, "note"),
        ({"note": "n" * 2001}, "note"),
        ({"value": 1e40}, "value"),
    ],
)
def test_a_lab_result_no_test_could_give_is_refused(
    database: Database, change: dict[str, object], field: str
) -> None:
    entry: dict[str, object] = {"analyte": "TSH", "value": 2.1, "unit": "mIU/L"} | change
    with database.session() as session:
        person = create_person(session, name="Pat", timezone="UTC")
        with pytest.raises(InvalidEntry) as refused:
            add_lab_result(session, person=person, day=DAY, today=DAY, **entry)  # type: ignore[arg-type]
        assert refused.value.field == field
        assert session.scalar(select(func.count()).select_from(LabResultEntry)) == 0


def test_no_path_stores_a_nul_character(database: Database) -> None:
    with pytest.raises(InvalidEntry) as refused, database.session() as session:
        create_person(session, name="Pat\x00", timezone="UTC")
    assert refused.value.field == "name"
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_a_medication_note_is_kept_to_a_readable_length(database: Database) -> None:
    with database.session() as session:
        person = create_person(session, name="Pat", timezone="UTC")
        with pytest.raises(InvalidEntry) as refused:
            add_medication(
                session, person=person, name="Magnesium", kind="supplement", start=DAY,
                today=DAY, note="x" * 5000,
            )  # fmt: skip
        assert refused.value.field == "note"
