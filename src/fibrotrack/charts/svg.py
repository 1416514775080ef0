"""SVG time charts: an axis frame and layers.

The SVG carries classes, never colours or inline styles: the page's stylesheet colours it,
so dark mode and high contrast follow, and a strict Content-Security-Policy holds.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Protocol

WIDTH = 360.0
HEIGHT = 180.0
LEFT, RIGHT, TOP, BOTTOM = 30.0, 8.0, 8.0, 22.0


@dataclass(frozen=True)
class Scale:
    """Maps days and values to chart coordinates."""

    start: date
    end: date
    low: float
    high: float

    @property
    def span_days(self) -> int:
        return max((self.end - self.start).days, 1)

    def x(self, day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - self.start).days / self.span_days

    def y(self, value: float) -> float:
        fraction = (value - self.low) / (self.high - self.low) if self.high > self.low else 0.5
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - fraction)


class Layer(Protocol):
    """Something drawn inside the chart frame."""

    def svg(self, scale: Scale) -> str: ...


@dataclass(frozen=True)
class DailyPoints:
    """One dot per logged day; missing days have no dot."""

    values: Mapping[date, float]
    css_class: str = "points"

    def svg(self, scale: Scale) -> str:
        dots = "".join(
            f'<circle cx="{scale.x(day):.1f}" cy="{scale.y(value):.1f}" r="1.8"/>'
            for day, value in sorted(self.values.items())
            if scale.start <= day <= scale.end
        )
        return f'<g class="{self.css_class}">{dots}</g>'


@dataclass(frozen=True)
class MeanLine:
    """A line through consecutive days; it breaks where a day has no value."""

    values: Mapping[date, float]
    css_class: str = "mean"

    def svg(self, scale: Scale) -> str:
        runs: list[list[str]] = []
        previous: date | None = None
        for day, value in sorted(self.values.items()):
            if not scale.start <= day <= scale.end:
                continue
            if previous is None or day - previous != timedelta(days=1):
                runs.append([])
            runs[-1].append(f"{scale.x(day):.1f},{scale.y(value):.1f}")
            previous = day
        lines = "".join(
            f'<polyline points="{" ".join(run)}"/>'
            if len(run) > 1
            else f'<circle cx="{run[0].split(",")[0]}" cy="{run[0].split(",")[1]}" r="1.5"/>'
            for run in runs
        )
        return f'<g class="{self.css_class}">{lines}</g>'


def day_ticks(start: date, end: date) -> list[date]:
    """Tick days: Mondays up to ~10 weeks, month starts up to ~7 months, every other month
    (January, March, …) up to ~18 months, else Januaries: labels never crowd."""
    span = (end - start).days
    if span <= 70:
        first = start + timedelta(days=(7 - start.weekday()) % 7)
        return [first + timedelta(days=7 * i) for i in range((end - first).days // 7 + 1)]
    ticks = []
    month = date(start.year, start.month, 1)
    while month <= end:
        every = 1 if span <= 220 else 2 if span <= 550 else 12
        if month >= start and (month.month - 1) % every == 0:
            ticks.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    if span > 550 and not ticks:
        ticks.append(start)
    return ticks


def _tick_label(day: date, start: date, end: date) -> str:
    span = (end - start).days
    if span <= 70:
        return f"{day.day} {day:%b}"
    if span <= 550:
        return f"{day:%b}" if day.month != 1 else f"{day:%b} {day:%y}"
    return f"{day.year}"


def time_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    scale: Scale,
    value_ticks: Sequence[float],
    layers: Sequence[Layer],
) -> str:
    """An accessible SVG chart: ``role="img"`` named by its title and described in words."""
    grid = "".join(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{scale.y(v):.1f}" y2="{scale.y(v):.1f}"/>'
        f'<text x="{LEFT - 4}" y="{scale.y(v) + 3.5:.1f}" text-anchor="end">{v:g}</text>'
        for v in value_ticks
    )
    ticks = "".join(
        f'<line x1="{scale.x(d):.1f}" x2="{scale.x(d):.1f}" y1="{HEIGHT - BOTTOM}" '
        f'y2="{HEIGHT - BOTTOM + 4}"/>'
        f'<text x="{scale.x(d):.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
        f"{escape(_tick_label(d, scale.start, scale.end))}</text>"
        for d in day_ticks(scale.start, scale.end)
    )
    body = "".join(layer.svg(scale) for layer in layers)
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<g class="grid">{grid}</g><g class="axis">{ticks}</g>{body}</svg>'
    )
