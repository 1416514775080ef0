"""The instrument and status documentation cannot drift from the code: every instrument, band,
code, status label and rule threshold is documented."""

import dataclasses
from pathlib import Path

import pytest

from fibrotrack.instruments import get, instrument_ids
from fibrotrack.status import LABELS, StatusRules

DOCS = Path(__file__).resolve().parents[1] / "docs"
INSTRUMENTS_DOC = (DOCS / "instruments.md").read_text(encoding="utf-8")
STATUS_DOC = (DOCS / "status.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_every_instrument_is_documented_with_its_bands_and_codes(instrument_id: str) -> None:
    instrument = get(instrument_id)
    assert f"`{instrument_id}`" in INSTRUMENTS_DOC
    for band in instrument.bands:
        assert f"`{band.id}`" in INSTRUMENTS_DOC
    codes = [instrument.total_code, *instrument.codes, *(item.code for item in instrument.items)]
    for code in codes:
        if code is not None:
            assert code.code in INSTRUMENTS_DOC, code
    for item in instrument.items:
        assert f"`{item.id}`" in INSTRUMENTS_DOC


def test_the_licence_status_of_each_instrument_is_stated() -> None:
    assert "**Licence: unverified.**" in INSTRUMENTS_DOC
    assert "commercial users must\nobtain permission" in INSTRUMENTS_DOC
    assert "No permission required" in INSTRUMENTS_DOC
    assert "public domain" in INSTRUMENTS_DOC


def test_every_status_label_and_rule_threshold_is_documented() -> None:
    for label, words in LABELS.items():
        assert f"| `{label}` | {words} |" in STATUS_DOC
    for field in dataclasses.fields(StatusRules):
        assert f"`{field.name}` = {field.default:g}" in STATUS_DOC, field.name


def test_the_readme_points_to_both_pages() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert "(docs/instruments.md)" in readme and "(docs/status.md)" in readme
