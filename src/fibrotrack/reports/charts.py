"""The report's charts, drawn on the server as SVG with Matplotlib's object API (no pyplot, no
global state). Text is drawn as paths in Matplotlib's bundled DejaVu Sans, so a chart looks the
same in any browser and in the PDF, with no font to install and nothing fetched.

- Daily ratings: one panel per rating, each logged day a dot, the 7-day mean a line (broken
  where fewer than 4 of the 7 days were logged), flares shaded, starts and stops marked by
  numbered dashed lines.
- Graded activity: each week's mean of the measure (bars) against the week's target (steps).
- Body map: the front and back views, each WPI area shaded by the share of the period's ACR
  forms that marked it painful.

The x axis counts days from the start of the period; each day is drawn centred on its number.
"""

import io
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch
from matplotlib.typing import ColorType

from fibrotrack.reports.body_figure import VIEW_HEIGHT, VIEW_WIDTH, VIEWS
from fibrotrack.reports.model import Activity, BodyMap, DailyCharts, DailySeries, Marker, Period
from fibrotrack.reports.series import date_ticks

MM = 1 / 25.4
INK = "#1f1d24"
MUTED = "#5a5566"
GRID = "#e4e1ea"
FLARE = "#f6c9b8"
MARKER = "#3d3a45"
DASHES = (0, (3, 2))
SERIES_COLOURS = {"pain": "#b2182b", "fatigue": "#2166ac", "sleep_quality": "#1b7837"}
HEAT = LinearSegmentedColormap.from_list("heat", ["#fde0c5", "#f59e62", "#c2410c", "#7c1d06"])
NO_PAIN = "#f1eff4"
OUTLINE = "#d9d5e0"
SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
DAILY_SIZE_MM = (186.0, 100.0)
ACTIVITY_SIZE_MM = (110.0, 40.0)
BODY_SIZE_MM = (62.0, 66.0)


@dataclass(frozen=True)
class ReportCharts:
    """The report's charts as SVG documents (None when there is nothing to draw), and the
    numbered markers of the daily chart."""

    daily: str
    activity: str | None
    body_map: str | None
    markers: tuple[tuple[int, Marker], ...]


def render_charts(charts: DailyCharts, activity: Activity | None, body: BodyMap) -> ReportCharts:
    numbered = tuple(enumerate(charts.markers, start=1))
    return ReportCharts(
        daily=daily_chart(charts, numbered),
        activity=activity_chart(activity) if activity is not None and activity.weeks else None,
        body_map=body_map_chart(body) if body.forms else None,
        markers=numbered,
    )


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=SVG_METADATA)
    return buffer.getvalue()


