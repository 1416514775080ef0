"""Visible's export: the real file of one person's year, and the quirks the formats page lists."""

import json
from datetime import date

import pytest

from export_files import VISIBLE_REAL, person_data, write
from fibrotrack.diary import InvalidEntry, core_variable
from fibrotrack.interop import ImportOptions, Noted, Observed, Skipped
from fibrotrack.interop.visible import read_visible


def read(path):
    with open(path, "rb") as stream:
        return list(read_visible(stream, ImportOptions()))


def test_the_real_export_is_read_whole() -> None:
    records = read(VISIBLE_REAL)
    observed = [record for record in records if isinstance(record, Observed)]
    notes = [record for record in records if isinstance(record, Noted)]
    assert not [record for record in records if isinstance(record, Skipped)]
    assert len(observed) + len(notes) == 11_632 - 16 + 16  # every data row of the file
    assert len(notes) == 16
    assert {record.day for record in observed} | {note.day for note in notes} == {
        date.fromordinal(day)
        for day in range(date(2024, 4, 24).toordinal(), date(2025, 4, 24).toordinal() + 1)
    }
    first_note = min(notes, key=lambda note: note.day)
    assert (first_note.day, first_note.text) == (date(2024, 10, 4), "Vaccine")


def test_visible_scales_stay_their_own() -> None:
    records = [record for record in read(VISIBLE_REAL) if isinstance(record, Observed)]
    by_key = {(record.variable.key, record.day): record for record in records}
    fatigue = by_key[("visible_fatigue", date(2025, 4, 23))]
    assert (fatigue.value, fatigue.raw) == (1, "1")
    assert (fatigue.variable.minimum, fatigue.variable.maximum) == (0, 3)
    assert fatigue.variable.label == "Fatigue (Visible, 0–3)"
    assert core_variable("fatigue").maximum == 10  # the core 0–10 fatigue is not used
    assert not any(
        record.variable.key in {"fatigue", "brain_fog", "sleep_quality"} for record in records
    )
    assert by_key[("visible_hrv", date(2025, 4, 23))].value == 58
    assert by_key[("resting_heart_rate", date(2025, 4, 23))].value == 63
    assert by_key[("visible_stability_score", date(2025, 4, 23))].value == 4
    assert by_key[("period", date(2025, 4, 23))].value == 0
    funcap = [record for record in records if record.variable.key.startswith("visible_funcap_")]
    assert len({record.variable.key for record in funcap}) == 27
    assert {record.variable.maximum for record in funcap} == {6}


def test_renamed_trackers_and_trailing_spaces(tmp_path) -> None:
    path = write(
        tmp_path / "visible.csv",
        "observation_date,tracker_name,tracker_category,observation_value \r\n"
        "2025-04-20,HR Variability,Measurement,55 \r\n"
        "2026-01-10,HRV ,Measurement ,61 \r\n"
        "2025-04-20,Period,Menstrual,1 \r\n"
        "2026-01-10,Period,Experience,0 \r\n"
        "2025-04-20,Reading and understanding a non-fiction text such as an official document "
        "one A4 page long,Funcap_concentration,4 \r\n"
        "2026-01-10,Reading and understanding a non-fiction text such as an official document "
        "one page long,Funcap_concentration,5 \r\n",
    )
    records = read(path)
    assert [(r.variable.key, r.day.isoformat(), r.value) for r in records] == [
        ("visible_hrv", "2025-04-20", 55),
        ("visible_hrv", "2026-01-10", 61),
        ("period", "2025-04-20", 1),
        ("period", "2026-01-10", 0),
        (records[4].variable.key, "2025-04-20", 4),
        (records[4].variable.key, "2026-01-10", 5),
    ]
    assert records[4].variable.key == records[5].variable.key


def test_semicolons_notes_with_commas_and_bad_values(tmp_path) -> None:
    path = write(
        tmp_path / "demo.csv",
        "observation_date;tracker_name;tracker_category;observation_value\n"
        "2025-02-01;Fatigue;General;2\n"
        "2025-02-01;Fatigue ;General;7\n"
        "2025-02-01;Note;Note;walked; then rested\n"
        "2025-02-02;Headache;Brain;bad\n"
        "2025-02-02;My tracker;Custom;12.5\n",
    )
    records = read(path)
    assert records[0] == Observed(
        day=date(2025, 2, 1), variable=records[0].variable, value=2, raw="2", line=2
    )
    assert records[1] == Skipped(3, "Fatigue: 7 is outside 0–3")
    assert records[2] == Noted(day=date(2025, 2, 1), text="walked; then rested", line=4)
    assert records[3] == Skipped(5, "Headache: 'bad' is not a number")
    assert (records[4].variable.key, records[4].value) == ("visible_my_tracker", 12.5)


