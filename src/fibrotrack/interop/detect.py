"""Which importer reads a file, told from its first bytes (and a zip's file names), for a
person who does not know what kind of export they have. Only a sure match names a format:
anything else is left to the person to choose."""

import re
import zipfile
from pathlib import PurePosixPath
from typing import BinaryIO

from fibrotrack.interop import bearable, flaredown, visible, wide_csv
from fibrotrack.interop.fitbit import FILE_NAME as FITBIT_FILE
from fibrotrack.interop.zips import ZIP_ERRORS

HEAD_BYTES = 1 << 16
DELIMITERS = ",;\t"
FIBROTRACK_JSON = re.compile(r'"format"\s*:\s*"fibrotrack"')


def detect_format(stream: BinaryIO) -> str | None:
    """The name of the importer for the file in ``stream`` (seekable; left where it was), or
    None when the file is not recognised for sure."""
    start = stream.tell()
    try:
        head = stream.read(HEAD_BYTES)
        stream.seek(start)
        return _zip_format(stream) if head.startswith(b"PK\x03\x04") else format_of_head(head)
    finally:
        stream.seek(start)


def _zip_format(stream: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = [PurePosixPath(name) for name in archive.namelist()]
    except ZIP_ERRORS:
        return None
    if any(FITBIT_FILE.match(name.name) for name in names):
        return "fitbit"
    if any(name.suffix == ".xml" and not name.name.endswith("_cda.xml") for name in names):
        return "apple-health"
    return None


def _header(first_line: str) -> tuple[str, ...]:
    delimiter = max(DELIMITERS, key=first_line.count)
    return tuple(cell.strip().strip('"').strip().casefold() for cell in first_line.split(delimiter))


def format_of_head(head: bytes) -> str | None:
    """The format of a file that begins with ``head`` (not a zip)."""
    text = head.decode("utf-8-sig", errors="ignore").lstrip()
    if text.startswith("<"):
        found = "<HealthData" in text or "<!DOCTYPE HealthData" in text
        return "apple-health" if found else None
    if text.startswith("{"):
        return "json" if FIBROTRACK_JSON.search(text) else None
    if text.startswith("["):
        return "fitbit" if '"dateTime"' in text or '"logId"' in text else None
    header = _header(text.splitlines()[0] if text else "")
    if header == visible.COLUMNS:
        return "visible"
    if header in (bearable.GENERATION_A, bearable.GENERATION_B):
        return "bearable"
    if header in (flaredown.DUMP_COLUMNS, flaredown.NOTES_COLUMNS) or (
        header[0] == "date" and "tags" in header
    ):
        return "flaredown"
    if header[0] in wide_csv.DATE_COLUMNS and len(header) > 1:
        return "csv"
    return None
