"""Trends: each daily variable over a chosen period, with its 7-day mean, as an SVG chart and
the table of the same numbers."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from fibrotrack.charts import DailyPoints, MeanLine, MeanWindow, Scale, rolling_mean, time_chart
from fibrotrack.diary import CORE_VARIABLES, InvalidEntry, VariableDefinition
from fibrotrack.services.checkin import history
from fibrotrack.storage.models import Person

MEAN_WINDOW = MeanWindow(days=7, min_days=4)
MAX_PERIOD_DAYS = 5 * 366


@dataclass(frozen=True)
class TrendRow:
    day: date
    value: float | None
    mean: float | None


@dataclass(frozen=True)
class Trend:
    variable: VariableDefinition
    svg: str
    rows: list[TrendRow]
    logged_days: int
    period_days: int
    summary: str


def check_period(start: date, end: date) -> None:
    if start > end:
        raise InvalidEntry("from", f"{start} is after the end date {end}")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidEntry("from", f"choose a period of at most {MAX_PERIOD_DAYS} days")


def _value_ticks(variable: VariableDefinition, highest: float) -> tuple[float, list[float]]:
    if variable.minimum == 0 and variable.maximum == 10:
        return 10.0, [0, 2, 4, 6, 8, 10]
    top = max(highest, 1.0)
    magnitude = 10 ** math.floor(math.log10(top))
    step = next(s * magnitude for s in (0.2, 0.5, 1, 2, 5, 10) if top / (s * magnitude) <= 5)
    high = step * math.ceil(top / step)
    return high, [step * i for i in range(round(high / step) + 1)]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _summary(variable: VariableDefinition, logged: int, days: int, means: list[float]) -> str:
    text = f"{variable.label}: logged on {logged} of {days} days."
    if means:
        text += f" 7-day mean {_fmt(means[0])} at the start, {_fmt(means[-1])} at the end."
    return text


def trends(session: Session, *, person: Person, start: date, end: date) -> list[Trend]:
    """One trend per core variable logged in [start, end]; variables never logged there are
    left out. Missing days stay gaps: no dot, no mean unless 4 of the 7 days were logged."""
    check_period(start, end)
    entries = history(session, person=person, start=start - timedelta(days=6), end=end)
    days = (end - start).days + 1
    found = []
    for variable in CORE_VARIABLES:
        values = {e.day: e.values[variable.key] for e in entries if variable.key in e.values}
        in_period = {d: v for d, v in values.items() if d >= start}
        if not in_period:
            continue
        means = rolling_mean(values, start, end, MEAN_WINDOW)
        high, ticks = _value_ticks(variable, max(in_period.values()))
        ordered_means = [means[d] for d in sorted(means)]
        summary = _summary(variable, len(in_period), days, ordered_means)
        svg = time_chart(
            chart_id=f"chart-{variable.key}",
            title=f"{variable.label}, {start:%-d %b %Y} to {end:%-d %b %Y}",
            description=summary,
            scale=Scale(start=start, end=end, low=variable.minimum or 0.0, high=high),
            value_ticks=ticks,
            layers=[DailyPoints(in_period), MeanLine(means)],
        )
        rows = [
            TrendRow(day, in_period.get(day), means.get(day))
            for day in sorted(set(in_period) | set(means), reverse=True)
        ]
        found.append(Trend(variable, svg, rows, len(in_period), days, summary))
    return found
