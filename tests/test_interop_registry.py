"""One registry for every format: a new format is one module that registers itself."""

import json
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

import pytest

import fibrotrack.interop as interop
from export_files import write
from fibrotrack.diary import VariableKind
from fibrotrack.interop import (
    Exporter,
    Importer,
    ImportOptions,
    Observed,
    Record,
    Snapshot,
    exporters,
    importers,
    register_exporter,
    register_importer,
    registry,
)
from fibrotrack.interop.variables import tracker

PAIN_DIARY = tracker("Paper", "Pain", kind=VariableKind.SCALE, pillar=None, minimum=0, maximum=5)


def read_paper_diary(stream: BinaryIO, options: ImportOptions) -> Iterator[Record]:
    """A made-up format: one 'YYYY-MM-DD value' per line."""
    for line in stream.read().decode().splitlines():
        day, value = line.split()
        yield Observed(day=date.fromisoformat(day), variable=PAIN_DIARY, value=float(value))


def write_days(snapshot: Snapshot, out: BinaryIO) -> None:
    out.write("\n".join(sorted({row["day"] for row in snapshot.rows("observations")})).encode())


@pytest.fixture
def own_registry(monkeypatch) -> None:
    monkeypatch.setattr(registry, "_importers", dict(registry._importers))
    monkeypatch.setattr(registry, "_exporters", dict(registry._exporters))


def test_a_new_format_is_one_registration(cli, tmp_path, own_registry) -> None:
    register_importer(
        Importer(
            name="paper",
            label="Paper diary",
            source="paper",
            read=read_paper_diary,
            summary="Lines of date and pain.",
        )
    )
    register_exporter(
        Exporter(
            name="days",
            label="Days",
            suffix=".txt",
            media_type="text/plain",
            write=write_days,
            summary="Days.",
        )
    )
    path = write(tmp_path / "diary.txt", "2025-02-01 3\n2025-02-02 4\n")
    result = cli("import", "paper", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["written"]["observations"]["new"] == 2
    assert cli("export", "days", "-o", str(tmp_path / "days.txt")).exit_code == 0
    assert (tmp_path / "days.txt").read_text() == "2025-02-01\n2025-02-02"


def test_names_are_unique(own_registry) -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_importer(
            Importer(name="visible", label="x", source="x", read=read_paper_diary, summary="")
        )


def test_the_built_in_formats_and_the_public_names() -> None:
    assert set(importers()) == {
        "visible",
        "bearable",
        "flaredown",
        "apple-health",
        "fitbit",
        "csv",
        "json",
    }
    assert set(exporters()) == {"json", "csv", "csv-long", "fhir"}
    assert sorted(interop.__all__) == sorted(
        name
        for name in vars(interop)
        if not name.startswith("_")
        and name
        not in {
            "apple_health",
            "bearable",
            "csv_export",
            "fhir",
            "fibrotrack_json",
            "fitbit",
            "flaredown",
            "visible",
            "wide_csv",
            "records",
            "registry",
            "snapshot",
            "summary",
            "variables",
            "delimited",
            "safe_xml",
            "fhir_codes",
            "fhir_checks",
            "zips",
            "day_changes",
            "detect",
            "undo",
        }
    )


def test_an_unknown_format_lists_the_known_ones(cli, tmp_path) -> None:
    result = cli("import", "daylio", str(write(tmp_path / "x.csv", "a")))
    assert result.exit_code == 2
    assert "unknown import format 'daylio'" in result.stderr
    assert "apple-health" in result.stderr
