"""How long a one-year clinician report takes for the demo person. Run:

    .venv/bin/python benchmarks/report.py

It builds the demo in a temporary SQLite file, then times the report of the last 365 days:
gathering the data (``build_report``), drawing the charts, writing the PDF and the HTML page.
"Stored estimates" is the usual case of a second look (the page, then its PDF; or a clinician
opening it again): the before/after estimates stored with the digest of their inputs are
reused. "After a diary change" deletes the stored estimates first, as a new check-in does, so
the insight engine fits its before/after model again for each of the demo's interventions.
Prints the median of 5 runs of each.
"""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from fibrotrack.reports import render_charts, render_page, render_pdf
from fibrotrack.services.demo import fill_demo
from fibrotrack.services.report import build_report, report_period
from fibrotrack.storage import open_database
from fibrotrack.storage.models import EffectEstimate, Person

RUNS = 5


def median_seconds(step: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(RUNS):
        if before is not None:
            before()
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    today = datetime.now(UTC).date()
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'demo.sqlite'}")
        fill_demo(database, today=today)
        period = report_period(today - timedelta(days=364), today, today=today)
        with database.session() as session:
            person = session.scalars(select(Person)).one()

            def build() -> object:
                return build_report(session, person=person, period=period, today=today)

            def forget_estimates() -> None:
                session.execute(delete(EffectEstimate))
                session.flush()

            def whole_report() -> None:
                report = build_report(session, person=person, period=period, today=today)
                charts = render_charts(report.charts, report.program.activity, report.body_map)
                render_pdf(report, charts)
                render_page(report, charts)

            report = build_report(session, person=person, period=period, today=today)
            charts = render_charts(report.charts, report.program.activity, report.body_map)
            rows = {
                "gather the data (stored estimates)": median_seconds(build),
                "draw the charts (SVG)": median_seconds(
                    lambda: render_charts(report.charts, report.program.activity, report.body_map)
                ),
                "write the PDF": median_seconds(lambda: render_pdf(report, charts)),
                "write the HTML page": median_seconds(lambda: render_page(report, charts)),
                "whole report, PDF and HTML (stored estimates)": median_seconds(whole_report),
                "whole report, PDF and HTML, after a diary change": median_seconds(
                    whole_report, before=forget_estimates
                ),
            }
            session.rollback()
        database.dispose()
    threads = os.environ.get("OMP_NUM_THREADS", "not set")
    print(f"One-year report of the demo person ({period.days} days), OMP_NUM_THREADS={threads}")
    print(f"median of {RUNS} runs\n")
    print("| step | median |")
    print("|---|---|")
    for name, seconds in rows.items():
        print(f"| {name} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
