"""Fitbit, as Google Takeout delivers it: ``Takeout/Fitbit/Global Export Data/`` with
``steps-YYYY-MM-DD.json`` and ``sleep-YYYY-MM-DD.json``, each covering a stretch of days.

Give the Takeout zip, or one of those JSON files.

- **Steps**: ``[{"dateTime": "01/10/26 14:50:00", "value": "100"}, …]``, one entry per minute.
  The times are UTC, so each minute is moved into the person's time zone before it is added to
  that local day's total → the core ``steps``. A file covers whole UTC days (from its first
  entry's date to its last's), so outside UTC its first and last local days are only partly in
  it: the rest is in the month file before or after. A total of such a day would overwrite the
  whole day's count when the files are imported one at a time, so its steps of each UTC date
  go under a source of their own, ``fitbit (UTC 2026-02-09 only)``, never ``fitbit``. The
  Takeout zip holds every month file, so only its very first and last days are cut.
- **Sleep**: one entry per sleep log, with ``dateOfSleep`` (the local date Fitbit gave the
  night) and ``minutesAsleep``. The logs of a date (main sleep and naps) are added up, each log
  counted once even if two files hold it → the core ``sleep_hours``; the logs are kept raw.
"""

import json
import math
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import PurePosixPath
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from fibrotrack.diary import InvalidEntry, part_source, zone
from fibrotrack.interop.records import ImportOptions, Observed, Record, Skipped
from fibrotrack.interop.registry import Importer, register_importer
from fibrotrack.interop.variables import SLEEP_HOURS, STEPS
from fibrotrack.interop.zips import ZIP_ERRORS

SOURCE = "fitbit"
ZIP_MAGIC = b"PK\x03\x04"
MAX_FILE_BYTES = 256 << 20
FILE_NAME = re.compile(r"^(steps|sleep)-\d{4}-\d{2}-\d{2}\.json$", re.IGNORECASE)
_MINUTE = re.compile(r"^(\d{2})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})$")


