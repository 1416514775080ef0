"""The menstrual cycle: from logged period dates to the cycle day and phase of every day, and
symptoms by phase.

Nothing assumes a 28-day cycle. Each finished cycle (one period start to the next) is phased
from its own length, counting the luteal phase back from the next period: the luteal phase is
the most constant part of the cycle and the variation in cycle length comes mainly from the
follicular phase (Bull JR et al., npj Digit Med 2019;2:83: mean luteal 12.4 days, 95% range
7–17; the calendar convention is 14 days). So, in a cycle of L days with bleeding on days 1..B:

- menstrual: days 1..B (B as logged; 5 when the end was not logged and the person has no
  logged period length to go by);
- estimated ovulation: day L − 14; the ovulatory phase is that day ± 1;
- follicular: after bleeding until the ovulatory phase; luteal: after it until day L.

The current, unfinished cycle has no known length: its phases are provisional, estimated from
the median length of the person's last (up to 6) finished cycles, marked as such, and left out
of symptoms by phase. Once it runs past that length its later days are "unknown". A gap of more
than 90 days between period starts is not a cycle (Bull et al. excluded such cycles; it is more
likely a missed log or no cycle than one cycle): it is not phased, not flagged against the usual
range and not counted among the cycle lengths. Every phase except bleeding is an estimate from
the calendar, not a measurement of ovulation.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import mean, median, stdev

from scipy.stats import t as student_t

from fibrotrack.diary import InvalidEntry, check_day

LUTEAL_DAYS = 14
OVULATORY_HALF_WIDTH = 1
DEFAULT_BLEEDING_DAYS = 5
MAX_PERIOD_DAYS = 15
MIN_CYCLE_DAYS = 10
MAX_PHASED_CYCLE_DAYS = 90
USUAL_CYCLE_DAYS = (
    24,
    38,
)  # FIGO 2018 normal frequency (Munro MG et al., Int J Gynaecol Obstet 2018;143:393–408)
CYCLES_FOR_PREDICTION = 6


class CyclePhase(StrEnum):
    MENSTRUAL = "menstrual"
    FOLLICULAR = "follicular"
    OVULATORY = "ovulatory"
    LUTEAL = "luteal"
    UNKNOWN = "unknown"


PHASE_ORDER = (CyclePhase.MENSTRUAL, CyclePhase.FOLLICULAR, CyclePhase.OVULATORY, CyclePhase.LUTEAL)


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None = None


@dataclass(frozen=True)
class Cycle:
    """From one period start to the day before the next; ``length`` is None while unfinished."""

    start: date
    length: int | None
    bleeding_days: int
    bleeding_logged: bool

    @property
    def finished(self) -> bool:
        return self.length is not None

    @property
    def phased(self) -> bool:
        return self.length is not None and MIN_CYCLE_DAYS <= self.length <= MAX_PHASED_CYCLE_DAYS

    @property
    def gap(self) -> bool:
        """More than 90 days to the next period start: a missed log or no cycle, not a cycle."""
        return self.length is not None and self.length > MAX_PHASED_CYCLE_DAYS

    @property
    def usual_length(self) -> bool | None:
        """Whether the length is in the usual range; None while unfinished or for a gap."""
        if self.length is None or self.gap:
            return None
        return USUAL_CYCLE_DAYS[0] <= self.length <= USUAL_CYCLE_DAYS[1]


@dataclass(frozen=True)
class CycleDay:
    day: date
    cycle_start: date
    cycle_day: int
    phase: CyclePhase
    provisional: bool


def _latest_end(period: Period) -> date:
    """The last day of bleeding, or for a period with no last day yet the latest it could be."""
    if period.end is not None:
        return period.end
    return period.start + timedelta(days=MAX_PERIOD_DAYS - 1)


def _describe(period: Period) -> str:
    until = f"to {period.end}" if period.end is not None else "(no last day yet)"
    return f"{period.start} {until}"


def _starts_within(start: date, earlier: Period) -> str:
    if earlier.end is None:
        return (
            f"{start} may be part of the period from {earlier.start}, which has no last day "
            "yet; give that period's last day first"
        )
    return (
        f"{start} is inside or right after the period from {_describe(earlier)}; to make that "
        f"period longer, give {earlier.start} as the first day with the new last day"
    )


def _runs_into(period: Period, later: Period) -> str:
    if period.end is None:
        return (
            f"the period from {_describe(later)} starts {(later.start - period.start).days} "
            f"days after {period.start}; give this period's last day"
        )
    return (
        f"{period.end} is inside or right before the period from {_describe(later)}; a period "
        "ends at least a day before the next one starts"
    )


def check_period(period: Period, others: Sequence[Period], today: date) -> None:
    """``InvalidEntry`` naming the field of ``period`` (new or changed) at fault: a date in the
    future, an end before its start, a period longer than 15 days, or one that meets another.

    Periods meet when one starts on or before the day after the other's last day: bleeding on
    following days is one period, and taking it for two would make a cycle of a few days. A
    period with no last day yet could last 15 days, so another may start only after that; give
    its last day first.
    """
    check_day(period.start, today, "start")
    if period.end is not None:
        if period.end < period.start:
            raise InvalidEntry("end", f"{period.end} is before the start {period.start}")
        check_day(period.end, today, "end")
        if (period.end - period.start).days + 1 > MAX_PERIOD_DAYS:
            raise InvalidEntry(
                "end",
                f"a period of {(period.end - period.start).days + 1} days is longer than "
                f"{MAX_PERIOD_DAYS}; check the dates (bleeding that long is worth "
                "discussing with your clinician)",
            )
    for other in sorted(others, key=lambda found: found.start):
        if other.start <= period.start:
            if period.start <= _latest_end(other) + timedelta(days=1):
                raise InvalidEntry("start", _starts_within(period.start, other))
        elif other.start <= _latest_end(period) + timedelta(days=1):
            raise InvalidEntry("end", _runs_into(period, other))


def usual_bleeding_days(periods: Sequence[Period]) -> int:
    lengths = [(p.end - p.start).days + 1 for p in periods if p.end is not None]
    return round(median(lengths)) if lengths else DEFAULT_BLEEDING_DAYS


def cycles(periods: Sequence[Period]) -> list[Cycle]:
    """Every cycle from the first logged period start, oldest first; the last is unfinished."""
    ordered = sorted(periods, key=lambda period: period.start)
    fallback = usual_bleeding_days(ordered)
    found = []
    for index, period in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        length = (following.start - period.start).days if following else None
        logged = period.end is not None
        bleeding = (period.end - period.start).days + 1 if period.end is not None else fallback
        if length is not None:
            bleeding = min(bleeding, length)
        found.append(Cycle(period.start, length, bleeding, logged))
    return found


def cycle_lengths(found: Sequence[Cycle]) -> list[int]:
    """The lengths of the finished cycles, oldest first, leaving out gaps over 90 days."""
    return [cycle.length for cycle in found if cycle.length is not None and not cycle.gap]


def predicted_length(found: Sequence[Cycle]) -> int | None:
    """The median length of the last (up to 6) finished, phased cycles, or None."""
    lengths = [cycle.length for cycle in found if cycle.phased and cycle.length is not None]
    recent = lengths[-CYCLES_FOR_PREDICTION:]
    return round(median(recent)) if recent else None


def phase_in(cycle_day: int, length: int, bleeding_days: int) -> CyclePhase:
    """The phase of ``cycle_day`` (1 = first day of bleeding) in a cycle of ``length`` days."""
    if cycle_day <= bleeding_days:
        return CyclePhase.MENSTRUAL
    ovulation = length - LUTEAL_DAYS
    if abs(cycle_day - ovulation) <= OVULATORY_HALF_WIDTH:
        return CyclePhase.OVULATORY
    if cycle_day < ovulation:
        return CyclePhase.FOLLICULAR
    return CyclePhase.LUTEAL


def cycle_day_of(found: Sequence[Cycle], day: date) -> CycleDay | None:
    """The cycle day and phase of ``day``, or None before the first logged period."""
    current = None
    for cycle in found:
        if cycle.start <= day:
            current = cycle
    if current is None:
        return None
    number = (day - current.start).days + 1
    if current.length is not None:
        if current.phased:
            phase = phase_in(number, current.length, current.bleeding_days)
        else:
            phase = CyclePhase.MENSTRUAL if number <= current.bleeding_days else CyclePhase.UNKNOWN
        return CycleDay(day, current.start, number, phase, provisional=False)
    expected = predicted_length(found)
    if number <= current.bleeding_days:
        phase = CyclePhase.MENSTRUAL
    elif expected is None or number > expected:
        phase = CyclePhase.UNKNOWN
    else:
        phase = phase_in(number, expected, current.bleeding_days)
    return CycleDay(day, current.start, number, phase, provisional=True)


def cycle_days(periods: Sequence[Period], first: date, last: date) -> list[CycleDay]:
    """The cycle day and phase of every day from ``first`` to ``last`` that has one."""
    found = cycles(periods)
    days = []
    day = first
    while day <= last:
        entry = cycle_day_of(found, day)
        if entry is not None:
            days.append(entry)
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class PhaseSymptoms:
    """A symptom's level in one phase across finished cycles.

    Each cycle contributes the mean of its logged days in the phase; the interval is a
    t interval across cycles, so days within one cycle are not counted as independent.
    """

    phase: CyclePhase
    cycles: int
    days: int
    mean: float | None
    low: float | None
    high: float | None


def symptoms_by_phase(
    days: Sequence[CycleDay], values: Mapping[date, float], confidence: float = 0.95
) -> list[PhaseSymptoms]:
    """A symptom by phase over finished, phased cycles (provisional days left out)."""
    per_cycle: dict[CyclePhase, dict[date, list[float]]] = {phase: {} for phase in PHASE_ORDER}
    for entry in days:
        if entry.provisional or entry.phase == CyclePhase.UNKNOWN or entry.day not in values:
            continue
        per_cycle[entry.phase].setdefault(entry.cycle_start, []).append(values[entry.day])
    result = []
    for phase in PHASE_ORDER:
        means = [mean(found) for found in per_cycle[phase].values()]
        count = sum(len(found) for found in per_cycle[phase].values())
        if not means:
            result.append(PhaseSymptoms(phase, 0, 0, None, None, None))
            continue
        centre = mean(means)
        low = high = None
        if len(means) >= 2:
            half = float(student_t.ppf(1 - (1 - confidence) / 2, len(means) - 1)) * (
                stdev(means) / math.sqrt(len(means))
            )
            low, high = centre - half, centre + half
        result.append(PhaseSymptoms(phase, len(means), count, centre, low, high))
    return result
