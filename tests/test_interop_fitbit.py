"""Fitbit from Google Takeout: per-minute steps in UTC moved to the person's days, sleep logs
added up per night and counted once."""

import csv
import io
import json
from datetime import date

import pytest

from export_files import fitbit_takeout, write
from fibrotrack.diary import InvalidEntry, part_source
from fibrotrack.interop import ImportOptions, Observed, Skipped
from fibrotrack.interop.fitbit import read_fitbit

STEPS = [
    {"dateTime": "01/10/26 14:50:00", "value": "100"},
    {"dateTime": "01/10/26 14:51:00", "value": "40"},
    {"dateTime": "01/10/26 23:30:00", "value": "7"},  # 00:30 on the 11th in Berlin
    {"dateTime": "01/11/26 08:00:00", "value": "x"},
]
SLEEP = [
    {
        "logId": 3,
        "dateOfSleep": "2026-01-11",
        "startTime": "2026-01-10T23:10:00.000",
        "minutesAsleep": 401,
        "mainSleep": True,
    },
    {
        "logId": 4,
        "dateOfSleep": "2026-01-11",
        "startTime": "2026-01-11T14:00:00.000",
        "minutesAsleep": 40,
        "mainSleep": False,
    },
]
OLDER_SLEEP = [  # the next file repeats log 3
    {"logId": 3, "dateOfSleep": "2026-01-11", "minutesAsleep": 401, "mainSleep": True},
    {"logId": 1, "dateOfSleep": "2026-01-09", "minutesAsleep": 377, "mainSleep": True},
]


def read(data: bytes, timezone: str = "Europe/Berlin") -> list:
    return list(read_fitbit(io.BytesIO(data), ImportOptions(timezone=timezone)))


def found(records) -> dict[tuple[str, str], Observed]:
    return {(r.variable.key, r.day.isoformat()): r for r in records if isinstance(r, Observed)}


def test_takeout_zip() -> None:
    records = read(
        fitbit_takeout(
            {
                "steps-2026-01-10.json": STEPS,
                "sleep-2026-01-10.json": SLEEP,
                "sleep-2025-12-11.json": OLDER_SLEEP,
                "heart_rate-2026-01-10.json": [{"dateTime": "01/10/26 14:50:00"}],
            }
        )
    )
    values = found(records)
    assert values[("steps", "2026-01-10")].value == 140
    assert values[("steps", "2026-01-11")].value == 7
    sleep = values[("sleep_hours", "2026-01-11")]
    assert sleep.value == pytest.approx(441 / 60, abs=1e-4)
    assert sleep.raw == "log 3: 401 min; log 4: 40 min"
    assert values[("sleep_hours", "2026-01-09")].value == pytest.approx(377 / 60, abs=1e-4)
    assert Skipped(4, "steps-2026-01-10.json entry 4: steps 'x' is not a number") in records


def test_the_same_minutes_in_another_time_zone() -> None:
    values = found(read(fitbit_takeout({"steps-2026-01-10.json": STEPS[:3]}), "America/Denver"))
    assert values[("steps", "2026-01-10")].value == 147  # 16:30 in Denver, same day


def test_a_single_json_file(tmp_path) -> None:
    values = found(read(json.dumps(SLEEP).encode()))
    assert list(values) == [("sleep_hours", "2026-01-11")]


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (
            b'[{"dateTime": "01/10/26 14:50:00", "value": "1"',
            "file line 1, column 48",
            "is not JSON",
        ),
        (b'{"steps": 1}', "file", "holds no list of entries"),
        (
            json.dumps([{"dateTime": "2026-01-10T14:50", "value": "1"}]).encode(),
            "file entry 1",
            "is not MM/DD/YY HH:MM:SS",
        ),
        (
            json.dumps([{"dateTime": "02/30/26 14:50:00", "value": "1"}]).encode(),
            "file entry 1",
            "is not a real time",
        ),
        (
            json.dumps([{"dateOfSleep": "yesterday", "minutesAsleep": 1}]).encode(),
            "file entry 1",
            "is not a date",
        ),
        (json.dumps([{"heart": 1}]).encode(), "file", "neither a Fitbit steps file"),
        (b"\xff\xfe\x00garbage", "file", "is not UTF-8 text"),
    ],
)
def test_malformed_files(data, field, words) -> None:
    with pytest.raises(InvalidEntry) as raised:
        read(data)
    assert (raised.value.field, words in raised.value.message) == (field, True)


def test_a_zip_without_fitbit_files() -> None:
    with pytest.raises(InvalidEntry, match="no Fitbit steps"):
        read(fitbit_takeout({"calories-2026-01-10.json": []}))