def _load(data: bytes, name: str) -> list[Any]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidEntry(name, "is not UTF-8 text: not a Fitbit JSON file") from None
    except json.JSONDecodeError as error:
        raise InvalidEntry(
            f"{name} line {error.lineno}, column {error.colno}", f"is not JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise InvalidEntry(name, "is nested too deeply to be a Fitbit export") from None
    if not isinstance(document, list):
        raise InvalidEntry(name, "holds no list of entries: not a Fitbit export file")
    return document


class _Days:
    def __init__(self, timezone: ZoneInfo) -> None:
        self.zone = timezone
        # local day -> UTC date -> steps, and the UTC dates the steps files cover
        self.steps: dict[date, dict[date, float]] = defaultdict(lambda: defaultdict(float))
        self.covered: set[date] = set()
        self.sleep: dict[date, dict[str, float]] = defaultdict(dict)
        self.skipped: list[Skipped] = []

    def add_steps(self, entries: list[Any], name: str) -> None:
        utc_days: set[date] = set()
        for index, entry in enumerate(entries, 1):
            moment = entry.get("dateTime") if isinstance(entry, dict) else None
            match = _MINUTE.match(moment) if isinstance(moment, str) else None
            where = f"{name} entry {index}"
            if match is None:
                raise InvalidEntry(where, f"dateTime {str(moment)[:40]!r} is not MM/DD/YY HH:MM:SS")
            month, day, year, hour, minute, second = (int(part) for part in match.groups())
            try:
                utc = datetime(2000 + year, month, day, hour, minute, second, tzinfo=UTC)
            except ValueError:
                raise InvalidEntry(where, f"dateTime {moment!r} is not a real time") from None
            utc_days.add(utc.date())
            value = entry.get("value")
            try:
                steps = float(value)
            except (TypeError, ValueError):
                self.skipped.append(
                    Skipped(index, f"{where}: steps {str(value)[:40]!r} is not a number")
                )
                continue
            if not math.isfinite(steps) or steps < 0:
                self.skipped.append(Skipped(index, f"{where}: {steps:g} steps is not a count"))
                continue
            self.steps[utc.astimezone(self.zone).date()][utc.date()] += steps
        if utc_days:
            first, last = min(utc_days), max(utc_days)
            self.covered.update(first + timedelta(days=n) for n in range((last - first).days + 1))

    def add_sleep(self, entries: list[Any], name: str) -> None:
        for index, entry in enumerate(entries, 1):
            where = f"{name} entry {index}"
            if not isinstance(entry, dict):
                raise InvalidEntry(where, "is not a sleep log")
            text = entry.get("dateOfSleep")
            try:
                night = date.fromisoformat(str(text))
            except ValueError:
                raise InvalidEntry(where, f"dateOfSleep {str(text)[:40]!r} is not a date") from None
            minutes = entry.get("minutesAsleep")
            if (
                isinstance(minutes, bool)
                or not isinstance(minutes, int | float)
                or not math.isfinite(minutes)
                or minutes < 0
            ):
                self.skipped.append(
                    Skipped(index, f"{where}: minutesAsleep {str(minutes)[:40]!r} is not a number")
                )
                continue
            log = str(entry.get("logId", f"{name}#{index}"))
            self.sleep[night][log] = float(minutes)

    def add(self, entries: list[Any], name: str) -> None:
        kind = FILE_NAME.match(PurePosixPath(name).name)
        if kind is not None:
            is_sleep = kind.group(1).casefold() == "sleep"
        else:
            first = entries[0] if entries else {}
            is_sleep = isinstance(first, dict) and "dateOfSleep" in first
            if not is_sleep and not (isinstance(first, dict) and "dateTime" in first) and entries:
                raise InvalidEntry(name, "is neither a Fitbit steps file nor a sleep file")
        if is_sleep:
            self.add_sleep(entries, name)
        else:
            self.add_steps(entries, name)

    def _utc_days(self, day: date) -> set[date]:
        """The UTC dates the local ``day`` spans."""
        start, end = (
            datetime.combine(moment, time(), self.zone).astimezone(UTC)
            for moment in (day, day + timedelta(days=1))
        )
        last = (end - timedelta(microseconds=1)).date()
        return {start.date() + timedelta(days=n) for n in range((last - start.date()).days + 1)}

    def _steps_records(self) -> Iterator[Record]:
        for day in sorted(self.steps):
            parts = self.steps[day]
            total = sum(parts.values())
            if not math.isfinite(total):
                reason = "its minutes add up to more than a number can hold"
                yield Skipped(0, f"steps on {day}: {reason}")
            elif self._utc_days(day) <= self.covered:
                yield Observed(day=day, variable=STEPS, value=float(round(total)))
            else:
                for utc_day in sorted(parts):
                    yield Observed(
                        day=day,
                        variable=STEPS,
                        value=float(round(parts[utc_day])),
                        source=part_source(SOURCE, utc_day),
                    )

    def records(self) -> Iterator[Record]:
        yield from self.skipped
        yield from self._steps_records()
        for night in sorted(self.sleep):
            logs = self.sleep[night]
            hours = sum(logs.values()) / 60
            raw = "; ".join(f"log {log}: {minutes:g} min" for log, minutes in sorted(logs.items()))
            if hours > 24:
                yield Skipped(0, f"sleep on {night}: {hours:.1f} h is more than a day")
                continue
            yield Observed(day=night, variable=SLEEP_HOURS, value=round(hours, 4), raw=raw)


def _members(stream: BinaryIO) -> Iterator[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(stream) as archive:
            wanted = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and FILE_NAME.match(PurePosixPath(info.filename).name)
                and "__MACOSX" not in info.filename
            ]
            if not wanted:
                raise InvalidEntry(
                    "file", "this zip holds no Fitbit steps-….json or sleep-….json files"
                )
            for info in sorted(wanted, key=lambda info: info.filename):
                if info.file_size > MAX_FILE_BYTES:
                    raise InvalidEntry(info.filename, "is too large for a Fitbit export file")
                with archive.open(info) as member:
                    yield PurePosixPath(info.filename).name, member.read()
    except InvalidEntry:
        raise
    except ZIP_ERRORS as error:
        raise InvalidEntry("file", f"the zip archive is damaged or cut short ({error})") from None


def read_fitbit(stream: BinaryIO, options: ImportOptions) -> Iterator[Record]:
    days = _Days(zone(options.timezone))
    start = stream.read(len(ZIP_MAGIC))
    if start == ZIP_MAGIC:
        stream.seek(0)
        for name, data in _members(stream):
            days.add(_load(data, name), name)
    else:
        data = start + stream.read(MAX_FILE_BYTES)
        if stream.read(1):
            raise InvalidEntry("file", "is too large for a Fitbit export file")
        days.add(_load(data, "file"), "file")
    yield from days.records()


FITBIT = register_importer(
    Importer(
        name="fitbit",
        label="Fitbit (Google Takeout)",
        source=SOURCE,
        read=read_fitbit,
        summary="Fitbit's steps and sleep from a Google Takeout zip (or one of its "
        "steps-….json / sleep-….json files), in the person's time zone.",
    )
)
