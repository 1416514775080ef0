"""Recognising what kind of export a file is, for "Recognise it for me" on the Data page."""

import io
import json

import pytest

from export_files import VISIBLE_REAL, apple_export, apple_record, fitbit_takeout, zipped
from fibrotrack.interop.detect import detect_format
from test_interop_bearable import GENERATION_A, GENERATION_B
from test_interop_robustness import VISIBLE


def detect(content: bytes) -> str | None:
    stream = io.BytesIO(content)
    stream.seek(0)
    found = detect_format(stream)
    assert stream.tell() == 0  # left where it was, for the import to read
    return found


@pytest.mark.parametrize(
    ("content", "format"),
    [
        (VISIBLE_REAL.read_bytes(), "visible"),
        (VISIBLE.replace(",", ";").encode(), "visible"),
        (GENERATION_A.encode(), "bearable"),
        (("\ufeff" + GENERATION_B).encode(), "bearable"),
        (
            b"user_id,age,sex,country,checkin_date,trackable_id,trackable_type,"
            b"trackable_name,trackable_value\n",
            "flaredown",
        ),
        (b"date,note\n2026-01-01,tired\n", "flaredown"),
        (b"Date,Fibromyalgia,Fatigue,Tags,Foods\n", "flaredown"),
        (b"date,pain,HRV\n2026-01-01,4,40\n", "csv"),
        (b'{"format": "fibrotrack", "version": 1}', "json"),
        (b'[{"dateTime": "01/10/26 14:50:00", "value": "100"}]', "fitbit"),
    ],
)
def test_known_exports_are_recognised(content: bytes, format: str) -> None:
    assert detect(content) == format


def test_zips_are_recognised_by_their_files() -> None:
    apple = apple_export(
        [
            apple_record(
                "StepCount", "Phone", "2026-01-01 10:00:00 +0000", "2026-01-01 10:05:00 +0000", "10"
            )
        ]
    )
    assert detect(apple) == "apple-health"
    assert detect(zipped({"apple_health_export/export.xml": apple})) == "apple-health"
    takeout = fitbit_takeout({"steps-2026-01-01.json": []})
    assert detect(takeout) == "fitbit"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello world",
        b"PK\x03\x04 a damaged zip",
        json.dumps({"resourceType": "Bundle"}).encode(),
        b"<html><body>not an export</body></html>",
        b"name,value\nx,1\n",
    ],
)
def test_anything_else_is_left_to_the_person(content: bytes) -> None:
    assert detect(content) is None