def _style(axes: Axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines[["left", "bottom"]].set_color(MUTED)
    axes.tick_params(labelsize=6.5, colors=MUTED, length=2.5, width=0.6)
    axes.grid(axis="y", color=GRID, linewidth=0.5)
    axes.set_axisbelow(True)


def _x(period: Period, day: date) -> float:
    return float((day - period.start).days)


def _date_axis(axes: Axes, start: date, end: date, origin: date, most: int) -> None:
    ticks = date_ticks(start, end, most)
    axes.set_xticks([float((day - origin).days) for day, _ in ticks], [label for _, label in ticks])


def _values(values: tuple[float | None, ...]) -> np.ndarray:
    return np.array([np.nan if value is None else value for value in values], dtype=np.float64)


def _dots(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each logged day as a dot drawn by a round-capped stroke of almost no length, all in one
    path: a chart of a year stays one SVG element instead of hundreds of markers."""
    logged = np.flatnonzero(~np.isnan(values)).astype(np.float64)
    x = np.column_stack([logged - 0.001, logged + 0.001, logged]).ravel()
    known = values[~np.isnan(values)]
    y = np.column_stack([known, known, np.full(len(known), np.nan)]).ravel()
    return x, y


def daily_chart(charts: DailyCharts, markers: tuple[tuple[int, Marker], ...]) -> str:
    """Daily pain, fatigue and sleep quality over the period (see the module docstring)."""
    width, height = DAILY_SIZE_MM
    figure = Figure(figsize=(width * MM, height * MM))
    panels = len(charts.series)
    grid = figure.add_gridspec(
        panels + 1,
        1,
        height_ratios=[0.3 if markers else 0.02, *([1.0] * panels)],
        hspace=0.3,
        left=0.055,
        right=0.99,
        top=0.99,
        bottom=0.12,
    )
    period = charts.period
    strip = figure.add_subplot(grid[0, 0])
    strip.set_ylim(0, 1)
    strip.axis("off")
    _number_markers(strip, period, markers)
    axes_list: list[Axes] = []
    for row, series in enumerate(charts.series, start=1):
        axes = figure.add_subplot(grid[row, 0], sharex=strip)
        _panel(axes, series, charts, markers)
        axes.tick_params(labelbottom=row == panels)
        axes_list.append(axes)
    strip.set_xlim(-0.5, period.days - 0.5)
    _date_axis(axes_list[-1], period.start, period.end, period.start, most=13)
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            color=MUTED,
            marker="o",
            markersize=2.5,
            linestyle="none",
            alpha=0.6,
            markeredgewidth=0,
            label="a logged day",
        ),
        Line2D([], [], color=MUTED, linewidth=1.4, label="7-day mean (≥4 of 7 days logged)"),
    ]
    if charts.flares:
        handles.append(Patch(color=FLARE, label="flare"))
    if markers:
        handles.append(
            Line2D(
                [], [], color=MARKER, linewidth=0.7, linestyle=DASHES, label="started or stopped"
            )
        )
    figure.legend(
        handles=handles,
        loc="lower right",
        ncol=len(handles),
        fontsize=6,
        frameon=False,
        bbox_to_anchor=(0.99, 0.0),
        handlelength=1.6,
    )
    return _svg(figure)


def marker_groups(
    period: Period, markers: tuple[tuple[int, Marker], ...]
) -> list[tuple[date, str]]:
    """The markers' numbers as drawn above the chart: markers within 2% of the period of the
    first of a group share one label ("3–5"), so labels never overlap."""
    close = max(1, round(period.days * 0.02))
    groups: list[list[tuple[int, Marker]]] = []
    for number, marker in markers:
        if groups and (marker.day - groups[-1][0][1].day).days <= close:
            groups[-1].append((number, marker))
        else:
            groups.append([(number, marker)])
    return [
        (
            group[0][1].day,
            str(group[0][0]) if len(group) == 1 else f"{group[0][0]}–{group[-1][0]}",
        )
        for group in groups
    ]


def _number_markers(strip: Axes, period: Period, markers: tuple[tuple[int, Marker], ...]) -> None:
    """Numbered labels above the panels; a label close to the one before it goes to the other
    row."""
    spacing = max(2, round(period.days * 0.045))
    previous: date | None = None
    row = 0
    for day, label in marker_groups(period, markers):
        row = 1 - row if previous is not None and (day - previous).days <= spacing else 0
        previous = day
        strip.text(
            _x(period, day),
            0.25 if row == 0 else 0.8,
            label,
            ha="center",
            va="center",
            fontsize=6.5,
            color="white",
            bbox={
                "boxstyle": "round,pad=0.2,rounding_size=0.6",
                "facecolor": MARKER,
                "linewidth": 0,
            },
        )


def _panel(
    axes: Axes,
    series: DailySeries,
    charts: DailyCharts,
    markers: tuple[tuple[int, Marker], ...],
) -> None:
    _style(axes)
    period = charts.period
    colour = SERIES_COLOURS.get(series.key, INK)
    for start, end in charts.flares:
        axes.axvspan(
            _x(period, start) - 0.5, _x(period, end) + 0.5, color=FLARE, linewidth=0, zorder=0
        )
    for _, marker in markers:
        axes.axvline(_x(period, marker.day), color=MARKER, linewidth=0.7, linestyle=DASHES)
    dots_x, dots_y = _dots(_values(series.values))
    axes.plot(dots_x, dots_y, color=colour, alpha=0.45, linewidth=2.2, solid_capstyle="round")
    axes.plot(np.arange(period.days), _values(series.means), color=colour, linewidth=1.4)
    axes.set_ylim(-0.3, series.maximum + 0.3)
    axes.set_yticks([0, series.maximum / 2, series.maximum])
    better = "lower is better" if series.higher_is_worse else "higher is better"
    axes.set_title(
        f"{series.label} (0–{series.maximum:g}, {better})", loc="left", fontsize=7, color=INK, pad=2
    )


def activity_chart(activity: Activity) -> str:
    """Each week's mean of the graded measure against that week's target."""
    width, height = ACTIVITY_SIZE_MM
    figure = Figure(figsize=(width * MM, height * MM))
    axes = figure.add_axes((0.09, 0.2, 0.89, 0.68))
    _style(axes)
    origin = activity.weeks[0].start
    starts = np.array([(week.start - origin).days for week in activity.weeks], dtype=np.float64)
    means = _values(tuple(week.mean for week in activity.weeks))
    targets = np.array([week.target for week in activity.weeks], dtype=np.float64)
    axes.bar(
        starts + 3.5, means, width=5.5, color="#b9a3e8", label=f"mean {activity.unit}/day that week"
    )
    axes.stairs(
        targets, np.append(starts, starts[-1] + 7), color="#5b3f91", linewidth=1.3, label="target"
    )
    last = activity.weeks[-1].start
    _date_axis(axes, origin, last + timedelta(days=6), origin, most=7)
    axes.set_xlim(-1, starts[-1] + 8)
    axes.set_title(
        f"{activity.measure} ({activity.unit}/day) against the graded target",
        loc="left",
        fontsize=7,
        color=INK,
        pad=2,
    )
    axes.legend(fontsize=6, frameon=False, loc="upper left", ncol=2, handlelength=1.2)
    logged = means[~np.isnan(means)]
    axes.set_ylim(0, max(float(targets.max()), float(logged.max()) if len(logged) else 0) * 1.35)
    return _svg(figure)


def body_map_chart(body: BodyMap) -> str:
    """The front and back views, each area shaded by the share of forms marking it."""
    width, height = BODY_SIZE_MM
    figure = Figure(figsize=(width * MM, height * MM))
    for column, (title, shapes) in enumerate(VIEWS):
        axes = figure.add_axes((0.02 + column * 0.49, 0.12, 0.47, 0.8))
        axes.set_xlim(0, VIEW_WIDTH)
        axes.set_ylim(VIEW_HEIGHT, 0)
        axes.set_aspect("equal")
        axes.axis("off")
        axes.set_title(title, fontsize=7, color=INK, pad=1)
        for shape in shapes:
            face: ColorType
            if shape.area is None:
                face, edge = "white", OUTLINE
            else:
                share = body.counts.get(shape.area, 0) / body.forms
                face = HEAT(share) if share > 0 else NO_PAIN
                edge = "#8a8494"
            axes.add_patch(
                FancyBboxPatch(
                    (shape.x, shape.y),
                    shape.width,
                    shape.height,
                    boxstyle=f"round,pad=0,rounding_size={shape.radius}",
                    facecolor=face,
                    edgecolor=edge,
                    linewidth=0.5,
                )
            )
        left, right = ("R", "L") if title == "Front" else ("L", "R")
        axes.text(4, 410, left, fontsize=6, color=MUTED, ha="left")
        axes.text(VIEW_WIDTH - 4, 410, right, fontsize=6, color=MUTED, ha="right")
    scale = figure.add_axes((0.2, 0.05, 0.6, 0.035))
    steps = 32
    for step in range(steps):
        scale.axvspan(step / steps, (step + 1) / steps, color=HEAT((step + 0.5) / steps), lw=0)
    scale.set_xlim(0, 1)
    scale.set_yticks([])
    scale.set_xticks([0, 1], ["some forms", "every form"])
    scale.tick_params(labelsize=5.5, colors=MUTED, length=0, pad=1)
    for spine in scale.spines.values():
        spine.set_visible(False)
    return _svg(figure)
