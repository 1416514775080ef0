"""Every importer against malformed input: a clear error naming the line, element or file,
and nothing written. Property-based: mangled versions of valid files never crash an importer
with anything but that error."""

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export_files import apple_export, apple_record, fitbit_takeout, person_data, write
from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import ImportOptions, importer
from fibrotrack.services.imports import read_import, write_import
from fibrotrack.services.people import create_person
from fibrotrack.storage import open_database
from test_interop_bearable import GENERATION_A
from test_interop_flaredown import DUMP, WIDE
from test_interop_wide_csv import SHEET

VISIBLE = (
    "observation_date,tracker_name,tracker_category,observation_value \r\n"
    "2025-04-23,Fatigue,General,1 \r\n"
    "2025-04-23,HR Variability,Measurement,58 \r\n"
    "2025-04-23,Note,Note,Walked 400m \r\n"
)
APPLE = apple_export(
    [
        apple_record(
            "HKQuantityTypeIdentifierStepCount",
            "Watch",
            "2026-03-09 10:00:00 +0100",
            "2026-03-09 10:05:00 +0100",
            "500",
            "count",
        ),
        apple_record(
            "HKCategoryTypeIdentifierSleepAnalysis",
            "Watch",
            "2026-03-08 23:00:00 +0100",
            "2026-03-09 06:00:00 +0100",
            "HKCategoryValueSleepAnalysisAsleepCore",
        ),
    ]
)
FITBIT = fitbit_takeout(
    {
        "steps-2026-01-10.json": [{"dateTime": "01/10/26 14:50:00", "value": "100"}],
        "sleep-2026-01-10.json": [{"logId": 1, "dateOfSleep": "2026-01-10", "minutesAsleep": 400}],
    }
)
FIBROTRACK = json.dumps(
    {
        "format": "fibrotrack",
        "version": 1,
        "person": {"name": "A", "timezone": "UTC", "created_at": None},
        "from": None,
        "to": None,
        "tables": {
            "observations": [
                {
                    "day": "2025-01-01",
                    "source": "checkin",
                    "value": 4,
                    "raw_value": None,
                    "variable": "pain",
                }
            ],
            "notes": [
                {
                    "day": "2025-01-01",
                    "kind": "day",
                    "source": "checkin",
                    "text": "ok",
                    "in_story": False,
                }
            ],
        },
    }
).encode()
VALID = {
    "visible": VISIBLE.encode(),
    "bearable": GENERATION_A.encode(),
    "flaredown": DUMP.encode(),
    "flaredown-wide": WIDE.encode(),
    "apple-health": APPLE,
    "fitbit": FITBIT,
    "csv": SHEET.encode(),
    "json": FIBROTRACK,
}
OPTIONS = {"flaredown": ImportOptions(each_user=True)}


def format_of(name: str) -> str:
    return name.removesuffix("-wide")


def read_bytes(tmp_path, name: str, data: bytes):
    path = write(tmp_path / f"{name}.upload", data)
    return read_import(path, format=format_of(name), options=OPTIONS.get(name, ImportOptions()))


@pytest.mark.parametrize("name", VALID)
def test_the_valid_samples_read(tmp_path, name) -> None:
    plan = read_bytes(tmp_path, name, VALID[name])
    assert plan.summary.day_count > 0


BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
DELIMITED = {"visible", "bearable", "flaredown", "flaredown-wide", "csv"}
FIRST_DATE = {
    "visible": (b"2025-04-23", b"2025-04-31"),
    "bearable": (b"22nd Sep 2020", b"31st Sep 2020"),
    "flaredown": (b"2017-04-28", b"2017-02-30"),
    "flaredown-wide": (b"2021-05-01", b"2021-05-32"),
    "apple-health": (b"2026-03-09 10:00:00", b"2026-03-32 10:00:00"),
    "fitbit": (b"01/10/26", b"13/10/26"),
    "csv": (b"2025-06-01", b"2025-06-31"),
    "json": (b"2025-01-01", b"2025-01-32"),
}


def truncated(data: bytes) -> bytes:
    """Cut before the last delimiter, so the last row of a table loses a field."""
    return data[: max(data.rfind(b","), data.rfind(b";"))]


def bad_date(name: str, data: bytes) -> bytes:
    good, bad = FIRST_DATE[name]
    if name == "fitbit":
        return fitbit_takeout(
            {"steps-2026-01-10.json": [{"dateTime": "13/10/26 14:50:00", "value": "100"}]}
        )
    assert good in data
    return data.replace(good, bad, 1)


