"""A CBT-I style sleep window (sleep restriction therapy), prescribed from the sleep diary.

The rules are the standard ones (Spielman AJ, Saskin P, Thorpy MJ, Sleep 1987;10(1):45–56;
Miller CB et al., Sleep Med Rev 2014;18(5):415–424):

- the first window equals the mean total sleep time of the last week's diary, never less than
  5 hours, with a fixed rising time; the bed time is the rising time minus the window;
- each week the window is reviewed on that week's sleep efficiency (total sleep time over time
  in bed): at 90% or more it is extended by 15 minutes, from 85% to under 90% it is kept, under
  85% it is shortened by 15 minutes, never below the 5-hour minimum;
- a window and each review need at least 5 logged nights of the 7; until then the current
  window stands.

Sleep restriction makes people sleepier for the first weeks (Kyle SD et al., Sleep
2014;37(2):229–237): it belongs with a clinician, and some people should not do it at all.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from statistics import mean, median

from fibrotrack.body.sleep import Night
from fibrotrack.diary import InvalidEntry

MINIMUM_WINDOW = 5 * 60
STEP = 15
EXTEND_AT = 90.0
RESTRICT_BELOW = 85.0
REVIEW_DAYS = 7
MINIMUM_NIGHTS = 5

CAUTION = (
    "Sleep restriction makes you sleepier for the first weeks. Do it with a clinician who knows "
    "your health (a GP, a sleep clinic or a CBT-I therapist), and do not drive or use machinery "
    "if you feel sleepy."
)
DO_NOT_USE_IF: tuple[str, ...] = (
    "bipolar disorder or a history of mania (sleep loss can trigger an episode)",
    "epilepsy or seizures (sleep loss lowers the seizure threshold)",
    "parasomnias such as sleepwalking",
    "untreated sleep apnoea or another untreated sleep disorder",
    "pregnancy",
    "work or daily tasks that need sustained alertness, such as driving or operating machinery",
    "psychosis or current thoughts of suicide",
)


class WindowChange(StrEnum):
    FIRST = "first"
    EXTENDED = "extended"
    KEPT = "kept"
    SHORTENED = "shortened"
    AT_MINIMUM = "at minimum"


@dataclass(frozen=True)
class SleepWindow:
    """A prescribed time in bed, in force from the night dated ``start`` (its morning)."""

    start: date
    minutes: int
    rise: time
    change: WindowChange
    efficiency: float | None
    nights: int

    @property
    def bed(self) -> time:
        return (
            datetime.combine(date(2000, 1, 2), self.rise) - timedelta(minutes=self.minutes)
        ).time()

    @property
    def review_on(self) -> date:
        """The first diary date on which a week of nights under this window can be reviewed."""
        return self.start + timedelta(days=REVIEW_DAYS - 1)


def _week(nights: Sequence[Night], last: date) -> list[Night]:
    first = last - timedelta(days=REVIEW_DAYS - 1)
    return [night for night in nights if first <= night.night <= last]


def _enough(week: Sequence[Night], last: date) -> None:
    if len(week) < MINIMUM_NIGHTS:
        first = last - timedelta(days=REVIEW_DAYS - 1)
        raise InvalidEntry(
            "sleep_diary",
            f"{len(week)} of the 7 nights from {first} to {last} are logged; a sleep window "
            f"needs at least {MINIMUM_NIGHTS} (log them in the sleep diary)",
        )


def _round_to_step(minutes: float) -> int:
    return int(round(minutes / STEP) * STEP)


def usual_rise(nights: Sequence[Night]) -> time:
    """The median time of getting out of bed, to the nearest 15 minutes."""
    minutes = [night.out_of_bed.hour * 60 + night.out_of_bed.minute for night in nights]
    rounded = _round_to_step(median(minutes)) % 1440
    return time(rounded // 60, rounded % 60)


def first_window(nights: Sequence[Night], today: date, rise: time | None = None) -> SleepWindow:
    """The first window from the 7 nights ending ``today``: mean total sleep time (to the
    nearest 15 minutes, at least 5 hours), in force from tonight."""
    week = _week(nights, today)
    _enough(week, today)
    efficiency = 100.0 * sum(n.total_sleep for n in week) / sum(n.time_in_bed for n in week)
    return SleepWindow(
        start=today + timedelta(days=1),
        minutes=max(MINIMUM_WINDOW, _round_to_step(mean(n.total_sleep for n in week))),
        rise=rise or usual_rise(week),
        change=WindowChange.FIRST,
        efficiency=efficiency,
        nights=len(week),
    )


def adjusted(minutes: int, efficiency: float) -> tuple[int, WindowChange]:
    """The weekly rule: ≥ 90% extend by 15 min, 85–90% keep, < 85% shorten by 15 min (not
    below 5 hours)."""
    if efficiency >= EXTEND_AT:
        return minutes + STEP, WindowChange.EXTENDED
    if efficiency >= RESTRICT_BELOW:
        return minutes, WindowChange.KEPT
    if minutes - STEP < MINIMUM_WINDOW:
        return MINIMUM_WINDOW, WindowChange.AT_MINIMUM
    return minutes - STEP, WindowChange.SHORTENED


def next_window(
    current: SleepWindow, nights: Sequence[Night], today: date, rise: time | None = None
) -> SleepWindow:
    """The window after reviewing the 7 nights ending ``today`` under ``current``.

    Before a week has passed under the current window, or while fewer than 5 of the last 7
    nights are logged, the current window stands unchanged.
    """
    week = _week(nights, today)
    if today < current.review_on or len(week) < MINIMUM_NIGHTS:
        return current
    efficiency = 100.0 * sum(n.total_sleep for n in week) / sum(n.time_in_bed for n in week)
    minutes, change = adjusted(current.minutes, efficiency)
    return SleepWindow(
        start=today + timedelta(days=1),
        minutes=minutes,
        rise=rise or current.rise,
        change=change,
        efficiency=efficiency,
        nights=len(week),
    )
