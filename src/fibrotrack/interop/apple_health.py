"""Apple Health: ``export.zip`` or the ``export.xml`` inside it, streamed.

What is kept, each as one value per local date in the person's time zone:

- **Steps** (``HKQuantityTypeIdentifierStepCount``) → the core ``steps``. An iPhone and an
  Apple Watch both count the same walk, so steps are summed per source and hour, and each
  hour takes the largest of its sources (a watch left on the charger still leaves the
  phone's count for that hour).
- **Sleep** (``HKCategoryTypeIdentifierSleepAnalysis``) → the core ``sleep_hours``: every
  ``Asleep*`` value (``Asleep`` from before iOS 16, ``AsleepUnspecified``, ``AsleepCore``,
  ``AsleepDeep``, ``AsleepREM``), never ``InBed`` or ``Awake``. Sleep that starts between
  18:00 the evening before and 18:00 on a day counts for that day; overlapping periods of one
  source count once; when several sources recorded a night, the one with the most sleep is
  used and each source's total is kept raw.
- **HRV** (``HeartRateVariabilitySDNN``, ms) → ``hrv_sdnn``, the day's mean.
- **Resting heart rate** (``RestingHeartRate``) → ``resting_heart_rate``, the day's mean.
- **Menstrual flow** (``HKCategoryTypeIdentifierMenstrualFlow``) → ``menstrual_flow`` 0–3
  (the day's heaviest) and ``period`` (1 for any flow, 0 for "None").

Everything else (heart rate, energy, workouts, …) is counted and reported, not imported.
The file is read through :mod:`fibrotrack.interop.safe_xml`: never loaded whole, DTD and
entities never read, stray control characters dropped.
"""

import math
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath
from statistics import mean
from typing import BinaryIO
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl, Locator
from zoneinfo import ZoneInfo

from fibrotrack.diary import InvalidEntry, zone
from fibrotrack.interop.records import ImportOptions, Observed, Record, Skipped
from fibrotrack.interop.registry import Importer, register_importer
from fibrotrack.interop.safe_xml import chunks_of, parse, without_doctype_and_control_characters
from fibrotrack.interop.variables import (
    FLOW_LEVELS,
    HRV_SDNN,
    MENSTRUAL_FLOW,
    PERIOD,
    RESTING_HEART_RATE,
    SLEEP_HOURS,
    STEPS,
)
from fibrotrack.interop.zips import ZIP_ERRORS

SOURCE = "apple_health"
STEP_COUNT = "HKQuantityTypeIdentifierStepCount"
SLEEP_ANALYSIS = "HKCategoryTypeIdentifierSleepAnalysis"
HRV = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
RESTING = "HKQuantityTypeIdentifierRestingHeartRate"
MENSTRUAL = "HKCategoryTypeIdentifierMenstrualFlow"
ASLEEP_PREFIX = "HKCategoryValueSleepAnalysisAsleep"
FLOW_PREFIX = "HKCategoryValueMenstrualFlow"
NIGHT_SHIFT = timedelta(hours=6)  # sleep starting 18:00–18:00 belongs to the later date
ZIP_MAGIC = b"PK\x03\x04"
# Local days and hours of start times, by their text to the minute (an offset of half an hour
# moves a minute into another hour); forgotten when this many, so memory stays small.
MAX_REMEMBERED_MINUTES = 1 << 16


def _export_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The ``export.xml`` of an Apple Health archive, whatever language its folder is in."""
    candidates = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename.replace("\\", "/"))
        name = path.name.casefold()
        if info.is_dir() or "__macosx" in (part.casefold() for part in path.parts):
            continue
        if name.startswith("._") or not name.endswith(".xml") or name.endswith("_cda.xml"):
            continue
        candidates.append(info)
    candidates.sort(
        key=lambda info: (
            PurePosixPath(info.filename).name.casefold() != "export.xml",
            -info.file_size,
        )
    )
    for info in candidates:
        with archive.open(info) as member:
            if b"<HealthData" in member.read(1 << 16):
                return info
    names = ", ".join(info.filename for info in archive.infolist()[:5])
    raise InvalidEntry("file", f"this zip holds no Apple Health export.xml (it holds {names})")


def export_chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The bytes of ``export.xml``, read in chunks from the XML file or the zip around it."""
    first = stream.read(len(ZIP_MAGIC))
    if first != ZIP_MAGIC:
        if first:
            yield first
        yield from chunks_of(stream)
        return
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            info = _export_member(archive)
            with archive.open(info) as member:
                yield from chunks_of(member)
    except InvalidEntry:
        raise
    except ZIP_ERRORS as error:
        raise InvalidEntry("file", f"the zip archive is damaged or cut short ({error})") from None


