"""Apple Health: real sample exports, an iOS 16 export with its broken DTD, the dedup and
sleep rules, the zip around it, and the tricks an XML file can play."""

import io
import json
import subprocess
import sys
from datetime import date

import pytest

from export_files import (
    APPLE_SAMPLES,
    BENCHMARKS,
    IOS16_DOCTYPE,
    PHONE,
    WATCH,
    apple_export,
    apple_record,
    person_data,
    write,
    zipped,
)
from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import ImportOptions, Observed, Skipped
from fibrotrack.interop.apple_health import read_apple_health
from fibrotrack.interop.safe_xml import CHUNK_SIZE
from fibrotrack.services.imports import read_import

STEPS = "HKQuantityTypeIdentifierStepCount"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP = "HKCategoryValueSleepAnalysis"
FLOW = "HKCategoryTypeIdentifierMenstrualFlow"


def read(data: bytes, timezone: str = "Europe/Berlin") -> list:
    return list(read_apple_health(io.BytesIO(data), ImportOptions(timezone=timezone)))


def values(records) -> dict[tuple[str, str], Observed]:
    return {(r.variable.key, r.day.isoformat()): r for r in records if isinstance(r, Observed)}


def first_record_line(doctype: str) -> int:
    """The line of the first record in ``apple_export``: the XML declaration, the DOCTYPE,
    then HealthData, ExportDate and Me."""
    return 1 + doctype.count("\n") + 4


def a_week_of_records() -> list[str]:
    return [
        # Steps: the watch and the phone count the same walk at 10:00; at 12:00 the watch
        # is charging and only the phone counts.
        apple_record(
            STEPS, WATCH, "2026-03-09 10:00:00 +0100", "2026-03-09 10:05:00 +0100", "500", "count"
        ),
        apple_record(
            STEPS, PHONE, "2026-03-09 10:01:00 +0100", "2026-03-09 10:04:00 +0100", "450", "count"
        ),
        apple_record(
            STEPS, PHONE, "2026-03-09 12:10:00 +0100", "2026-03-09 12:20:00 +0100", "300", "count"
        ),
        # The night to 9 March: in bed per the phone (never counted), asleep per the watch
        # in the legacy value and a stage that overlaps it by 30 minutes, awake at the end,
        # and a third-party app with less sleep; then an afternoon nap.
        apple_record(
            SLEEP, PHONE, "2026-03-08 22:30:00 +0100", "2026-03-09 07:00:00 +0100", ASLEEP + "InBed"
        ),
        apple_record(
            SLEEP,
            WATCH,
            "2026-03-08 23:00:00 +0100",
            "2026-03-09 03:00:00 +0100",
            ASLEEP + "Asleep",
        ),
        apple_record(
            SLEEP,
            WATCH,
            "2026-03-09 02:30:00 +0100",
            "2026-03-09 06:00:00 +0100",
            ASLEEP + "AsleepCore",
        ),
        apple_record(
            SLEEP, WATCH, "2026-03-09 06:00:00 +0100", "2026-03-09 06:10:00 +0100", ASLEEP + "Awake"
        ),
        apple_record(
            SLEEP,
            "AutoSleep",
            "2026-03-08 23:30:00 +0100",
            "2026-03-09 05:30:00 +0100",
            ASLEEP + "AsleepUnspecified",
        ),
        apple_record(
            SLEEP,
            WATCH,
            "2026-03-09 13:00:00 +0100",
            "2026-03-09 13:30:00 +0100",
            ASLEEP + "AsleepDeep",
        ),
        # Sleep that starts at 19:00 belongs to the next day.
        apple_record(
            SLEEP,
            WATCH,
            "2026-03-09 19:00:00 +0100",
            "2026-03-09 20:00:00 +0100",
            ASLEEP + "AsleepREM",
        ),
        apple_record(
            "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
            WATCH,
            "2026-03-09 03:00:00 +0100",
            "2026-03-09 03:01:00 +0100",
            "40",
            "ms",
        ),
        apple_record(
            "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
            WATCH,
            "2026-03-09 09:00:00 +0100",
            "2026-03-09 09:01:00 +0100",
            "50",
            "ms",
        ),
        apple_record(
            "HKQuantityTypeIdentifierRestingHeartRate",
            WATCH,
            "2026-03-09 00:00:00 +0100",
            "2026-03-09 23:59:00 +0100",
            "58",
            "count/min",
        ),
        apple_record(
            "HKQuantityTypeIdentifierHeartRate",
            WATCH,
            "2026-03-09 09:00:00 +0100",
            "2026-03-09 09:00:00 +0100",
            "71",
            "count/min",
        ),
        apple_record(
            FLOW,
            PHONE,
            "2026-03-09 08:00:00 +0100",
            "2026-03-09 08:00:00 +0100",
            "HKCategoryValueMenstrualFlowMedium",
        ),
        apple_record(
            FLOW,
            PHONE,
            "2026-03-09 20:00:00 +0100",
            "2026-03-09 20:00:00 +0100",
            "HKCategoryValueMenstrualFlowLight",
        ),
        apple_record(
            FLOW,
            PHONE,
            "2026-03-10 08:00:00 +0100",
            "2026-03-10 08:00:00 +0100",
            "HKCategoryValueMenstrualFlowUnspecified",
        ),
        apple_record(
            FLOW,
            PHONE,
            "2026-03-11 08:00:00 +0100",
            "2026-03-11 08:00:00 +0100",
            "HKCategoryValueMenstrualFlowNone",
        ),
        # A stray vertical tab, raw and as a character reference.
        apple_record(
            "HKQuantityTypeIdentifierBodyMass",
            "Scale\x0b App",
            "2026-03-09 07:00:00 +0100",
            "2026-03-09 07:00:00 +0100",
            "64&#x0B;",
            "kg",
        ),
    ]


