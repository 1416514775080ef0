"""Charts drawn on the server as SVG, so pages work without JavaScript and a PDF can show the
same picture. Pure: values in, SVG text out.

A chart is a time axis and a value axis with layers drawn in order. The trends page draws
daily points and the 7-day mean with shaded flares and marks for plan changes and
interventions; questionnaire charts draw their totals over the instrument's severity bands.
"""

from fibrotrack.charts.layers import (
    DayMark,
    DayMarkers,
    DaySpan,
    JoinedPoints,
    ShadedSpans,
    ValueBand,
    ValueBands,
)
from fibrotrack.charts.series import MeanWindow, rolling_mean
from fibrotrack.charts.svg import DailyPoints, Layer, MeanLine, Scale, time_chart

__all__ = [
    "DailyPoints",
    "DayMark",
    "DayMarkers",
    "DaySpan",
    "JoinedPoints",
    "Layer",
    "MeanLine",
    "MeanWindow",
    "Scale",
    "ShadedSpans",
    "ValueBand",
    "ValueBands",
    "rolling_mean",
    "time_chart",
]
