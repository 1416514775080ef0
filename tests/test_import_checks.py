"""What the import service checks whatever the format, and what the import command shows:
records dated in the future or before 1900 are skipped and reported with their line, the
preview of a fibrotrack export counts its values, and an import of a research dump into new
people ends with its report."""

import json
from datetime import UTC, datetime

import pytest

from export_files import person_data, write
from fibrotrack.diary import local_today
from fibrotrack.interop import ImportOptions
from fibrotrack.services.imports import read_import
from test_interop_flaredown import DUMP

VISIBLE = (
    "observation_date,tracker_name,tracker_category,observation_value\n"
    "2025-04-23,Fatigue,General,1\n"
    "2099-01-01,Fatigue,General,2\n"
    "1899-12-31,Fatigue,General,2\n"
)
BEARABLE = (
    '"date","weekday","time of day","category","rating/amount","detail","notes"\n'
    '"22nd Sep 2020","Tuesday","am","Energy","4 Good","",""\n'
    '"1st Jan 2099","Thursday","am","Energy","2 Poor","",""\n'
    '"31st Dec 1899","Sunday","am","Energy","2 Poor","",""\n'
)
SHEET = "date,pain,note\n2025-06-01,4,\n2099-01-01,5,\n1899-12-31,5,\n"


def diary_rows(*days: str) -> str:
    observations = [
        {"day": day, "source": "checkin", "value": 4, "raw_value": None, "variable": "pain"}
        for day in days
    ]
    notes = [
        {"day": day, "kind": "day", "source": "checkin", "text": "ok", "in_story": False}
        for day in days
    ]
    return json.dumps(
        {
            "format": "fibrotrack",
            "version": 1,
            "person": {"name": None, "timezone": "UTC", "created_at": None},
            "from": None,
            "to": None,
            "tables": {"notes": notes, "observations": observations},
        }
    )


# Per format: the file, then where the future and the too early record are (line, field).
DATED = {
    "visible": (
        VISIBLE,
        (3, "visible_fatigue: 2099-01-01"),
        (4, "visible_fatigue: 1899-12-31"),
    ),
    "bearable": (
        BEARABLE,
        (3, "bearable_energy: 2099-01-01"),
        (4, "bearable_energy: 1899-12-31"),
    ),
    "csv": (SHEET, (3, "pain: 2099-01-01"), (4, "pain: 1899-12-31")),
    "json": (
        diary_rows("2025-01-01", "2099-01-01", "1899-12-31"),
        (0, "tables.observations[1].day: 2099-01-01"),
        (0, "tables.observations[2].day: 1899-12-31"),
    ),
}


@pytest.mark.parametrize("format", DATED)
def test_records_dated_in_the_future_or_before_1900_are_skipped(cli, tmp_path, format) -> None:
    text, (future_line, future), (early_line, early) = DATED[format]
    path = write(tmp_path / f"{format}.upload", text)
    result = cli("import", format, str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    today = datetime.now(UTC).date()
    assert {"line": future_line, "reason": f"{future} is in the future (today is {today})"} in (
        report["skipped"]
    )
    assert {"line": early_line, "reason": f"{early} is before 1900: check the year"} in (
        report["skipped"]
    )
    assert report["last_day"] < "2099" and report["first_day"] > "1900"
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert [day["date"] for day in days] == [report["first_day"]]


def test_the_import_report_lists_the_dated_records_it_skipped(cli, tmp_path) -> None:
    path = write(tmp_path / "visible.csv", VISIBLE)
    result = cli("import", "visible", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert "1 days, 2025-04-23 to 2025-04-23" in result.stdout
    assert "observations: 1 new" in result.stdout
    assert "Not imported (2):" in result.stdout
    assert "line 3: visible_fatigue: 2099-01-01 is in the future" in result.stdout
    assert "line 4: visible_fatigue: 1899-12-31 is before 1900: check the year" in result.stdout


def test_the_future_begins_after_the_persons_own_today(tmp_path) -> None:
    """Kiritimati (UTC+14) is always at least a day ahead of Pago Pago (UTC−11)."""
    ahead = local_today("Pacific/Kiritimati", datetime.now(UTC))
    path = write(tmp_path / "export.json", diary_rows("2025-01-01", ahead.isoformat()))
    there = read_import(path, format="json", options=ImportOptions(timezone="Pacific/Kiritimati"))
    behind = read_import(path, format="json", options=ImportOptions(timezone="Pacific/Pago_Pago"))
    assert there.summary.skipped_total == 0
    assert behind.summary.skipped_total == 2
    assert [skipped.reason.split(":")[0] for skipped in behind.summary.skipped] == [
        "tables.notes[1].day",
        "tables.observations[1].day",
    ]


def test_the_preview_of_a_fibrotrack_export_counts_its_values(cli, tmp_path) -> None:
    path = write(tmp_path / "export.json", diary_rows("2025-01-01", "2025-01-02"))
    preview = cli("import", "json", str(path), "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "2 values of 1 variables, 2 notes" in preview.stdout
    summary = json.loads(cli("import", "json", str(path), "--dry-run", "--json").stdout)
    assert (summary["observations"], summary["notes"]) == (2, 2)
    assert summary["variables"][0]["key"] == "pain" and summary["variables"][0]["values"] == 2


def test_a_dump_imported_into_new_people_ends_with_its_report(cli, tmp_path) -> None:
    path = write(tmp_path / "dump.csv", DUMP)
    result = cli("import", "flaredown", str(path), "--each-user", "--yes")
    assert result.exit_code == 0, result.output
    assert "Imported into 3 new people and those imported before:" in result.stdout
    assert "observations: 9 new, 0 changed, 0 already there" in result.stdout
    assert person_data(cli.url)["people"] == 3