def test_an_ios16_export_with_its_broken_dtd() -> None:
    records = read(apple_export(a_week_of_records()))
    found = values(records)
    steps = found[("steps", "2026-03-09")]
    assert steps.value == 800  # 500 (watch, the larger at 10:00) + 300 (phone alone at 12:00)
    assert steps.raw == f"{WATCH}: 500; {PHONE}: 750"
    sleep = found[("sleep_hours", "2026-03-09")]
    assert sleep.value == 7.5  # 23:00–06:00 once, plus the nap; never in bed, never awake
    assert sleep.raw.startswith(WATCH + " | ")
    assert "AutoSleep: 6.00 h" in sleep.raw
    assert found[("sleep_hours", "2026-03-10")].value == 1
    assert found[("hrv_sdnn", "2026-03-09")].value == 45
    assert found[("resting_heart_rate", "2026-03-09")].value == 58
    assert found[("menstrual_flow", "2026-03-09")].value == 2
    assert ("menstrual_flow", "2026-03-10") not in found
    assert found[("period", "2026-03-10")].value == 1
    assert (
        found[("period", "2026-03-11")].value,
        found[("menstrual_flow", "2026-03-11")].value,
    ) == (
        0,
        0,
    )
    ignored = [record for record in records if isinstance(record, Skipped)]
    assert [record.reason.split(":")[0] for record in ignored] == ["BodyMass", "HeartRate"]
    assert ignored[1].line == first_record_line(IOS16_DOCTYPE) + 13  # right despite the DTD


def test_days_are_the_persons_local_days() -> None:
    records = read(
        apple_export(
            [
                apple_record(
                    STEPS,
                    WATCH,
                    "2026-03-09 03:00:00 +0100",
                    "2026-03-09 03:05:00 +0100",
                    "120",
                    "count",
                ),
            ]
        ),
        timezone="America/New_York",
    )
    assert [(r.variable.key, r.day) for r in records] == [("steps", date(2026, 3, 8))]


def test_the_real_sample_exports() -> None:
    records = read(
        (APPLE_SAMPLES / "apple-health-parser_export.zip").read_bytes(), timezone="Europe/Amsterdam"
    )
    found = values(records)
    assert list(found) == [("sleep_hours", "2024-01-01")]
    assert round(found[("sleep_hours", "2024-01-01")].value * 60, 2) == 12.5  # core, not in bed
    assert {r.reason.split(":")[0] for r in records if isinstance(r, Skipped)} == {
        "HeartRate",
        "ActiveEnergyBurned",
        "AppleExerciseTime",
        "AppleStandTime",
    }
    with pytest.raises(InvalidEntry) as raised:
        read_import(
            APPLE_SAMPLES / "healthkit-to-sqlite_export.xml",
            format="apple-health",
            options=ImportOptions(),
        )
    assert raised.value.message.startswith("holds nothing to import; BodyMassIndex")


