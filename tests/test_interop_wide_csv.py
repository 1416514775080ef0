"""A generic spreadsheet: a date column and one column per variable, with the mapping step."""

import io
import json
from datetime import date

import pytest

from export_files import write
from fibrotrack.diary import InvalidEntry, VariableDefinition, VariableKind
from fibrotrack.interop import ImportOptions, Noted, Observed, Skipped
from fibrotrack.interop.wide_csv import column_mapping, read_wide_csv

SHEET = (
    "Date;Pain;Sleep quality;HRV;Mood swings;Notes;Weather\n"
    "2025-06-01;6;4;48,5;3;long walk;sunny\n"
    "2025-06-02;;5;51;x;;rain\n"
    "2025-06-03;11;;;;;\n"
)


def read(text: str, **options) -> list:
    return list(read_wide_csv(io.BytesIO(text.encode()), ImportOptions(**options)))


def test_columns_map_to_core_and_new_variables() -> None:
    records = read(SHEET, mapping={"Weather": "-"})
    observed = [
        (r.variable.key, r.day.isoformat(), r.value) for r in records if isinstance(r, Observed)
    ]
    assert observed == [
        ("pain", "2025-06-01", 6),
        ("sleep_quality", "2025-06-01", 4),
        ("hrv", "2025-06-01", 48.5),
        ("mood_swings", "2025-06-01", 3),
        ("sleep_quality", "2025-06-02", 5),
        ("hrv", "2025-06-02", 51),
    ]
    assert Noted(day=date(2025, 6, 1), text="long walk", line=2) in records
    assert Skipped(3, "Mood swings: 'x' is not a number") in records
    assert Skipped(4, "Pain: 11 is outside 0–10") in records


def test_mapping_to_the_persons_own_variable() -> None:
    own = VariableDefinition(
        key="flare", label="Flare", kind=VariableKind.SCALE, pillar=None, minimum=0, maximum=1
    )
    mapping = column_mapping(
        ["date", "Mood swings", "HRV", "Notes"],
        ImportOptions(
            mapping={"Mood swings": "flare", "HRV": "Resting HR", "Notes": "-"},
            known={"flare": own},
        ),
    )
    assert mapping["Mood swings"] is own
    assert mapping["HRV"].key == "resting_hr"
    assert mapping["Notes"] is None
    with pytest.raises(InvalidEntry, match="no column named 'Pian'"):
        column_mapping(["date", "Pain"], ImportOptions(mapping={"Pian": "pain"}))


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("when,pain\n2025-01-01,3\n", "line 1", "needs a 'date' column"),
        ("date,pain,pain\n2025-01-01,3,4\n", "line 1", "appears twice"),
        ("date,pain\n01/02/2025,3\n", "line 2", "is not a date"),
        ("date,pain\n2025-01-01\n", "line 2", "has 1 field where 2 are expected"),
        ('date,pain\n2025-01-01,"3\n', "line 2", "cut short"),
        ("date,pain\n2025-01-01,3\x00\n", "line 2", "NUL"),
        ("", "file", "is empty"),
    ],
)
def test_malformed(text, field, words) -> None:
    with pytest.raises(InvalidEntry) as raised:
        read(text)
    assert (raised.value.field, words in raised.value.message) == (field, True)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"date,pain\n2025-01-01,3\n2025-01-02,caf\xe9\n", "line 3"),
        (b'date,note\r2025-01-01,"two\rlines"\r2025-01-02,"one\rcaf\xe9"\r', "line 5"),
        (b"caf\xe9,pain\n2025-01-01,3\n", "line 1"),
    ],
)
def test_a_byte_that_is_not_utf8_names_its_line(tmp_path, data, field) -> None:
    path = write(tmp_path / "sheet.csv", data)
    with path.open("rb") as stream, pytest.raises(InvalidEntry) as raised:
        list(read_wide_csv(stream, ImportOptions()))
    assert raised.value.field == field
    assert "is not UTF-8 text" in raised.value.message


def test_cli_mapping(cli, tmp_path) -> None:
    path = write(tmp_path / "sheet.csv", SHEET)
    result = cli(
        "import", "csv", str(path), "--map", "Weather=-", "--map", "HRV=hrv_rmssd", "--json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [variable["key"] for variable in report["variables"]] == [
        "hrv_rmssd",
        "mood_swings",
        "pain",
        "sleep_quality",
    ]
    assert [skipped["line"] for skipped in report["skipped"]] == [3, 4]
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert days[0] == {
        "date": "2025-06-01",
        "values": {"hrv_rmssd": 48.5, "mood_swings": 3, "pain": 6, "sleep_quality": 4},
        "tags": [],
        "note": "long walk",
    }
    bad = cli("import", "csv", str(path), "--map", "Weather")
    assert bad.exit_code == 2
    assert "Error: map:" in bad.stderr
