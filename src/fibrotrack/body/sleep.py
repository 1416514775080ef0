"""The sleep diary: one night as the person writes it down the next morning, and what follows.

Definitions follow the Consensus Sleep Diary (Carney CE et al., Sleep 2012;35(2):287–302):

- time in bed (TIB): from getting into bed to getting out of bed for the day;
- sleep onset latency (SOL): from trying to sleep (lights out) to falling asleep;
- wake after sleep onset (WASO): the minutes awake between falling asleep and the final
  awakening (the person's own estimate of their wakings);
- total sleep time (TST) = (final awakening − lights out) − SOL − WASO;
- sleep efficiency (SE) = TST / TIB × 100.

A night is dated by the morning the person woke up (the day they fill in the diary), the
same date the daily check-in's "hours asleep last night" belongs to.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import mean, stdev
from zoneinfo import ZoneInfo

from fibrotrack.body.clock import elapsed_minutes, format_clock
from fibrotrack.diary import InvalidEntry

DIARY_SOURCE = "sleep_diary"
# Product decision: one night in bed lasts at most 18 hours between going to bed and the final
# awakening; a wake time that would make it longer is read as "wake before bed".
MAX_NIGHT = timedelta(hours=18)
# Getting out of bed is placed at the occurrence of its clock time nearest the final wake.
MAX_TIME_IN_BED = timedelta(hours=24)
MAX_NAP_MINUTES = 720


@dataclass(frozen=True)
class DiaryEntry:
    """A night as written in the diary: clock times and minutes.

    ``lights_out`` defaults to the bed time and ``out_of_bed`` to the final wake time;
    ``naps`` are the minutes napped during the day before the night.
    """

    night: date
    bed: time
    wake: time
    lights_out: time | None = None
    latency: int = 0
    wakings: int = 0
    awake: int = 0
    out_of_bed: time | None = None
    quality: int | None = None
    naps: int = 0


@dataclass(frozen=True)
class Night:
    """A diary entry placed on the calendar: every moment a naive local date and time."""

    night: date
    bed: datetime
    lights_out: datetime
    wake: datetime
    out_of_bed: datetime
    latency: int
    wakings: int
    awake: int
    quality: int | None
    naps: int
    time_in_bed: int
    total_sleep: int

    @property
    def efficiency(self) -> float:
        """Sleep efficiency in percent: total sleep time over time in bed."""
        return 100.0 * self.total_sleep / self.time_in_bed


def _latest_before(moment: datetime, clock: time) -> datetime:
    candidate = datetime.combine(moment.date(), clock)
    return candidate if candidate < moment else candidate - timedelta(days=1)


def _first_from(moment: datetime, clock: time) -> datetime:
    candidate = datetime.combine(moment.date(), clock)
    return candidate if candidate >= moment else candidate + timedelta(days=1)


def _nearest(moment: datetime, clock: time) -> datetime:
    candidates = [datetime.combine(moment.date() + timedelta(days=d), clock) for d in (-1, 0, 1)]
    return min(candidates, key=lambda candidate: abs(candidate - moment))


def _check_count(value: int, field: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidEntry(field, f"{value!r} is not a whole number")
    if value < 0:
        raise InvalidEntry(field, f"{value} cannot be negative")
    if value > maximum:
        raise InvalidEntry(field, f"{value} is more than {maximum}")
    return value


def place_night(entry: DiaryEntry, zone: ZoneInfo | None = None) -> Night:
    """The night on the calendar with its computed times, or ``InvalidEntry`` naming the field
    that makes it impossible.

    The final wake is on the diary date. Bed time is the last time the clock showed it before
    the final wake (23:00 is the evening before, 01:00 the same morning); a night longer than
    18 hours is refused as a wake time before the bed time. Lights out is the first time its
    clock time comes at or after bed time and must come before the final wake. Getting out of
    bed is the occurrence of its clock time nearest the final wake and must not come before it.
    """
    wake = datetime.combine(entry.night, entry.wake)
    bed = _latest_before(wake, entry.bed)
    if wake - bed > MAX_NIGHT:
        raise InvalidEntry(
            "wake",
            f"{format_clock(entry.wake)} is before the bed time {format_clock(entry.bed)}: that "
            f"would be {_hours(wake - bed)} in bed (a night is at most "
            f"{_hours(MAX_NIGHT)}); check the times",
        )
    lights_out = bed if entry.lights_out is None else _first_from(bed, entry.lights_out)
    if lights_out >= wake:
        raise InvalidEntry(
            "lights_out",
            f"{format_clock(lights_out)} is not between the bed time {format_clock(bed)} and "
            f"the final wake {format_clock(wake)}",
        )
    out_of_bed = wake if entry.out_of_bed is None else _nearest(wake, entry.out_of_bed)
    if out_of_bed < wake:
        raise InvalidEntry(
            "out_of_bed",
            f"{format_clock(out_of_bed)} is before the final wake {format_clock(wake)}: you "
            "cannot get out of bed for the day before waking up for the last time",
        )
    if out_of_bed - bed > MAX_TIME_IN_BED:
        raise InvalidEntry(
            "out_of_bed", f"{_hours(out_of_bed - bed)} in bed is longer than a day; check the times"
        )
    trying = elapsed_minutes(lights_out, wake, zone)
    latency = _check_count(entry.latency, "latency", 24 * 60)
    if latency > trying:
        raise InvalidEntry(
            "latency",
            f"{latency} min to fall asleep is longer than the {trying} min from lights out "
            f"({format_clock(lights_out)}) to the final wake ({format_clock(wake)})",
        )
    awake = _check_count(entry.awake, "awake", 24 * 60)
    if latency + awake > trying:
        raise InvalidEntry(
            "awake",
            f"{awake} min awake plus {latency} min to fall asleep is longer than the {trying} "
            f"min from lights out to the final wake",
        )
    wakings = _check_count(entry.wakings, "wakings", 100)
    if awake > 0 and wakings == 0:
        raise InvalidEntry("wakings", f"{awake} min awake in the night needs at least one waking")
    quality = entry.quality
    if quality is not None:
        quality = _check_count(quality, "quality", 10)
    naps = _check_count(entry.naps, "naps", MAX_NAP_MINUTES)
    return Night(
        night=entry.night,
        bed=bed,
        lights_out=lights_out,
        wake=wake,
        out_of_bed=out_of_bed,
        latency=latency,
        wakings=wakings,
        awake=awake,
        quality=quality,
        naps=naps,
        time_in_bed=elapsed_minutes(bed, out_of_bed, zone),
        total_sleep=trying - latency - awake,
    )


def _hours(span: timedelta) -> str:
    minutes = round(span.total_seconds() / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def check_no_overlap(night: Night, others: Iterable[Night]) -> None:
    """``InvalidEntry`` if ``night`` shares any time in bed with another night of the diary."""
    for other in others:
        if other.night == night.night:
            continue
        if night.bed < other.out_of_bed and other.bed < night.out_of_bed:
            field = "bed" if other.night < night.night else "out_of_bed"
            raise InvalidEntry(
                field,
                f"this night ({_span(night)}) overlaps the night of {other.night.isoformat()} "
                f"({_span(other)})",
            )


def _span(night: Night) -> str:
    return f"in bed {night.bed:%Y-%m-%d %H:%M} – up {night.out_of_bed:%Y-%m-%d %H:%M}"


def wake_time_spread(nights: Sequence[Night]) -> float | None:
    """Regularity of the final wake time: the standard deviation of its clock time across
    nights, in minutes (lower is more regular). Times are taken around their circular mean,
    so a wake just after midnight is not 24 hours from one just before. None for one night.

    Source: the standard deviation of sleep timing, one of the regularity metrics compared by
    Fischer D, Klerman EB, Phillips AJK, Sleep 2021;44(10):zsab103.
    """
    if len(nights) < 2:
        return None
    minutes = [night.wake.hour * 60 + night.wake.minute for night in nights]
    angles = [2 * math.pi * m / 1440 for m in minutes]
    centre = (
        math.atan2(sum(map(math.sin, angles)), sum(map(math.cos, angles))) * 1440 / (2 * math.pi)
    )
    unwrapped = [centre + (m - centre + 720) % 1440 - 720 for m in minutes]
    return float(stdev(unwrapped))


@dataclass(frozen=True)
class SleepSummary:
    """Nights from ``first`` to ``last`` (diary dates) summarised."""

    first: date
    last: date
    nights: int
    time_in_bed: float
    total_sleep: float
    efficiency: float
    onset_latency: float
    waso: float
    wakings: float
    wake_time_spread: float | None
    quality: float | None
    naps: float


def summarise(nights: Sequence[Night], first: date, last: date) -> SleepSummary | None:
    """Means over the logged nights in [first, last] (minutes), or None if none is logged.

    The period's efficiency is total sleep over total time in bed (each night weighted by its
    time in bed), as CBT-I's weekly review uses it; unlogged nights are left out, never zero.
    """
    chosen = [night for night in nights if first <= night.night <= last]
    if not chosen:
        return None
    qualities = [night.quality for night in chosen if night.quality is not None]
    return SleepSummary(
        first=first,
        last=last,
        nights=len(chosen),
        time_in_bed=mean(night.time_in_bed for night in chosen),
        total_sleep=mean(night.total_sleep for night in chosen),
        efficiency=100.0
        * sum(night.total_sleep for night in chosen)
        / sum(night.time_in_bed for night in chosen),
        onset_latency=mean(night.latency for night in chosen),
        waso=mean(night.awake for night in chosen),
        wakings=mean(night.wakings for night in chosen),
        wake_time_spread=wake_time_spread(chosen),
        quality=mean(qualities) if qualities else None,
        naps=mean(night.naps for night in chosen),
    )


def weekly_summaries(nights: Sequence[Night]) -> list[SleepSummary]:
    """One summary per calendar week (Monday to Sunday, by diary date) that has a logged night,
    oldest first."""
    by_week: dict[date, list[Night]] = {}
    for night in nights:
        by_week.setdefault(night.night - timedelta(days=night.night.weekday()), []).append(night)
    weeks = []
    for monday in sorted(by_week):
        week = summarise(by_week[monday], monday, monday + timedelta(days=6))
        if week is not None:
            weeks.append(week)
    return weeks