@pytest.mark.parametrize(
    ("content", "field", "words"),
    [
        ("date,tracker,value\n2025-01-01,x,1\n", "line 1", "not a Visible export"),
        (
            "observation_date|tracker_name|tracker_category|observation_value\n",
            "line 1",
            "not a Visible export",
        ),
        (
            "observation_date,tracker_name,tracker_category,observation_value\n"
            "2025-01-01,Fatigue,General,1\n2025-13-01,Fatigue,General,1\n",
            "line 3",
            "'2025-13-01' is not a date",
        ),
        (
            "observation_date,tracker_name,tracker_category,observation_value\n"
            "2025-01-01,Fatigue,General,1\n2025-01-02,Fati",
            "line 3",
            "cut short",
        ),
    ],
)
def test_malformed_files_name_the_line(tmp_path, content, field, words) -> None:
    path = write(tmp_path / "bad.csv", content)
    with pytest.raises(InvalidEntry) as raised:
        read(path)
    assert raised.value.field == field
    assert words in raised.value.message


@pytest.mark.parametrize("line", [2, 50, 5000, 11_633])
def test_a_byte_that_is_not_utf8_is_reported_on_its_own_line(tmp_path, line) -> None:
    lines = VISIBLE_REAL.read_bytes().splitlines(keepends=True)
    lines[line - 1] = b"2024-06-01,Note,Note,caf\xe9\r\n"  # "café" saved as Latin-1
    path = write(tmp_path / "latin1.csv", b"".join(lines))
    with pytest.raises(InvalidEntry) as raised:
        read(path)
    assert (raised.value.field, raised.value.message) == (f"line {line}", "is not UTF-8 text")


def history_days(cli) -> list[dict]:
    result = cli("history", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["days"]


def test_cli_import_of_the_real_file_twice(cli, tmp_path) -> None:
    preview = cli("import", "visible", str(VISIBLE_REAL), "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "366 days, 2024-04-24 to 2025-04-24" in preview.stdout
    assert "11616 values of 61 variables, 16 notes" in preview.stdout
    assert "Dry run: nothing was written." in preview.stdout
    assert person_data(cli.url) == {}

    first = cli("import", "visible", str(VISIBLE_REAL))
    assert first.exit_code == 0, first.output
    assert "observations: 11616 new, 0 changed, 0 already there" in first.stdout
    days = history_days(cli)
    assert len(days) == 366
    assert [day["date"] for day in days] == sorted({day["date"] for day in days})
    by_date = {day["date"]: day for day in days}
    assert by_date["2025-04-23"]["values"]["visible_fatigue"] == 1
    assert by_date["2024-10-04"]["note"] == "Vaccine"
    stored = person_data(cli.url)

    again = cli("import", "visible", str(VISIBLE_REAL))
    assert again.exit_code == 0, again.output
    assert "observations: 0 new, 0 changed, 11616 already there" in again.stdout
    assert "notes: 0 new, 0 changed, 16 already there" in again.stdout
    assert "This file was imported before" in again.stdout
    assert history_days(cli) == days
    after = person_data(cli.url)
    assert after.pop("imports") == stored.pop("imports") + 1
    # the second import records the rows it found already there, so undoing either keeps them
    assert after.pop("import_changes") == stored.pop("import_changes") + 11616 + 16
    assert after == stored


def test_a_checkin_of_the_same_day_is_kept_beside_the_import(cli, tmp_path) -> None:
    path = write(
        tmp_path / "visible.csv",
        "observation_date,tracker_name,tracker_category,observation_value\n"
        "2025-03-01,Resting HR,Measurement,61\n",
    )
    assert cli("checkin", "--date", "2025-03-01", "--value", "pain=4").exit_code == 0
    assert cli("import", "visible", str(path)).exit_code == 0
    assert history_days(cli) == [
        {
            "date": "2025-03-01",
            "values": {"pain": 4, "resting_heart_rate": 61},
            "tags": [],
            "note": None,
        }
    ]
