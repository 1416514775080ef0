"""The story's chart: the FIQR at every visit over the whole story, on its severity bands,
with flares shaded and the days practices started marked. Drawn on the server as SVG with
Matplotlib's object API, like the clinician report's charts (``fibrotrack.reports.charts``),
so the web page, the HTML file and the PDF show the same picture."""

import io
from datetime import date

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from fibrotrack.reports.charts import DASHES, FLARE, GRID, INK, MARKER, MM, MUTED, SVG_METADATA
from fibrotrack.reports.series import date_ticks
from fibrotrack.stories.model import Story

SIZE_MM = (180.0, 72.0)
BAND_COLOURS = ("#e3f1e6", "#eef4dc", "#fbf1d9", "#fbe3d6", "#f6d3d3")
LINE = "#5b3f91"


def fiqr_chart(story: Story) -> str | None:
    """The chart, or None when there is no FIQR to draw."""
    points = [
        (visit.day, visit.scores["fiqr"].total)
        for visit in story.scores.visits
        if "fiqr" in visit.scores
    ]
    if not points:
        return None
    days = [day for day, _ in points]
    first = min([*days, *(start for start, _ in story.flares), story.first_day or days[0]])
    last = max([*days, story.last_day or days[-1]])
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return float((day - first).days)

    width, height = SIZE_MM
    figure = Figure(figsize=(width * MM, height * MM))
    axes = figure.add_axes((0.07, 0.2, 0.74, 0.74))
    for band, colour in zip(story.scores.fiqr_bands, BAND_COLOURS, strict=False):
        axes.axhspan(band.low, band.high, color=colour, linewidth=0, zorder=0)
        axes.text(
            span * 1.015,
            (band.low + band.high) / 2,
            band.label,
            fontsize=6.5,
            color=MUTED,
            va="center",
            ha="left",
            clip_on=False,
        )
    for start, end in story.flares:
        if end >= first and start <= last:
            axes.axvspan(x(start) - 0.5, x(end) + 0.5, color=FLARE, alpha=0.8, linewidth=0)
    starts = [span_.start for span_ in story.practices if span_.in_plan and span_.start >= first]
    for day in starts:
        axes.axvline(x(day), color=MARKER, linewidth=0.7, linestyle=DASHES)
    xs = np.array([x(day) for day in days])
    ys = np.array([value for _, value in points])
    axes.plot(xs, ys, color=LINE, linewidth=1.3, marker="o", markersize=3.2, zorder=3)
    axes.set_xlim(-0.5, span + 0.5)
    axes.set_ylim(0, 100)
    axes.set_yticks([0, 25, 50, 75, 100])
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines[["left", "bottom"]].set_color(MUTED)
    axes.tick_params(labelsize=6.5, colors=MUTED, length=2.5, width=0.6)
    axes.grid(axis="y", color=GRID, linewidth=0.5)
    ticks = date_ticks(first, last, 9)
    axes.set_xticks([x(day) for day, _ in ticks], [label for _, label in ticks])
    axes.set_title(
        "FIQR total (0–100, lower is better) at each visit", loc="left", fontsize=7.5, color=INK
    )
    handles: list[Artist] = [
        Line2D([], [], color=LINE, marker="o", markersize=3, label="FIQR at a visit")
    ]
    if story.flares:
        handles.append(Patch(color=FLARE, label="flare"))
    if starts:
        handles.append(
            Line2D(
                [], [], color=MARKER, linewidth=0.7, linestyle=DASHES, label="a practice started"
            )
        )
    figure.legend(
        handles=handles,
        loc="lower left",
        ncol=len(handles),
        fontsize=6,
        frameon=False,
        bbox_to_anchor=(0.06, 0.0),
    )
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=SVG_METADATA)
    return buffer.getvalue()
