"""Fitbit from Google Takeout: per-minute steps in UTC moved to the person's days, sleep logs
added up per night and counted once."""

import io
import json

import pytest

from export_files import fitbit_takeout, write
from fibrotrack.diary import InvalidEntry
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
