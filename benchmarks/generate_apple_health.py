"""Generate a large, realistic Apple Health ``export.xml`` for the import benchmark.

The file imitates an iOS 16 export: the malformed internal DTD (the ``VisionPrescription``
attribute list is never closed and a stray ``>`` comes before ``]>``), an iPhone and an Apple
Watch that both count steps over the same hours, heart rate every few minutes, energy and
distance, sleep stages from the Watch (the legacy ``Asleep`` value in the early years) beside
the iPhone's ``InBed``, HRV readings with their beat-to-beat lists, resting heart rate,
menstrual flow, workouts, a stray vertical-tab character and non-ASCII source names.

With ``--well-formed`` the DTD is a correct one and no control character is written, so that
parsers without fibrotrack's defences (``healthkit-to-sqlite``) can read the same records.

It also writes ``<output>.truth.json``: the steps per day (the hourly maximum over the two
devices), the hours asleep per night and the other daily values the import must find.

    python benchmarks/generate_apple_health.py --size-mb 1024 --output /tmp/export.xml
"""

import argparse
import json
import random
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ZONE = timezone(timedelta(hours=1))
PHONE = "Zoë’s iPhone"
WATCH = "Zoë’s Apple Watch"
PHONE_DEVICE = (
    "&lt;&lt;HKDevice: 0x2834a1f40&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone14,2, software:16.1&gt;"
)
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x2834a2b70&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,2, software:9.1&gt;"
)

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
  expirationDate   CDATA #IMPLIED
  brand            CDATA #IMPLIED
BROKEN_END
<!ELEMENT RightEye EMPTY>
<!ATTLIST RightEye
  sphere           CDATA #IMPLIED
  sphereUnit       CDATA #IMPLIED
>
<!ELEMENT LeftEye EMPTY>
<!ATTLIST LeftEye
  sphere           CDATA #IMPLIED
  sphereUnit       CDATA #IMPLIED
>
STRAY_END]>
<HealthData locale="en_GB">
 <ExportDate value="2026-01-01 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1985-03-02" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""  # noqa: E501 (Apple's own long lines)


def header(well_formed: bool) -> str:
    """The prologue: Apple's iOS 16 DTD as it is (broken), or mended."""
    if well_formed:
        return HEADER.replace("BROKEN_END\n", ">\n").replace("STRAY_END", "")
    return HEADER.replace("BROKEN_END\n", "").replace("STRAY_END", ">\n")


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def record(
    kind: str,
    source: str,
    unit: str | None,
    start: datetime,
    end: datetime,
    value: str,
    children: str = "",
) -> str:
    device = WATCH_DEVICE if source == WATCH else PHONE_DEVICE
    unit_attribute = f' unit="{unit}"' if unit else ""
    head = (
        f' <Record type="{kind}" sourceName="{source}" sourceVersion="16.1" '
        f'device="{device}"{unit_attribute} creationDate="{stamp(end)}" '
        f'startDate="{stamp(start)}" endDate="{stamp(end)}" value="{value}"'
    )
    return f"{head}>\n{children} </Record>\n" if children else f"{head}/>\n"


