"""Builders of other apps' export files for the import tests, following the formats page
(/work/shared/reference/formats.md) and the small real samples in /work/shared/data."""

import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from sqlalchemy import func, select

from fibrotrack.storage import open_database
from fibrotrack.storage.models import Base

# The shared folder beside the repository (../shared); a worktree may sit a level deeper.
SHARED = next(
    folder / "shared"
    for folder in Path(__file__).resolve().parents[1].parents
    if (folder / "shared" / "data").is_dir()
)
VISIBLE_REAL = SHARED / "data" / "real-exports" / "visible_longcovid_2024-04-24_2025-04-24.csv"
APPLE_SAMPLES = SHARED / "data" / "apple-health"
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

# The internal DTD of an iOS 16 export ("HealthKit Export Version: 12") as it breaks parsers:
# the VisionPrescription attribute list is never closed, the RightEye/LeftEye declarations end
# up inside it, and a stray ">" comes before "]>".
IOS16_DOCTYPE = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
<!ELEMENT RightEye EMPTY>
<!ATTLIST RightEye
  sphere           CDATA #IMPLIED
>
<!ELEMENT LeftEye EMPTY>
<!ATTLIST LeftEye
  sphere           CDATA #IMPLIED
>
>
]>
"""  # noqa: E501 (Apple's own long line)

WATCH = "Ana’s Apple Watch"
PHONE = "Ana’s iPhone"


def apple_record(kind: str, source: str, start: str, end: str, value: str, unit: str = "") -> str:
    unit_attribute = f' unit="{unit}"' if unit else ""
    return (
        f'<Record type="{kind}" sourceName="{source}"{unit_attribute} creationDate="{end}" '
        f'startDate="{start}" endDate="{end}" value="{value}"/>\n'
    )


def apple_export(records: Iterable[str], doctype: str = IOS16_DOCTYPE) -> bytes:
    body = "".join(records)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{doctype}"
        '<HealthData locale="de_DE">\n'
        ' <ExportDate value="2026-03-10 09:00:00 +0100"/>\n'
        ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>\n'
        f"{body}</HealthData>\n"
    ).encode()


def zipped(members: Mapping[str, bytes], *, utf8_names: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 10, 9, 0, 0))
            if not utf8_names:
                info.flag_bits &= ~0x800
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def fitbit_takeout(files: Mapping[str, object]) -> bytes:
    return zipped(
        {
            f"Takeout/Fitbit/Global Export Data/{name}": json.dumps(content).encode()
            for name, content in files.items()
        }
    )


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def person_data(url: str) -> dict[str, int]:
    """Rows of people's data in every table that holds any (people, and every table with a
    person_id); all zero when the database was never even created."""
    database = open_database(url)
    try:
        if database.is_empty():
            return {}
        with database.session() as session:
            counts = {
                "people": session.scalar(
                    select(func.count()).select_from(Base.metadata.tables["people"])
                )
                or 0
            }
            for name, table in Base.metadata.tables.items():
                if "person_id" in table.c:
                    counts[name] = (
                        session.scalar(
                            select(func.count())
                            .select_from(table)
                            .where(table.c.person_id.is_not(None))
                        )
                        or 0
                    )
            return {name: count for name, count in counts.items() if count}
    finally:
        database.dispose()
