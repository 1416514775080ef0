"""A day in the diary and the rules for recording one.

A day that was never logged is *missing*: it has no entry at all, never zeros, and nothing is
carried over from the day before unless the person asks for "same as yesterday".
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from fibrotrack.diary.errors import InvalidEntry

# The one-tap "bad day" check-in asks for only these.
BAD_DAY_VARIABLES: tuple[str, ...] = ("pain", "fatigue", "sleep_quality")

# Sources are kept apart; when several sources give the same variable on the same day, the
# person's own check-in wins, then the first source in alphabetical order (stable and visible).
CHECKIN_SOURCE = "checkin"

# A file that holds only part of a local day (a Fitbit month file cut at a UTC midnight) stores
# that part under a source of its own, so it can never overwrite the whole day's total.
_PART = re.compile(r"^(?P<whole>.+) \(UTC \d{4}-\d{2}-\d{2} only\)$")


@dataclass(frozen=True)
class DayEntry:
    """What is known of one day: values by variable key, tags present, and a note."""

    day: date
    values: Mapping[str, float] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.values and not self.tags and not self.note


# No diary, plan, result or flare is dated before this: an earlier date is a mistyped year, and
# it would stretch every calendar from it to today over centuries.
EARLIEST_DAY = date(1900, 1, 1)


def check_day(day: date, today: date, field: str = "date") -> date:
    """``day`` if a person can log it on ``today`` (their local date): not in the future and
    not before ``EARLIEST_DAY``; otherwise ``InvalidEntry`` naming ``field``."""
    if day > today:
        raise InvalidEntry(field, f"{day.isoformat()} is in the future (today is {today})")
    return check_not_too_early(day, field)


def check_not_too_early(day: date, field: str = "date") -> date:
    """``day`` unless it lies before ``EARLIEST_DAY`` (a mistyped year)."""
    if day < EARLIEST_DAY:
        raise InvalidEntry(
            field, f"{day.isoformat()} is before {EARLIEST_DAY.year}: check the year"
        )
    return day


def parse_day(text: str) -> date:
    """A calendar date written as YYYY-MM-DD from ``EARLIEST_DAY`` on, or
    ``InvalidEntry('date', ...)``."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidEntry("date", f"{text!r} is not a real date in the form YYYY-MM-DD") from None
    return check_not_too_early(day)


def copy_of_previous_day(previous: DayEntry | None, day: date) -> DayEntry:
    """ "Same as yesterday": the values and tags of the day before ``day``, without its note."""
    if previous is None or previous.day != day - timedelta(days=1) or previous.is_empty:
        raise InvalidEntry(
            "same_as_yesterday",
            f"nothing was logged on {(day - timedelta(days=1)).isoformat()} to copy",
        )
    return DayEntry(day=day, values=dict(previous.values), tags=previous.tags)


def part_source(whole: str, utc_day: date) -> str:
    """The source of the part of a local day's total that lies on the UTC date ``utc_day``,
    when a file of source ``whole`` holds only that part."""
    return f"{whole} (UTC {utc_day.isoformat()} only)"


def day_value(sources: Mapping[str, float | None]) -> float | None:
    """The value shown for one variable on one day, from the values each source recorded:
    the check-in's; else the first source's alphabetically, where the parts of a day that
    one source's files held separately count as that source's total, added up (until a file
    with the whole day is imported, which then wins over its parts)."""
    whole: dict[str, float | None] = {}
    parts: dict[str, list[float]] = {}
    for source, value in sources.items():
        part = _PART.match(source)
        if part is None:
            whole[source] = value
        elif value is not None:
            parts.setdefault(part.group("whole"), []).append(value)
    for source, values in parts.items():
        whole.setdefault(source, sum(values))
    return whole[choose_source(whole)] if whole else None


def choose_source(sources: Iterable[str]) -> str:
    """The source whose value is shown when several sources recorded the same variable."""
    ordered = sorted(set(sources))
    if not ordered:
        raise ValueError("no sources to choose from")
    return CHECKIN_SOURCE if CHECKIN_SOURCE in ordered else ordered[0]


def local_today(timezone: str, now: datetime) -> date:
    """The person's calendar date at the instant ``now`` (aware), in their time zone."""
    return now.astimezone(zone(timezone)).date()


# Files of the time zone database that name no place: the server's own zone and a placeholder.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


def known_timezones() -> list[str]:
    """Every time zone a person can choose, alphabetically."""
    return sorted(available_timezones() - NOT_PLACES)


def zone(timezone: str) -> ZoneInfo:
    """The IANA time zone named ``timezone``, or ``InvalidEntry('timezone', ...)``: a region
    alone ("Europe"), a name too long for a file and the database's files that name no place
    are not time zones."""
    try:
        if timezone in NOT_PLACES:
            raise ValueError(timezone)
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        shown = timezone if len(timezone) <= 60 else f"{timezone[:60]}…"
        raise InvalidEntry(
            "timezone", f"{shown!r} is not a known time zone, such as Europe/London"
        ) from None
