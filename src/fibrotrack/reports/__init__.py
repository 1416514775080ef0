"""The clinician report: one model (``model``), built by ``fibrotrack.services.report`` from a
person's data for a period, rendered as an HTML page (``html``) and a two-page PDF (``pdf``)
with the same server-drawn SVG charts (``charts``) and the same words (``wording``).

No I/O beyond reading files shipped with fibrotrack and its libraries (templates, the web
app's CSS, Matplotlib's DejaVu fonts): the package takes a ``Report`` and returns text or bytes.
"""

from fibrotrack.reports.charts import ReportCharts, render_charts
from fibrotrack.reports.html import render_body, render_page
from fibrotrack.reports.model import Period, Report
from fibrotrack.reports.pdf import render_pdf

__all__ = [
    "Period",
    "Report",
    "ReportCharts",
    "render_body",
    "render_charts",
    "render_page",
    "render_pdf",
]