def test_cli_uses_the_persons_time_zone(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FIBROTRACK_TIMEZONE", "Europe/Berlin")
    path = write(tmp_path / "takeout.zip", fitbit_takeout({"steps-2026-01-10.json": STEPS}))
    assert cli("import", "fitbit", str(path)).exit_code == 0
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert [(day["date"], day["values"]) for day in days] == [
        ("2026-01-10", {"steps": 140}),
        ("2026-01-11", {"steps": 7}),
    ]


@pytest.mark.parametrize("value", ['"inf"', '"Infinity"', "Infinity", '"nan"', "NaN"])
def test_steps_that_are_not_a_number_are_skipped(cli, tmp_path, value) -> None:
    path = write(
        tmp_path / "steps-2026-01-10.json",
        f'[{{"dateTime": "01/10/26 14:50:00", "value": {value}}},'
        ' {"dateTime": "01/10/26 14:51:00", "value": "40"}]',
    )
    result = cli("import", "fitbit", str(path), "--json")
    assert result.exit_code == 0, result.output
    [skipped] = json.loads(result.stdout)["skipped"]
    assert skipped["line"] == 1
    assert skipped["reason"].startswith("file entry 1: ")
    assert skipped["reason"].endswith(" steps is not a count")
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert [(day["date"], day["values"]) for day in days] == [("2026-01-10", {"steps": 40})]


def test_steps_and_sleep_too_large_to_be_real_are_skipped(tmp_path) -> None:
    steps = write(
        tmp_path / "steps-2026-01-10.json",
        '[{"dateTime": "01/10/26 14:50:00", "value": "1e308"},'
        ' {"dateTime": "01/10/26 14:51:00", "value": "1e308"}]',
    )
    sleep = write(
        tmp_path / "sleep-2026-01-10.json",
        '[{"logId": 1, "dateOfSleep": "2026-01-11", "minutesAsleep": NaN},'
        ' {"logId": 2, "dateOfSleep": "2026-01-12", "minutesAsleep": Infinity}]',
    )
    assert read(steps.read_bytes(), "UTC") == [
        Skipped(0, "steps on 2026-01-10: its minutes add up to more than a number can hold")
    ]
    assert read(sleep.read_bytes(), "UTC") == [
        Skipped(1, "file entry 1: minutesAsleep 'nan' is not a number"),
        Skipped(2, "file entry 2: minutesAsleep 'inf' is not a number"),
    ]


# 8 February in New York is 05:00 UTC on the 8th to 05:00 UTC on the 9th: two month files.
MONTH_FILES = {
    "steps-2026-01-10.json": [
        {"dateTime": "02/08/26 15:00:00", "value": "5000"},
        {"dateTime": "02/08/26 23:59:00", "value": "10"},
    ],
    "steps-2026-02-09.json": [
        {"dateTime": "02/09/26 01:00:00", "value": "300"},  # 20:00 on 8 February
        {"dateTime": "02/09/26 15:00:00", "value": "4000"},
    ],
}


def test_a_day_cut_by_a_file_never_overwrites_the_whole_days_count() -> None:
    first = read(json.dumps(MONTH_FILES["steps-2026-01-10.json"]).encode(), "America/New_York")
    assert [(r.day.isoformat(), r.value, r.source) for r in first] == [
        ("2026-02-08", 5010, "fitbit (UTC 2026-02-08 only)")
    ]
    both = read(fitbit_takeout(MONTH_FILES), "America/New_York")
    assert [(r.day.isoformat(), r.value, r.source) for r in both] == [
        ("2026-02-08", 5310, None),  # the importer's own source, fitbit
        (
            "2026-02-09",
            4000,
            part_source("fitbit", date(2026, 2, 9)),
        ),  # its evening is in March's file
    ]
    in_utc = read(json.dumps(MONTH_FILES["steps-2026-02-09.json"]).encode(), "UTC")
    assert [(r.day.isoformat(), r.value, r.source) for r in in_utc] == [("2026-02-09", 4300, None)]


def test_month_files_imported_one_at_a_time_lose_no_steps(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FIBROTRACK_TIMEZONE", "America/New_York")
    for name, entries in MONTH_FILES.items():
        result = cli("import", "fitbit", str(write(tmp_path / name, json.dumps(entries))))
        assert result.exit_code == 0, result.output
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert [(day["date"], day["values"]) for day in days] == [
        ("2026-02-08", {"steps": 5310}),  # its two parts, one from each file, added up
        ("2026-02-09", {"steps": 4000}),
    ]
    wide = tmp_path / "wide.csv"
    assert cli("export", "csv", "-o", str(wide)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(wide.read_text(encoding="utf-8"))))
    assert [(row["date"], row["steps"]) for row in rows] == [
        ("2026-02-08", "5310"),
        ("2026-02-09", "4000"),
    ]
    values = tmp_path / "values.csv"
    assert cli("export", "csv", "--layout", "long", "-o", str(values)).exit_code == 0
    rows = csv.reader(io.StringIO(values.read_text(encoding="utf-8")))
    assert [(row[0], row[3], row[5]) for row in rows][1:] == [
        ("2026-02-08", "5010", "fitbit (UTC 2026-02-08 only)"),
        ("2026-02-08", "300", "fitbit (UTC 2026-02-09 only)"),
        ("2026-02-09", "4000", "fitbit (UTC 2026-02-09 only)"),
    ]
    takeout = write(tmp_path / "takeout.zip", fitbit_takeout(MONTH_FILES))
    assert cli("import", "fitbit", str(takeout)).exit_code == 0
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert days[0]["values"] == {"steps": 5310}