def test_a_zip_with_foreign_names_and_mac_leftovers() -> None:
    export = apple_export(a_week_of_records())
    archive = zipped(
        {
            "apple_health_export/exportación_cda.xml": b"<ClinicalDocument/>",
            "__MACOSX/apple_health_export/._exportación.xml": b"\x00\x05\x16\x07",
            "apple_health_export/electrocardiograms/ecg_2026-03-09.csv": b"Name,Ana\n",
            "apple_health_export/exportación.xml": export,
        },
        utf8_names=False,
    )
    assert values(read(archive)) == values(read(export))
    with pytest.raises(InvalidEntry, match=r"holds no Apple Health export\.xml"):
        read(zipped({"apple_health_export/notes.txt": b"hello"}))
    with pytest.raises(InvalidEntry, match="damaged or cut short"):
        read(archive[: len(archive) // 2])


def test_the_file_is_read_in_chunks() -> None:
    record = apple_record(
        STEPS, WATCH, "2026-03-09 10:00:00 +0100", "2026-03-09 10:05:00 +0100", "1", "count"
    )
    data = apple_export([record] * 40_000)
    assert len(data) > 4 * CHUNK_SIZE

    class Watched(io.BytesIO):
        def __init__(self, data: bytes) -> None:
            super().__init__(data)
            self.sizes: list[int] = []

        def read(self, size: int | None = -1) -> bytes:
            self.sizes.append(size if size is not None else -1)
            return super().read(size)

    stream = Watched(data)
    records = list(read_apple_health(stream, ImportOptions(timezone="Europe/Berlin")))
    assert values(records)[("steps", "2026-03-09")].value == 40_000
    assert len(stream.sizes) > 4 and max(stream.sizes) <= CHUNK_SIZE and -1 not in stream.sizes


def test_generated_benchmark_file_matches_its_truth(tmp_path) -> None:
    output = tmp_path / "export.xml"
    subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "generate_apple_health.py"),
            "--size-mb",
            "3",
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
    )
    truth = json.loads((tmp_path / "export.xml.truth.json").read_text())
    with output.open("rb") as stream:
        records = list(read_apple_health(stream, ImportOptions(timezone="Etc/GMT-1")))
    found = {}
    for record in records:
        if isinstance(record, Observed):
            found.setdefault(record.variable.key, {})[record.day.isoformat()] = record.value
    for key, expected in truth.items():
        assert found.get(key, {}).keys() == expected.keys(), key
        for day, value in expected.items():
            assert found[key][day] == pytest.approx(value, abs=1e-3), (key, day)


