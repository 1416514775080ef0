"""CSV exports: a row per day (re-importable) and a row per observation."""

import csv
import io
import json

from conftest import Cli
from test_interop_json import seed


def rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_wide_daily(cli, tmp_path) -> None:
    seed(cli.url)
    assert cli("checkin", "--date", "2025-05-07", "--note", '=HYPERLINK("x")').exit_code == 0
    path = tmp_path / "days.csv"
    assert cli("export", "csv", "-o", str(path)).exit_code == 0
    assert rows(path) == [
        ["date", "pain", "gluten", "visible_crash", "note"],
        ["2025-05-05", "6", "", "", "rough night"],  # the check-in wins over Visible's 2.5
        ["2025-05-06", "", "1", "0", ""],
        ["2025-05-07", "", "", "", '\'=HYPERLINK("x")'],
    ]


def test_long(cli, tmp_path) -> None:
    seed(cli.url)
    path = tmp_path / "values.csv"
    assert cli("export", "csv", "--layout", "long", "-o", str(path)).exit_code == 0
    assert rows(path) == [
        ["date", "variable", "label", "value", "unit", "source", "raw_value"],
        ["2025-05-05", "pain", "Pain", "6", "", "checkin", ""],
        ["2025-05-05", "pain", "Pain", "2.5", "", "visible", "2 "],
        ["2025-05-06", "gluten", "gluten", "1", "", "checkin", ""],
        ["2025-05-06", "visible_crash", "Crash (Visible, 0–1)", "0", "", "visible", "0"],
    ]


def test_the_wide_file_imports_again(cli, tmp_path) -> None:
    seed(cli.url)
    path = tmp_path / "days.csv"
    assert cli("export", "csv", "-o", str(path)).exit_code == 0
    other = Cli(f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = other("import", "csv", str(path), "--json")
    assert result.exit_code == 0, result.output
    days = json.loads(other("history", "--json").stdout)["days"]
    assert days == [
        {"date": "2025-05-05", "values": {"pain": 6}, "tags": [], "note": "rough night"},
        {
            "date": "2025-05-06",
            "values": {"gluten": 1, "visible_crash": 0},
            "tags": [],
            "note": None,
        },
    ]


def test_a_failed_export_leaves_no_file(cli, tmp_path) -> None:
    path = tmp_path / "out.csv"
    result = cli("export", "csv", "-o", str(path))
    assert result.exit_code == 2
    assert "holds nobody to export" in result.stderr
    assert list(tmp_path.glob("*out.csv*")) == []
    assert cli("export", "xml", "-o", str(path)).exit_code == 2


def test_an_export_into_a_missing_folder_is_refused(cli, tmp_path) -> None:
    seed(cli.url)
    result = cli("export", "json", "-o", str(tmp_path / "nowhere" / "out.json"))
    assert result.exit_code == 2
    assert "Error: output: the folder" in result.stderr


NOTES = [
    "- slept badly",
    "=1+1",
    "+2 hours of rest",
    "@ the clinic",
    "'- an apostrophe of my own",
    "'tis a quiet day",
]


def test_notes_a_spreadsheet_would_run_come_back_as_they_were(cli, tmp_path) -> None:
    for day, note in enumerate(NOTES, 1):
        assert cli("checkin", "--date", f"2025-05-{day:02}", f"--note={note}").exit_code == 0
    path = tmp_path / "days.csv"
    assert cli("export", "csv", "-o", str(path)).exit_code == 0
    assert [row[-1] for row in rows(path)] == [
        "note",
        "'- slept badly",
        "'=1+1",
        "'+2 hours of rest",
        "'@ the clinic",
        "''- an apostrophe of my own",
        "'tis a quiet day",
    ]
    other = Cli(f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = other("import", "csv", str(path))
    assert result.exit_code == 0, result.output
    days = json.loads(other("history", "--json").stdout)["days"]
    assert [day["note"] for day in days] == NOTES
