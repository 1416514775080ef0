"""Undoing overlapping imports in either order, on each database: what an import still active
also brought stays (as its), nothing an undone import brought comes back, what the person wrote
stays, and once both are undone nothing of either is left."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from export_files import VISIBLE_REAL, write
from fibrotrack.services.checkin import history
from fibrotrack.services.import_undo import preview_undo, undo_import
from fibrotrack.services.people import create_person
from fibrotrack.storage import Database
from fibrotrack.storage.models import ImportRun, Person
from fibrotrack.storage.types import utc_now
from test_interop_undo import diary, imported, json_export_of, log, pain_by_day

SHARED_DAYS = (date(2024, 5, 30), date(2024, 5, 31))
FATIGUE_31_MAY = "2024-05-31,Fatigue,General,"


def visible_part(path: Path, first: date, last: date, *, fatigue_31_may: int | None = None) -> Path:
    """The rows of the real Visible export from ``first`` to ``last``, as Visible wrote them;
    31 May's Fatigue made ``fatigue_31_may`` (it is 2)."""
    header, *rows = VISIBLE_REAL.read_bytes().decode().splitlines(keepends=True)
    kept = [row for row in rows if first.isoformat() <= row[:10] <= last.isoformat()]
    if fatigue_31_may is not None:
        kept = [
            f"{FATIGUE_31_MAY}{fatigue_31_may} \r\n" if row.startswith(FATIGUE_31_MAY) else row
            for row in kept
        ]
    return write(path, header + "".join(kept))


def values_by_day(session: Session, person_id: int) -> dict[date, dict[str, float]]:
    person = session.get_one(Person, person_id)
    return {entry.day: dict(entry.values) for entry in history(session, person=person)}


def undo(database: Database, import_id: int, person_id: int) -> None:
    with database.session() as session:
        undo_import(session, import_id=import_id, person_id=person_id, now=utc_now())


class TwoParts:
    """Ana's diary with one check-in, then April–May and 30 May–June of the real Visible
    export imported: the parts share 30 and 31 May, and the second says 31 May's Fatigue was
    3 where the first said 2."""

    def __init__(self, database: Database, tmp_path: Path) -> None:
        one = visible_part(tmp_path / "visible-1.csv", date(2024, 4, 24), date(2024, 5, 31))
        two = visible_part(
            tmp_path / "visible-2.csv", date(2024, 5, 30), date(2024, 6, 30), fatigue_31_may=3
        )
        with database.session() as session:
            ana = create_ana(session)
            self.person_id = ana.id
            self.before = diary(session, ana.id)
        with database.session() as session:
            self.first = imported(session, session.get_one(Person, self.person_id), one, "visible")
        with database.session() as session:
            self.after_first = diary(session, self.person_id)
        with database.session() as session:
            self.second = imported(session, session.get_one(Person, self.person_id), two, "visible")
        with database.session() as session:
            written = session.get_one(ImportRun, self.second).report["written"]["observations"]
            assert written == {"new": 987, "updated": 1, "unchanged": 63}
            self.both = values_by_day(session, self.person_id)
        assert self.both[date(2024, 5, 31)]["visible_fatigue"] == 3


def create_ana(session: Session) -> Person:
    ana = create_person(session, name="Ana", timezone="Europe/Madrid")
    log(session, ana, date(2024, 10, 4), {"pain": 6})
    return ana


def test_undoing_the_earlier_import_first_keeps_what_the_later_also_brought(
    database: Database, tmp_path: Path
) -> None:
    parts = TwoParts(database, tmp_path)
    with database.session() as session:
        preview = preview_undo(session, import_id=parts.first, person_id=parts.person_id)
        assert preview.removes == "1040 values and 1 tracker"
        assert preview.restores == "nothing"
        # 30 May, and 31 May but its Fatigue: found already there; 31 May's Fatigue: changed
        assert preview.keeps_held == f"63 values that import {parts.second} also brought"
        assert len(preview.plan.kept_changed) == 1
        assert len(preview.plan.kept_in_use) == 59  # the trackers the second import uses
        assert preview.plan.finishes == ()
    undo(database, parts.first, parts.person_id)
    with database.session() as session:
        days = values_by_day(session, parts.person_id)
        assert days == {  # 30 May onwards, as the second import brought them
            day: values for day, values in parts.both.items() if day >= SHARED_DAYS[0]
        }
        assert days[SHARED_DAYS[1]]["visible_fatigue"] == 3
        preview = preview_undo(session, import_id=parts.second, person_id=parts.person_id)
        assert preview.removes == "1051 values and 59 trackers"
        assert preview.restores == "nothing"
        assert (preview.keeps_held, preview.plan.kept, preview.plan.finishes) == (
            "",
            0,
            (parts.first,),
        )
    undo(database, parts.second, parts.person_id)
    with database.session() as session:
        assert diary(session, parts.person_id) == parts.before