def huge_field(name: str, data: bytes) -> bytes:
    huge = b"x" * 200_000
    if name in DELIMITED:
        return data.replace(b"\n", b"\n" + huge + b"\n", 1)
    if name == "apple-health":
        return data.replace(b"<Me ", b'<Me a="' + huge + b'" ', 1).replace(
            b"</HealthData>", b"<x>" * 10_000 + b"</HealthData>"
        )
    if name == "fitbit":
        return fitbit_takeout({"steps-2026-01-10.json": [[[[]]]] * 1 + ["x" * 200_000]})
    return data.replace(b'"text": "ok"', b'"text": "' + huge + b'"', 1).replace(
        b'"kind": "day"', b'"kind": "' + huge[:30] + b'"', 1
    )


CASES = {
    "empty": lambda name, data: b"",
    "binary": lambda name, data: BINARY,
    "truncated": lambda name, data: truncated(data),
    "wrong-delimiter": lambda name, data: data.replace(b",", b"|").replace(b";", b"|"),
    "bad-date": bad_date,
    "huge-field": huge_field,
}


def import_bytes(tmp_path, name: str, data: bytes) -> None:
    """Read and write ``data`` in one transaction on a new SQLite database, as the CLI does;
    on ``InvalidEntry`` check that nothing of any person was written."""
    url = f"sqlite:///{tmp_path / 'robust.sqlite'}"
    database = open_database(url)
    database.upgrade()
    try:
        with database.session() as session:
            person = create_person(session, name=None, timezone="UTC")
            plan = read_bytes(tmp_path, name, data)
            write_import(session, plan=plan, person=person)
    except InvalidEntry:
        assert person_data(url) == {}
        raise
    finally:
        database.dispose()


@pytest.mark.parametrize(
    ("name", "case"),
    [
        (name, case)
        for case in CASES
        for name in VALID
        if case != "wrong-delimiter" or name in DELIMITED
    ],
)
def test_malformed_input_is_refused_with_a_place(tmp_path, name, case) -> None:
    data = CASES[case](name, VALID[name])
    with pytest.raises(InvalidEntry) as raised:
        import_bytes(tmp_path, name, data)
    field = raised.value.field
    assert field.startswith(("line ", "file", "tables.", "steps-", "sleep-")), field
    assert raised.value.message


def test_a_failed_import_writes_nothing(cli, tmp_path) -> None:
    path = write(tmp_path / "visible.csv", VISIBLE + "2025-04-24,Fatigue,General\r\n")
    result = cli("import", "visible", str(path))
    assert result.exit_code == 2
    assert "Error: line 5: has 3 fields where 4 are expected" in result.stderr
    assert person_data(cli.url) == {}


def test_an_interrupted_import_leaves_nothing(database, tmp_path) -> None:
    rows = "".join(f"2025-01-{day:02d},Fatigue,General,1\n" for day in range(1, 29)) * 200
    path = write(
        tmp_path / "v.csv",
        "observation_date,tracker_name,tracker_category,observation_value\n" + rows,
    )
    plan = read_import(path, format="visible", options=ImportOptions())

    def interrupt(progress) -> None:
        if progress.phase == "writing" and progress.records_done >= 2000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), database.session() as session:
        person = create_person(session, name=None, timezone="UTC")
        write_import(session, plan=plan, person=person, listener=interrupt)
    assert person_data(str(database.engine.url.render_as_string(hide_password=False))) == {}


mangled = st.tuples(
    st.sampled_from(sorted(VALID)),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=8)), max_size=6),
    st.one_of(st.none(), st.integers(min_value=0)),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mangled)
def test_mangled_files_never_crash_an_importer(tmp_path, case) -> None:
    name, edits, cut = case
    data = bytearray(VALID[name])
    for position, replacement in edits:
        at = position % (len(data) + 1)
        data[at : at + len(replacement)] = replacement
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    try:
        read_bytes(tmp_path, name, bytes(data))
    except InvalidEntry as problem:
        assert problem.field and problem.message


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=4)),
        min_size=1,
        max_size=4,
    )
)
def test_mangled_visible_files_write_all_or_nothing(tmp_path, edits) -> None:
    data = bytearray(VALID["visible"])
    for position, replacement in edits:
        at = position % (len(data) + 1)
        data[at : at + len(replacement)] = replacement
    url = f"sqlite:///{tmp_path / 'fuzz.sqlite'}"
    database = open_database(url)
    database.upgrade()
    before = person_data(url)
    try:
        with database.session() as session:
            plan = read_bytes(tmp_path, "visible", bytes(data))
            person = create_person(session, name=None, timezone="UTC")
            result = write_import(session, plan=plan, person=person)
        assert sum(counts.new for counts in result.written.values()) > 0
    except InvalidEntry:
        assert person_data(url) == before
    finally:
        database.dispose()


def test_every_importer_reads_from_any_binary_file_object() -> None:
    for name, data in VALID.items():
        records = list(
            importer(format_of(name)).read(io.BytesIO(data), OPTIONS.get(name, ImportOptions()))
        )
        assert records