class Truth:
    def __init__(self) -> None:
        self.steps: dict[tuple[str, str, int], int] = defaultdict(int)
        self.sleep: dict[str, float] = defaultdict(float)
        self.hrv: dict[str, list[float]] = defaultdict(list)
        self.resting: dict[str, float] = {}
        self.flow: dict[str, int] = {}

    def document(self) -> dict[str, dict[str, float]]:
        by_day: dict[str, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        for (day, source, hour), steps in self.steps.items():
            by_day[day][hour][source] = steps
        return {
            "steps": {
                day: sum(max(sources.values()) for sources in hours.values())
                for day, hours in by_day.items()
            },
            "sleep_hours": {day: round(hours, 6) for day, hours in self.sleep.items()},
            "hrv_sdnn": {day: sum(v) / len(v) for day, v in self.hrv.items()},
            "resting_heart_rate": self.resting,
            "menstrual_flow": self.flow,
        }


def day_records(day: date, rng: random.Random, truth: Truth, well_formed: bool) -> str:
    midnight = datetime(day.year, day.month, day.day, tzinfo=ZONE)
    parts: list[str] = []
    for minute in range(0, 1440, 5):
        start = midnight + timedelta(minutes=minute, seconds=rng.randrange(60))
        bpm = rng.randrange(55, 110)
        parts.append(
            record(
                "HKQuantityTypeIdentifierHeartRate",
                WATCH,
                "count/min",
                start,
                start,
                str(bpm),
                '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="1"/>\n',
            )
        )
    for minute in range(7 * 60, 22 * 60, 6):
        start = midnight + timedelta(minutes=minute)
        end = start + timedelta(minutes=5)
        walked = rng.randrange(0, 400)
        for source, factor in ((WATCH, 1.0), (PHONE, 0.8)):
            if source == PHONE and rng.random() < 0.3:
                continue
            steps = int(walked * factor)
            if source == WATCH and 12 * 60 <= minute < 13 * 60:
                continue  # the watch charges over lunch: only the phone counts
            truth.steps[(day.isoformat(), source, start.hour)] += steps
            parts.append(
                record("HKQuantityTypeIdentifierStepCount", source, "count", start, end, str(steps))
            )
        parts.append(
            record(
                "HKQuantityTypeIdentifierActiveEnergyBurned",
                WATCH,
                "kcal",
                start,
                end,
                f"{rng.random() * 5:.3f}",
            )
        )
        parts.append(
            record(
                "HKQuantityTypeIdentifierDistanceWalkingRunning",
                PHONE,
                "km",
                start,
                end,
                f"{rng.random() / 5:.4f}",
            )
        )
    for hour in range(24):
        start = midnight + timedelta(hours=hour)
        parts.append(
            record(
                "HKQuantityTypeIdentifierBasalEnergyBurned",
                WATCH,
                "kcal",
                start,
                start + timedelta(hours=1),
                f"{50 + rng.random() * 20:.3f}",
            )
        )
    bed = midnight - timedelta(hours=1, minutes=rng.randrange(60))
    wake = midnight + timedelta(hours=6, minutes=rng.randrange(120))
    parts.append(
        record(
            "HKCategoryTypeIdentifierSleepAnalysis",
            PHONE,
            None,
            bed,
            wake,
            "HKCategoryValueSleepAnalysisInBed",
        )
    )
    legacy = day.year < 2022
    moment = bed + timedelta(minutes=10)
    asleep = 0.0
    while moment < wake - timedelta(minutes=10):
        length = timedelta(minutes=rng.randrange(10, 60))
        end = min(moment + length, wake - timedelta(minutes=5))
        if rng.random() < 0.1:
            value = "HKCategoryValueSleepAnalysisAwake"
        else:
            value = "HKCategoryValueSleepAnalysis" + (
                "Asleep" if legacy else rng.choice(("AsleepCore", "AsleepDeep", "AsleepREM"))
            )
            asleep += (end - moment).total_seconds() / 3600
        parts.append(
            record("HKCategoryTypeIdentifierSleepAnalysis", WATCH, None, moment, end, value)
        )
        moment = end
    truth.sleep[day.isoformat()] += asleep
    for reading in range(4):
        start = midnight + timedelta(hours=2 + reading * 5)
        sdnn = round(20 + rng.random() * 60, 3)
        truth.hrv[day.isoformat()].append(sdnn)
        beats = "".join(
            f'   <InstantaneousBeatsPerMinute bpm="{rng.randrange(55, 80)}" '
            f'time="{(start + timedelta(seconds=s)).strftime("%I:%M:%S.00 %p")}"/>\n'
            for s in range(60)
        )
        parts.append(
            record(
                "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
                WATCH,
                "ms",
                start,
                start + timedelta(minutes=1),
                str(sdnn),
                "  <HeartRateVariabilityMetadataList>\n"
                f"{beats}  </HeartRateVariabilityMetadataList>\n",
            )
        )
    resting = rng.randrange(52, 75)
    truth.resting[day.isoformat()] = resting
    parts.append(
        record(
            "HKQuantityTypeIdentifierRestingHeartRate",
            WATCH,
            "count/min",
            midnight + timedelta(hours=8),
            midnight + timedelta(hours=20),
            str(resting),
        )
    )
    cycle_day = day.toordinal() % 28
    if cycle_day < 5:
        level = ("Heavy", "Heavy", "Medium", "Light", "Light")[cycle_day]
        truth.flow[day.isoformat()] = {"Light": 1, "Medium": 2, "Heavy": 3}[level]
        parts.append(
            record(
                "HKCategoryTypeIdentifierMenstrualFlow",
                PHONE,
                None,
                midnight + timedelta(hours=9),
                midnight + timedelta(hours=9),
                f"HKCategoryValueMenstrualFlow{level}",
                '  <MetadataEntry key="HKMenstrualCycleStart" value="0"/>\n',
            )
        )
    if day.weekday() == 5:
        start = midnight + timedelta(hours=10)
        parts.append(
            f' <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="42" '
            f'durationUnit="min" sourceName="{WATCH}" sourceVersion="9.1" '
            f'creationDate="{stamp(start)}" startDate="{stamp(start)}" '
            f'endDate="{stamp(start + timedelta(minutes=42))}">\n'
            '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
            " </Workout>\n"
        )
    if day.day == 1:
        scale = "Scale App" if well_formed else "Scale\x0b App"
        parts.append(
            f' <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="{scale}" '
            f'unit="kg" startDate="{stamp(midnight)}" endDate="{stamp(midnight)}" value="64"/>\n'
        )
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1024)
    parser.add_argument("--output", type=Path, default=Path("/tmp/export.xml"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--well-formed", action="store_true", help="a correct DTD, no controls")
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    target = int(arguments.size_mb * 1024 * 1024)
    truth = Truth()
    day = date(2018, 1, 1)
    written = 0
    with arguments.output.open("w", encoding="utf-8", newline="\n") as out:
        written += out.write(header(arguments.well_formed))
        while written < target:
            written += out.write(day_records(day, rng, truth, arguments.well_formed))
            day += timedelta(days=1)
        out.write("</HealthData>\n")
    truth_path = arguments.output.with_name(arguments.output.name + ".truth.json")
    truth_path.write_text(json.dumps(truth.document(), indent=0, sort_keys=True))
    size = arguments.output.stat().st_size
    print(f"{arguments.output}: {size / 1024 / 1024:.0f} MB, {(day - date(2018, 1, 1)).days} days")


if __name__ == "__main__":
    main()
