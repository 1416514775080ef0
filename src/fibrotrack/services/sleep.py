"""The sleep diary: log a night, import a wearable's night, summarise, prescribe a window."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from statistics import mean
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack.body.clock import format_clock, parse_clock
from fibrotrack.body.sleep import (
    DIARY_SOURCE,
    DiaryEntry,
    Night,
    SleepSummary,
    check_no_overlap,
    place_night,
    summarise,
    weekly_summaries,
)
from fibrotrack.body.sleep_window import (
    CAUTION,
    DO_NOT_USE_IF,
    SleepWindow,
    WindowChange,
    first_window,
    next_window,
)
from fibrotrack.diary import InvalidEntry, check_day, zone
from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.diary import delete_observations, set_observation
from fibrotrack.storage.models import Person, PrescribedSleepWindow, SleepNight
from fibrotrack.storage.sleep import sleep_night, sleep_nights, sleep_windows

SLEEP_HOURS = "sleep_hours"
STAGES = ("deep", "light", "rem", "awake")


def night_of(row: SleepNight) -> Night:
    """The pure night of a stored diary row."""
    if row.bed_at is None or row.lights_out_at is None or row.wake_at is None:
        raise ValueError(f"night {row.night} from {row.source} is not a diary night")
    return Night(
        night=row.night,
        bed=row.bed_at,
        lights_out=row.lights_out_at,
        wake=row.wake_at,
        out_of_bed=row.out_of_bed_at or row.wake_at,
        latency=row.latency_minutes or 0,
        wakings=row.wakings or 0,
        awake=row.awake_minutes or 0,
        quality=row.quality,
        naps=row.nap_minutes or 0,
        time_in_bed=row.time_in_bed_minutes or 0,
        total_sleep=row.total_sleep_minutes,
    )


def diary_nights(
    session: Session, *, person: Person, start: date | None = None, end: date | None = None
) -> list[Night]:
    rows = sleep_nights(session, person_id=person.id, source=DIARY_SOURCE, start=start, end=end)
    return [night_of(row) for row in rows]


def _record_sleep_hours(
    session: Session, person: Person, night: date, minutes: int, source: str
) -> None:
    set_observation(
        session,
        person_id=person.id,
        variable=variables_of(session, person_id=person.id)[SLEEP_HOURS],
        day=night,
        value=round(minutes / 60, 2),
        source=source,
    )


def log_night(session: Session, *, person: Person, entry: DiaryEntry, today: date) -> Night:
    """Record a diary night (replacing that date's diary night) and its total sleep as the
    day's ``sleep_hours`` from the sleep diary. Nothing is written on an impossible night."""
    check_day(entry.night, today)
    night = place_night(entry, zone(person.timezone))
    check_no_overlap(
        night,
        diary_nights(
            session,
            person=person,
            start=entry.night - timedelta(days=2),
            end=entry.night + timedelta(days=2),
        ),
    )
    row = sleep_night(session, person_id=person.id, night=night.night, source=DIARY_SOURCE)
    if row is None:
        row = SleepNight(person_id=person.id, night=night.night, source=DIARY_SOURCE)
        session.add(row)
    row.bed_at = night.bed
    row.lights_out_at = night.lights_out
    row.wake_at = night.wake
    row.out_of_bed_at = night.out_of_bed
    row.latency_minutes = night.latency
    row.wakings = night.wakings
    row.awake_minutes = night.awake
    row.quality = night.quality
    row.nap_minutes = night.naps
    row.time_in_bed_minutes = night.time_in_bed
    row.total_sleep_minutes = night.total_sleep
    row.stages = {}
    _record_sleep_hours(session, person, night.night, night.total_sleep, DIARY_SOURCE)
    session.flush()
    return night


def delete_night(session: Session, *, person: Person, night: date) -> None:
    """Remove the diary night to ``night`` and the ``sleep_hours`` it gave that day; a wearable's
    nights stay. ``InvalidEntry`` when there is no such diary night, nothing removed."""
    row = sleep_night(session, person_id=person.id, night=night, source=DIARY_SOURCE)
    if row is None:
        raise InvalidEntry("night", f"no sleep diary night to {night.isoformat()}")
    session.delete(row)
    delete_observations(
        session,
        person_id=person.id,
        day=night,
        source=DIARY_SOURCE,
        variable_ids=[variables_of(session, person_id=person.id)[SLEEP_HOURS].id],
    )
    session.flush()


def record_wearable_night(
    session: Session,
    *,
    person: Person,
    night: date,
    source: str,
    total_sleep_minutes: int,
    today: date,
    time_in_bed_minutes: int | None = None,
    stages: Mapping[str, int] | None = None,
) -> SleepNight:
    """Record a night measured by a wearable, kept apart from the diary by its ``source``;
    its total sleep becomes that source's ``sleep_hours`` for the day."""
    check_day(night, today)
    name = source.strip()
    if not name or name == DIARY_SOURCE or len(name) > 40:
        raise InvalidEntry("source", f"{source!r} cannot name a wearable")
    for field, minutes in (
        ("total_sleep", total_sleep_minutes),
        ("time_in_bed", time_in_bed_minutes),
        *(((f"stages.{key}", value) for key, value in (stages or {}).items())),
    ):
        if minutes is not None and not 0 <= minutes <= 1440:
            raise InvalidEntry(field, f"{minutes} min is not between 0 and 1440")
    unknown = set(stages or {}) - set(STAGES)
    if unknown:
        raise InvalidEntry("stages", f"unknown stages {sorted(unknown)}; known: {list(STAGES)}")
    if time_in_bed_minutes is not None and total_sleep_minutes > time_in_bed_minutes:
        raise InvalidEntry("total_sleep", "is longer than the time in bed")
    row = sleep_night(session, person_id=person.id, night=night, source=name)
    if row is None:
        row = SleepNight(person_id=person.id, night=night, source=name)
        session.add(row)
    row.total_sleep_minutes = total_sleep_minutes
    row.time_in_bed_minutes = time_in_bed_minutes
    row.stages = dict(stages or {})
    _record_sleep_hours(session, person, night, total_sleep_minutes, name)
    session.flush()
    return row


def _summary_json(summary: SleepSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "first": summary.first.isoformat(),
        "last": summary.last.isoformat(),
        "nights": summary.nights,
        "time_in_bed_minutes": round(summary.time_in_bed, 1),
        "total_sleep_minutes": round(summary.total_sleep, 1),
        "sleep_efficiency_percent": round(summary.efficiency, 1),
        "onset_latency_minutes": round(summary.onset_latency, 1),
        "waso_minutes": round(summary.waso, 1),
        "wakings": round(summary.wakings, 2),
        "wake_time_sd_minutes": None
        if summary.wake_time_spread is None
        else round(summary.wake_time_spread, 1),
        "quality": None if summary.quality is None else round(summary.quality, 2),
        "nap_minutes": round(summary.naps, 1),
    }


@dataclass(frozen=True)
class SleepReport:
    today: date
    last_week: SleepSummary | None
    weeks: list[SleepSummary]
    nights_logged: int
    wearables: dict[str, tuple[int, float]]


def sleep_report(session: Session, *, person: Person, today: date, weeks: int = 8) -> SleepReport:
    """The last 7 nights, the last ``weeks`` calendar weeks, and each wearable's nights."""
    nights = diary_nights(session, person=person)
    wearables: dict[str, list[int]] = {}
    for row in sleep_nights(session, person_id=person.id):
        if row.source != DIARY_SOURCE:
            wearables.setdefault(row.source, []).append(row.total_sleep_minutes)
    return SleepReport(
        today=today,
        last_week=summarise(nights, today - timedelta(days=6), today),
        weeks=weekly_summaries(nights)[-weeks:],
        nights_logged=len(nights),
        wearables={
            source: (len(minutes), mean(minutes)) for source, minutes in sorted(wearables.items())
        },
    )


def sleep_report_json(report: SleepReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "nights_logged": report.nights_logged,
        "last_7_nights": _summary_json(report.last_week),
        "weeks": [_summary_json(week) for week in report.weeks],
        "wearables": [
            {"source": source, "nights": count, "total_sleep_minutes": round(average, 1)}
            for source, (count, average) in report.wearables.items()
        ],
        "definitions": "Consensus Sleep Diary (Carney et al. 2012); see docs/body-systems.md",
    }


def _window_of(row: PrescribedSleepWindow) -> SleepWindow:
    return SleepWindow(
        start=row.start,
        minutes=row.minutes,
        rise=parse_clock(row.rise, "rise"),
        change=WindowChange(row.change),
        efficiency=row.efficiency,
        nights=row.nights,
    )


def current_sleep_window(session: Session, *, person: Person) -> SleepWindow | None:
    """The last sleep window prescribed, as stored (None before the first); reading it writes
    nothing, unlike ``sleep_window``, which reviews it."""
    stored = sleep_windows(session, person_id=person.id)
    return _window_of(stored[-1]) if stored else None


def sleep_window(
    session: Session, *, person: Person, today: date, rise: time | None = None
) -> SleepWindow:
    """The sleep window in force: the first one from the last 7 nights, or, once a week has
    passed under the current one, the reviewed window (stored when it is new)."""
    nights = diary_nights(session, person=person, start=today - timedelta(days=6), end=today)
    stored = sleep_windows(session, person_id=person.id)
    if stored:
        current = _window_of(stored[-1])
        window = next_window(current, nights, today, rise)
        if window == current:
            return current
    else:
        window = first_window(nights, today, rise)
    session.add(
        PrescribedSleepWindow(
            person_id=person.id,
            start=window.start,
            minutes=window.minutes,
            rise=format_clock(window.rise),
            change=window.change.value,
            efficiency=window.efficiency,
            nights=window.nights,
        )
    )
    session.flush()
    return window


def sleep_window_json(window: SleepWindow) -> dict[str, Any]:
    return {
        "from_night": window.start.isoformat(),
        "time_in_bed_minutes": window.minutes,
        "bed": format_clock(window.bed),
        "rise": format_clock(window.rise),
        "change": window.change.value,
        "based_on_efficiency_percent": None
        if window.efficiency is None
        else round(window.efficiency, 1),
        "based_on_nights": window.nights,
        "next_review": window.review_on.isoformat(),
        "caution": CAUTION,
        "do_not_use_if": list(DO_NOT_USE_IF),
    }