def test_undoing_the_later_import_first_gives_back_the_earlier_ones_values(
    database: Database, tmp_path: Path
) -> None:
    parts = TwoParts(database, tmp_path)
    with database.session() as session:
        preview = preview_undo(session, import_id=parts.second, person_id=parts.person_id)
        assert preview.removes == "987 values"
        assert preview.restores == "1 value"  # 31 May's Fatigue, back to 2
        assert preview.keeps_held == f"63 values that import {parts.first} also brought"
    undo(database, parts.second, parts.person_id)
    with database.session() as session:
        assert diary(session, parts.person_id) == parts.after_first
        preview = preview_undo(session, import_id=parts.first, person_id=parts.person_id)
        assert preview.removes == "1104 values and 60 trackers"
        assert (preview.restores, preview.plan.kept, preview.plan.finishes) == ("nothing", 0, ())
    undo(database, parts.first, parts.person_id)
    with database.session() as session:
        assert diary(session, parts.person_id) == parts.before


@pytest.mark.parametrize("order", ["earlier first", "later first", "earlier first, edit between"])
def test_what_the_person_wrote_survives_undoing_both_imports(
    database: Database, tmp_path: Path, order: str
) -> None:
    # Two fibrotrack exports of check-ins share 3 March. Between the imports the person changes
    # 2 and 3 March, after them 4 March; in the third case 3 March again between the undos.
    earlier = write(
        tmp_path / "earlier.json",
        json_export_of(database, {date(2026, 3, 1): 2, date(2026, 3, 2): 3, date(2026, 3, 3): 4}),
    )
    later = write(
        tmp_path / "later.json",
        json_export_of(database, {date(2026, 3, 3): 5, date(2026, 3, 4): 6}),
    )
    with database.session() as session:
        ana = create_person(session, name="Ana", timezone="UTC")
        log(session, ana, date(2026, 2, 28), {"pain": 1})
        person_id = ana.id
        first = imported(session, ana, earlier, "json")
    with database.session() as session:
        ana = session.get_one(Person, person_id)
        log(session, ana, date(2026, 3, 2), {"pain": 7})
        log(session, ana, date(2026, 3, 3), {"pain": 8})
        second = imported(session, ana, later, "json")
    with database.session() as session:
        log(session, session.get_one(Person, person_id), date(2026, 3, 4), {"pain": 9})
    with database.session() as session:
        assert pain_by_day(session, person_id) == {
            date(2026, 2, 28): 1,
            date(2026, 3, 1): 2,
            date(2026, 3, 2): 7,
            date(2026, 3, 3): 5,
            date(2026, 3, 4): 9,
        }
    earlier_first = order.startswith("earlier first")
    with database.session() as session:
        preview = preview_undo(
            session, import_id=first if earlier_first else second, person_id=person_id
        )
        if earlier_first:  # 1 March goes; 2 March is the person's, 3 March the later import's
            assert (preview.removes, preview.restores) == ("1 value", "nothing")
            assert len(preview.plan.kept_changed) == 2
        else:  # 3 March gets back the person's 8; 4 March is the person's
            assert (preview.removes, preview.restores) == ("nothing", "1 value")
            assert len(preview.plan.kept_changed) == 1
        assert preview.keeps_held == ""
    undo(database, first if earlier_first else second, person_id)
    if order.endswith("edit between"):
        with database.session() as session:
            log(session, session.get_one(Person, person_id), date(2026, 3, 3), {"pain": 10})
    with database.session() as session:
        preview = preview_undo(
            session, import_id=second if earlier_first else first, person_id=person_id
        )
        if order == "earlier first":  # 3 March gets back the person's 8, not the undone 4
            assert (preview.removes, preview.restores) == ("nothing", "1 value")
            assert len(preview.plan.kept_changed) == 1
        elif earlier_first:  # 3 March is the person's 10 now
            assert (preview.removes, preview.restores) == ("nothing", "nothing")
            assert len(preview.plan.kept_changed) == 2
        else:  # 1 March goes; 2 and 3 March are the person's
            assert (preview.removes, preview.restores) == ("1 value", "nothing")
            assert len(preview.plan.kept_changed) == 2
        assert preview.keeps_held == ""
    undo(database, second if earlier_first else first, person_id)
    with database.session() as session:
        assert pain_by_day(session, person_id) == {
            date(2026, 2, 28): 1,
            date(2026, 3, 2): 7,
            date(2026, 3, 3): 10 if order.endswith("edit between") else 8,
            date(2026, 3, 4): 9,
        }


def test_an_edit_between_the_two_undos_stays(database: Database, tmp_path: Path) -> None:
    parts = TwoParts(database, tmp_path)
    undo(database, parts.first, parts.person_id)
    with database.session() as session:
        # 30 May, the second import's now: the person logs Fatigue for it themself
        log(
            session,
            session.get_one(Person, parts.person_id),
            SHARED_DAYS[0],
            {"visible_fatigue": 0},
        )
    with database.session() as session:
        preview = preview_undo(session, import_id=parts.second, person_id=parts.person_id)
        assert preview.removes == "1051 values and 58 trackers"
        assert len(preview.plan.kept_in_use) == 0  # the Fatigue tracker is not this import's
    undo(database, parts.second, parts.person_id)
    with database.session() as session:
        assert values_by_day(session, parts.person_id) == {
            SHARED_DAYS[0]: {"visible_fatigue": 0},
            date(2024, 10, 4): {"pain": 6},
        }
