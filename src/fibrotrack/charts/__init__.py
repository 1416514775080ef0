"""Charts drawn on the server as SVG, so pages work without JavaScript and a PDF can show the
same picture. Pure: values in, SVG text out.

A chart is a time axis and a value axis with layers drawn in order. The trends page draws
daily points and the 7-day mean; other layers (shaded flares, intervention markers,
questionnaire bands) are further ``Layer`` implementations added beside these.
"""

from fibrotrack.charts.series import MeanWindow, rolling_mean
from fibrotrack.charts.svg import DailyPoints, Layer, MeanLine, Scale, time_chart

__all__ = [
    "DailyPoints",
    "Layer",
    "MeanLine",
    "MeanWindow",
    "Scale",
    "rolling_mean",
    "time_chart",
]