@dataclass
class _Collected:
    """Everything kept from the export, per day, before it becomes one value per day."""

    steps: dict[tuple[date, int, str], float] = field(default_factory=lambda: defaultdict(float))
    sleep: dict[tuple[date, str], list[tuple[datetime, datetime]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    hrv: dict[date, list[float]] = field(default_factory=lambda: defaultdict(list))
    resting: dict[date, list[float]] = field(default_factory=lambda: defaultdict(list))
    flow: dict[date, int] = field(default_factory=dict)
    period: dict[date, int] = field(default_factory=dict)
    ignored: Counter[str] = field(default_factory=Counter)
    first_line: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


class _Handler(ContentHandler):
    def __init__(self, timezone: ZoneInfo) -> None:
        super().__init__()
        self.zone = timezone
        self.collected = _Collected()
        self.minutes: dict[str, tuple[date, int]] = {}
        self.locator: Locator | None = None
        self.kept = {
            STEP_COUNT: self._steps,
            SLEEP_ANALYSIS: self._sleep,
            HRV: self._hrv,
            RESTING: self._resting,
            MENSTRUAL: self._menstrual,
        }

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 (SAX's name)
        self.locator = locator

    @property
    def line(self) -> int:
        return (self.locator.getLineNumber() or 0) if self.locator is not None else 0

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802
        if name != "Record":
            return
        kind = attrs.get("type", "")
        keep = self.kept.get(kind)
        if keep is None:
            collected = self.collected
            if kind not in collected.first_line:
                collected.first_line[kind] = self.line
            collected.ignored[kind] += 1
            return
        keep(attrs)

    def _moment(self, attrs: AttributesImpl, name: str) -> datetime:
        text = attrs.get(name, "")
        try:
            moment = datetime.fromisoformat(text[:19] + text[19:].replace(" ", ""))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise InvalidEntry(
                f"line {self.line}", f"Record {name} {text[:40]!r} is not a date and time"
            )
        return moment.astimezone(self.zone)

    def _day_and_hour(self, attrs: AttributesImpl) -> tuple[date, int]:
        text = attrs.get("startDate", "")
        key = text[:16] + text[19:]
        known = self.minutes.get(key)
        if known is None:
            if len(self.minutes) >= MAX_REMEMBERED_MINUTES:
                self.minutes.clear()
            moment = self._moment(attrs, "startDate")
            known = self.minutes[key] = (moment.date(), moment.hour)
        return known

    def _number(self, attrs: AttributesImpl) -> float | None:
        try:
            value = float(attrs.get("value", ""))
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or value < 0:
            self.collected.skipped.append(
                Skipped(
                    self.line,
                    f"{attrs.get('type')}: {attrs.get('value', '')[:40]!r} is not a number",
                )
            )
            return None
        return value

    def _steps(self, attrs: AttributesImpl) -> None:
        value = self._number(attrs)
        if value is not None:
            day, hour = self._day_and_hour(attrs)
            self.collected.steps[(day, hour, attrs.get("sourceName", ""))] += value

    def _sleep(self, attrs: AttributesImpl) -> None:
        if not attrs.get("value", "").startswith(ASLEEP_PREFIX):
            return
        start, end = self._moment(attrs, "startDate"), self._moment(attrs, "endDate")
        if end <= start:
            return
        night = (start + NIGHT_SHIFT).date()
        self.collected.sleep[(night, attrs.get("sourceName", ""))].append((start, end))

    def _hrv(self, attrs: AttributesImpl) -> None:
        value = self._number(attrs)
        if value is not None:
            self.collected.hrv[self._day_and_hour(attrs)[0]].append(value)

    def _resting(self, attrs: AttributesImpl) -> None:
        value = self._number(attrs)
        if value is not None:
            self.collected.resting[self._day_and_hour(attrs)[0]].append(value)

    def _menstrual(self, attrs: AttributesImpl) -> None:
        level = attrs.get("value", "").removeprefix(FLOW_PREFIX).casefold()
        day = self._day_and_hour(attrs)[0]
        flow = FLOW_LEVELS.get(level)
        if flow is None and level != "unspecified":
            self.collected.skipped.append(
                Skipped(self.line, f"menstrual flow {attrs.get('value', '')[:60]!r} is unknown")
            )
            return
        self.collected.period[day] = max(self.collected.period.get(day, 0), int(flow != 0))
        if flow is not None:
            self.collected.flow[day] = max(self.collected.flow.get(day, 0), flow)


def asleep_hours(periods: list[tuple[datetime, datetime]]) -> float:
    """Hours covered by ``periods``, overlaps counted once."""
    total = timedelta()
    current_start, current_end = None, None
    for start, end in sorted(periods):
        if current_end is None or current_start is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total.total_seconds() / 3600


def _daily_records(collected: _Collected) -> Iterator[Record]:
    by_day: dict[date, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for (day, hour, source), steps in collected.steps.items():
        by_day[day][hour][source] = steps
    for day in sorted(by_day):
        totals: dict[str, float] = defaultdict(float)
        steps = 0.0
        for sources in by_day[day].values():
            steps += max(sources.values())
            for source, count in sources.items():
                totals[source] += count
        raw = "; ".join(f"{source}: {count:g}" for source, count in sorted(totals.items()))
        if not math.isfinite(steps):
            reason = "the day's records add up to more than a number can hold"
            yield Skipped(0, f"steps on {day}: {reason}")
            continue
        yield Observed(day=day, variable=STEPS, value=float(round(steps)), raw=raw)

    nights: dict[date, dict[str, float]] = defaultdict(dict)
    for (night, source), periods in collected.sleep.items():
        nights[night][source] = asleep_hours(periods)
    for night in sorted(nights):
        sources = nights[night]
        chosen = max(sorted(sources), key=lambda source: sources[source])
        raw = "; ".join(f"{source}: {hours:.2f} h" for source, hours in sorted(sources.items()))
        hours = round(sources[chosen], 4)
        if hours > 24:
            yield Skipped(0, f"sleep on the night to {night}: {hours:.1f} h is more than a day")
            continue
        yield Observed(day=night, variable=SLEEP_HOURS, value=hours, raw=f"{chosen} | {raw}")

    for variable, values in ((HRV_SDNN, collected.hrv), (RESTING_HEART_RATE, collected.resting)):
        for day in sorted(values):
            readings = values[day]
            raw = ", ".join(f"{value:g}" for value in readings)
            yield Observed(day=day, variable=variable, value=round(mean(readings), 3), raw=raw)
    for day in sorted(collected.period):
        yield Observed(day=day, variable=PERIOD, value=float(collected.period[day]))
    for day in sorted(collected.flow):
        yield Observed(day=day, variable=MENSTRUAL_FLOW, value=float(collected.flow[day]))


def read_apple_health(stream: BinaryIO, options: ImportOptions) -> Iterator[Record]:
    handler = _Handler(zone(options.timezone))
    parse(without_doctype_and_control_characters(export_chunks(stream)), handler)
    collected = handler.collected
    yield from collected.skipped
    yield from _daily_records(collected)
    for kind, count in sorted(collected.ignored.items()):
        shown = kind.removeprefix("HKQuantityTypeIdentifier").removeprefix(
            "HKCategoryTypeIdentifier"
        )
        yield Skipped(
            collected.first_line[kind],
            f"{shown or 'Record without a type'}: {count} record{'s' if count != 1 else ''}, "
            "a kind fibrotrack does not keep (it keeps steps, sleep, HRV, resting heart rate "
            "and menstrual flow)",
        )


APPLE_HEALTH = register_importer(
    Importer(
        name="apple-health",
        label="Apple Health (export.zip or export.xml)",
        source=SOURCE,
        read=read_apple_health,
        summary="Apple Health's export: daily steps (iPhone and Watch counted once), sleep "
        "per night, HRV (SDNN), resting heart rate and menstrual flow.",
    )
)
