"""Flaredown: the research dump (many people), a member's own export and notes (formats §1–2)."""

import json
from datetime import date

import pytest

from export_files import person_data, write
from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import ImportOptions, Noted, Observed, PersonProfile, Skipped
from fibrotrack.interop.flaredown import read_flaredown

HEADER = (
    "user_id,age,sex,country,checkin_date,trackable_id,trackable_type,trackable_name,"
    "trackable_value\n"
)
ANA = "QEVuQwEA+WkNxtp/qkHvN2YmTBBDqg=="
BEN = "QEVuQwEAWRNGnuTRqXG2996KSkTIEw=="
CY = "QEVuQwEAO+R1md5HUn8+w1Qpbg7ogw=="
DUMP = HEADER + (
    f"{ANA},0,female,CA,2017-04-28,123,Symptom,Joint stiffness,3\n"
    f"{BEN},30,male,US,2015-11-26,1069,Condition,Ulcerative colitis,0\n"
    f"{ANA},0,female,CA,2017-04-28,9363,Weather,icon,rain\n"
    f"{ANA},0,female,CA,2017-04-28,9363,Weather,temperature_min,54.0\n"
    f"{CY},,,,2015-05-26,9890,Treatment,Zofran,8.0 mg\n"
    f"{CY},,,,2015-05-26,1,Tag,tired,\n"
    f"{ANA},0,female,CA,2017-04-27,1356,Condition,Fibromyalgia,4\n"
    f"{ANA},0,female,CA,2017-04-27,55,Food,Oatmeal,\n"
    f"{ANA},0,female,CA,2017-04-27,98,Symptom,Headache,9\n"
    f"{ANA},0,female,CA,2017-04-27,7,HBI,Stool count,2\n"
)
WIDE = (
    "Date,Fibromyalgia,Fatigue,Pregabalin,Ibuprofen,Tags,Foods,Weather summary,"
    "Weather max temperature,Weather min temperature,Weather pressure,"
    "Weather precipitation intensity,Weather humidity\n"
    '2021-05-01,3,2,Taken,"2 x 25.0 mg",tired; stressed,Coffee,rain,61.2,50.1,1012.5,0.01,0.82\n'
    "2021-05-02,2,,Not Taken,,,,clear-day,65,52,1015,0,0.6\n"
)


def read(path, **options):
    with open(path, "rb") as stream:
        return list(read_flaredown(stream, ImportOptions(**options)))


def test_a_dump_of_several_people_needs_a_choice(tmp_path) -> None:
    with pytest.raises(InvalidEntry) as raised:
        read(write(tmp_path / "dump.csv", DUMP))
    assert raised.value.field == "user"
    assert "holds 3 people" in raised.value.message
    assert "--each-user" in raised.value.message


def test_one_person_of_the_dump(tmp_path) -> None:
    records = read(write(tmp_path / "dump.csv", DUMP), user=ANA)
    found = {(r.variable.key, r.day.isoformat()): r for r in records if isinstance(r, Observed)}
    assert found[("flaredown_joint_stiffness", "2017-04-28")].value == 3
    assert found[("flaredown_fibromyalgia", "2017-04-27")].variable.maximum == 4
    assert found[("weather_rain", "2017-04-28")].value == 1
    temperature = found[("weather_temperature_min", "2017-04-28")]
    assert (temperature.value, temperature.variable.unit) == (54.0, "°F")
    assert found[("oatmeal", "2017-04-27")].variable.category.value == "food"
    assert found[("flaredown_hbi_stool_count", "2017-04-27")].value == 2
    assert Skipped(10, "Headache: 9 is outside 0–4") in records
    assert all(record.person is None for record in records if isinstance(record, Observed))
    with pytest.raises(InvalidEntry, match="no rows of user"):
        read(write(tmp_path / "dump.csv", DUMP), user="nobody")


def test_each_person_of_the_dump(tmp_path) -> None:
    records = read(write(tmp_path / "dump.csv", DUMP), each_user=True)
    assert [r.key for r in records if isinstance(r, PersonProfile)] == [ANA, BEN, CY]
    zofran = next(
        r
        for r in records
        if isinstance(r, Observed)
        and r.person == CY
        and r.variable.key == "flaredown_treatment_zofran"
    )
    assert (zofran.value, zofran.raw, zofran.day) == (1, "8.0 mg", date(2015, 5, 26))


def test_member_export_and_notes(tmp_path) -> None:
    records = read(write(tmp_path / "export.csv", WIDE))
    found = {(r.variable.key, r.day.isoformat()): r for r in records if isinstance(r, Observed)}
    assert found[("flaredown_fibromyalgia", "2021-05-01")].value == 3
    assert found[("flaredown_fatigue", "2021-05-01")].value == 2
    assert ("flaredown_fatigue", "2021-05-02") not in found  # a blank cell stays missing
    assert found[("flaredown_treatment_pregabalin", "2021-05-01")].value == 1
    assert found[("flaredown_treatment_pregabalin", "2021-05-02")].value == 0
    ibuprofen = found[("flaredown_treatment_ibuprofen", "2021-05-01")]
    assert (ibuprofen.value, ibuprofen.raw) == (1, "2 x 25.0 mg")
    assert found[("tired", "2021-05-01")].value == found[("stressed", "2021-05-01")].value == 1
    assert found[("coffee", "2021-05-01")].variable.category.value == "food"
    assert found[("weather_clear_day", "2021-05-02")].value == 1
    assert found[("weather_pressure", "2021-05-01")].value == 1012.5
    assert found[("weather_humidity", "2021-05-02")].value == 0.6
    notes = read(write(tmp_path / "notes.csv", 'date,note\n2021-05-01,"Flare, bad night"\n'))
    assert notes == [Noted(day=date(2021, 5, 1), text="Flare, bad night", line=2)]


def test_cli_each_user_creates_people_once(cli, tmp_path) -> None:
    path = write(tmp_path / "dump.csv", DUMP)
    refused = cli("import", "flaredown", str(path))
    assert refused.exit_code == 2
    assert "Error: user: this research dump holds 3 people" in refused.stderr
    assert person_data(cli.url) == {}

    first = cli("import", "flaredown", str(path), "--each-user", "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["people_created"] == 3
    stored = person_data(cli.url)
    assert stored["people"] == 3 and stored["imported_people"] == 3

    again = cli("import", "flaredown", str(path), "--each-user", "--json")
    report = json.loads(again.stdout)
    assert report["people_created"] == 0
    assert report["written"]["observations"]["new"] == 0
    assert person_data(cli.url) == stored  # the import itself is logged without a person

    ana = cli("--person", "1", "history", "--json")
    assert [day["date"] for day in json.loads(ana.stdout)["days"]] == ["2017-04-27", "2017-04-28"]


def test_cli_one_user_into_a_person(cli, tmp_path) -> None:
    path = write(tmp_path / "dump.csv", DUMP)
    result = cli("import", "flaredown", str(path), "--user", CY)
    assert result.exit_code == 0, result.output
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert days == [
        {
            "date": "2015-05-26",
            "values": {"flaredown_treatment_zofran": 1},
            "tags": ["tired"],
            "note": None,
        }
    ]
