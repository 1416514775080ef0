"""Overlay layers for time charts: shaded day spans (flares), day markers (plan changes and
interventions), value bands (a questionnaire's severity bands) and sparse scores joined by a
line (questionnaire totals).

Like every layer they carry classes, never colours; each overlay also has a ``<title>`` so a
pointer shows what it is, and the page lists the same things in words beside the chart.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from fibrotrack.charts.svg import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, Scale


def _day_edges(scale: Scale, start: date, end: date) -> tuple[float, float] | None:
    """The x range a run of days covers, half a day either side of the first and last day,
    clipped to the frame; None when the run lies outside the period."""
    first, last = max(start, scale.start), min(end, scale.end)
    if first > last:
        return None
    half = (scale.x(scale.start + timedelta(days=1)) - scale.x(scale.start)) / 2
    left = max(scale.x(first) - half, LEFT)
    right = min(scale.x(last) + half, WIDTH - RIGHT)
    return left, right


@dataclass(frozen=True)
class DaySpan:
    """A run of days from ``start`` to ``end`` (both included), named by ``label``."""

    start: date
    end: date
    label: str
    kind: str = ""


@dataclass(frozen=True)
class ShadedSpans:
    """Runs of days shaded the full height of the chart, behind the points: flares."""

    spans: Sequence[DaySpan]
    css_class: str = "spans"

    def svg(self, scale: Scale) -> str:
        rects = []
        for span in sorted(self.spans, key=lambda s: s.start):
            edges = _day_edges(scale, span.start, span.end)
            if edges is None:
                continue
            left, right = edges
            kind = f' class="{escape(span.kind)}"' if span.kind else ""
            rects.append(
                f'<rect{kind} x="{left:.1f}" y="{TOP:g}" width="{right - left:.1f}" '
                f'height="{HEIGHT - TOP - BOTTOM:g}"><title>{escape(span.label)}</title></rect>'
            )
        return f'<g class="{self.css_class}">{"".join(rects)}</g>'


@dataclass(frozen=True)
class DayMark:
    """Something that happened on ``day``: ``kind`` (started, changed, stopped) becomes the
    mark's class, ``label`` its title."""

    day: date
    label: str
    kind: str


@dataclass(frozen=True)
class DayMarkers:
    """A vertical line on each marked day with a small triangle at the top; marks outside the
    period are left out."""

    marks: Sequence[DayMark]
    css_class: str = "markers"

    def svg(self, scale: Scale) -> str:
        drawn = []
        bottom = HEIGHT - BOTTOM
        for mark in sorted(self.marks, key=lambda m: m.day):
            if not scale.start <= mark.day <= scale.end:
                continue
            x = scale.x(mark.day)
            drawn.append(
                f'<g class="{escape(mark.kind)}"><title>{escape(mark.label)}</title>'
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP:g}" y2="{bottom:g}"/>'
                f'<path d="M{x - 3:.1f} {TOP:g}h6l-3 5z"/></g>'
            )
        return f'<g class="{self.css_class}">{"".join(drawn)}</g>'


@dataclass(frozen=True)
class ValueBand:
    """Values above ``low`` up to ``high``, named by ``label``; ``level`` orders the bands
    from the mildest (1) up and becomes the class ``band-<level>``."""

    low: float
    high: float
    label: str
    level: int


@dataclass(frozen=True)
class ValueBands:
    """Horizontal bands the width of the chart, behind the points, each labelled at its
    right edge when it is tall enough to hold the text."""

    bands: Sequence[ValueBand]
    css_class: str = "bands"

    def svg(self, scale: Scale) -> str:
        drawn = []
        for band in self.bands:
            low = max(band.low, scale.low)
            high = min(band.high, scale.high)
            if high <= low:
                continue
            top, bottom = scale.y(high), scale.y(low)
            label = escape(band.label)
            text = (
                f'<text x="{WIDTH - RIGHT - 2:g}" y="{top + 8:.1f}" text-anchor="end">'
                f"{label}</text>"
                if bottom - top >= 10
                else ""
            )
            drawn.append(
                f'<g class="band-{band.level}"><title>{label}</title>'
                f'<rect x="{LEFT:g}" y="{top:.1f}" width="{WIDTH - LEFT - RIGHT:g}" '
                f'height="{bottom - top:.1f}"/>{text}</g>'
            )
        return f'<g class="{self.css_class}">{"".join(drawn)}</g>'


@dataclass(frozen=True)
class JoinedPoints:
    """Scores taken now and then (questionnaires): a dot for each, joined in order by one
    line, since the days between were never meant to have a score."""

    values: Mapping[date, float]
    css_class: str = "scores"

    def svg(self, scale: Scale) -> str:
        shown = [
            (scale.x(day), scale.y(value))
            for day, value in sorted(self.values.items())
            if scale.start <= day <= scale.end
        ]
        line = (
            f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in shown)}"/>'
            if len(shown) > 1
            else ""
        )
        dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>' for x, y in shown)
        return f'<g class="{self.css_class}">{line}{dots}</g>'