BILLION_LAUGHS = """<!DOCTYPE HealthData [
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""
EXTERNAL = '<!DOCTYPE HealthData [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
PARAMETER = (
    '<!DOCTYPE HealthData [\n<!ENTITY % remote SYSTEM "http://example.invalid/x.dtd">\n'
    "%remote;\n]>\n"
)
QUOTED_END = '<!DOCTYPE HealthData [\n<!ENTITY trick "]>"> <!ENTITY x "y">\n]>\n'


@pytest.mark.parametrize(
    ("doctype", "source", "line", "words"),
    [
        (BILLION_LAUGHS, "&lol9;", first_record_line(BILLION_LAUGHS), "entity that is not defined"),
        (EXTERNAL, "&xxe;", first_record_line(EXTERNAL), "entity that is not defined"),
        (QUOTED_END, WATCH, 3, "is not well-formed XML"),
    ],
)
def test_entity_tricks_are_refused(doctype, source, line, words) -> None:
    data = apple_export(
        [
            apple_record(
                STEPS,
                source,
                "2026-03-09 10:00:00 +0100",
                "2026-03-09 10:05:00 +0100",
                "5",
                "count",
            )
        ],
        doctype=doctype,
    )
    with pytest.raises(InvalidEntry) as raised:
        read(data)
    assert raised.value.field.startswith(f"line {line}, column ")
    assert words in raised.value.message


def test_a_dtd_that_is_never_used_is_harmless() -> None:
    for doctype in (PARAMETER, '<!DOCTYPE HealthData SYSTEM "http://example.invalid/x.dtd">\n'):
        data = apple_export(
            [
                apple_record(
                    STEPS,
                    WATCH,
                    "2026-03-09 10:00:00 +0100",
                    "2026-03-09 10:05:00 +0100",
                    "5",
                    "count",
                )
            ],
            doctype=doctype,
        )
        assert values(read(data))[("steps", "2026-03-09")].value == 5


@pytest.mark.parametrize(
    ("cut", "field", "words"),
    [
        (lambda data: data[: len(data) - 40], "line", "cut short"),
        (
            lambda data: data.replace(b"</HealthData>", b"<!DOCTYPE x></HealthData>"),
            "line",
            "not well-formed",
        ),
        (
            lambda data: data.replace(b"2026-03-09 10:00:00 +0100", b"9 March 2026", 1),
            f"line {first_record_line(IOS16_DOCTYPE)}",
            "startDate '9 March 2026' is not a date and time",
        ),
        (lambda data: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "line", "not well-formed"),
    ],
)
def test_malformed_exports_name_the_place(cut, field, words) -> None:
    data = cut(apple_export(a_week_of_records()))
    with pytest.raises(InvalidEntry) as raised:
        read(data)
    assert raised.value.field.startswith(field)
    assert words in raised.value.message


def test_cli_import_of_a_zip_named_in_another_language(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FIBROTRACK_TIMEZONE", "Europe/Berlin")  # the new person's zone
    archive = zipped({"apple_health_export/export.xml": apple_export(a_week_of_records())})
    path = write(tmp_path / "Экспорт Здоровье.zip", archive)
    result = cli("import", "apple-health", str(path))
    assert result.exit_code == 0, result.output
    assert "observations: 10 new" in result.stdout
    days = {day["date"]: day for day in json.loads(cli("history", "--json").stdout)["days"]}
    assert days["2026-03-09"]["values"] == {
        "hrv_sdnn": 45,
        "menstrual_flow": 2,
        "period": 1,
        "resting_heart_rate": 58,
        "sleep_hours": 7.5,
        "steps": 800,
    }
    stored = person_data(cli.url)
    assert cli("import", "apple-health", str(path)).exit_code == 0
    after = person_data(cli.url)
    assert after.pop("imports") == stored.pop("imports") + 1
    # the second import records the 10 values it found already there, for undoing either
    assert after.pop("import_changes") == stored.pop("import_changes") + 10
    assert after == stored


def steps_at(*records: tuple[str, str]) -> list[str]:
    """Step counts of the phone, each ``(start, value)`` from ``start`` to the end of its hour."""
    return [
        apple_record(STEPS, PHONE, start, start[:14] + "59:00" + start[19:], value, "count")
        for start, value in records
    ]


@pytest.mark.parametrize("value", ["inf", "Infinity", "-inf", "nan"])
def test_a_value_that_is_not_a_number_is_skipped_on_its_line(cli, tmp_path, value) -> None:
    path = write(
        tmp_path / "export.xml",
        apple_export(
            steps_at(("2026-03-09 10:20:00 +0100", value), ("2026-03-09 11:00:00 +0100", "30"))
        ),
    )
    result = cli("import", "apple-health", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["skipped"] == [
        {"line": first_record_line(IOS16_DOCTYPE), "reason": f"{STEPS}: {value!r} is not a number"}
    ]
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert [(day["date"], day["values"]) for day in days] == [("2026-03-09", {"steps": 30})]


def test_values_too_large_to_add_up_do_not_stop_the_import(tmp_path) -> None:
    hrv = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
    path = write(
        tmp_path / "export.xml",
        apple_export(
            [
                *steps_at(
                    ("2026-03-09 10:20:00 +0100", "1e308"), ("2026-03-09 10:40:00 +0100", "1e308")
                ),
                *steps_at(("2026-03-10 10:20:00 +0100", "12")),
                apple_record(
                    hrv, WATCH, "2026-03-09 03:00:00 +0100", "2026-03-09 03:01:00 +0100", "1e308"
                ),
                apple_record(
                    hrv, WATCH, "2026-03-09 04:00:00 +0100", "2026-03-09 04:01:00 +0100", "1e308"
                ),
            ]
        ),
    )
    records = read(path.read_bytes())
    assert records[0] == Skipped(
        0, "steps on 2026-03-09: the day's records add up to more than a number can hold"
    )
    found = values(records)
    assert found[("steps", "2026-03-10")].value == 12
    assert found[("hrv_sdnn", "2026-03-09")].value == 1e308


def test_a_half_hour_time_zone_puts_each_minute_on_its_own_day(tmp_path) -> None:
    path = write(
        tmp_path / "export.xml",
        apple_export(
            steps_at(
                ("2026-03-09 18:20:00 +0000", "100"),  # 23:50 in Kolkata
                ("2026-03-09 18:40:00 +0000", "7"),  # 00:10 on the 10th
            )
        ),
    )
    found = values(read(path.read_bytes(), timezone="Asia/Kolkata"))
    assert (found[("steps", "2026-03-09")].value, found[("steps", "2026-03-10")].value) == (100, 7)
