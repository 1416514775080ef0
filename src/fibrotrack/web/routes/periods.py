"""The period a page shows: the last 30, 90, 180 or 365 days, or dates the person chose."""

from datetime import date, timedelta
from enum import StrEnum

from fibrotrack.diary import InvalidEntry, parse_day
from fibrotrack.services.trends import check_period


class Period(StrEnum):
    DAYS_30 = "30"
    DAYS_90 = "90"
    DAYS_180 = "180"
    DAYS_365 = "365"
    CHOSEN = "chosen"

    @property
    def label(self) -> str:
        return "Chosen dates" if self is Period.CHOSEN else f"Last {self.value} days"


def choose_period(
    period: Period, start: str | None, end: str | None, today: date
) -> tuple[date, date]:
    """The first and last day to show; chosen dates must be real and in order."""
    if period is Period.CHOSEN:
        if not start or not end:
            raise InvalidEntry("from", "choose both a first and a last date")
        first, last = parse_day(start), min(parse_day(end), today)
        check_period(first, last)
        return first, last
    return today - timedelta(days=int(period.value) - 1), today
