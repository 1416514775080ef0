"""How long the program's per-request work takes on the demo person's year.

The Program page computes today's activity target (flares and boom-bust on the whole diary,
then the pacing rule replayed week by week) and this week's adherence on every visit; the
weekly review reads two weeks. Run:

    .venv/bin/python benchmarks/program_status.py

It builds the demo in a temporary SQLite file and prints the median of 7 runs of each step.
"""

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from fibrotrack.program.catalogue import catalogue
from fibrotrack.services.demo import fill_demo
from fibrotrack.services.pacing_status import pacing_view
from fibrotrack.services.plan import adherence, review_week
from fibrotrack.storage import open_database
from fibrotrack.storage.models import Person

RUNS = 7


def median_seconds(step: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    today = datetime.now(UTC).date()
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'demo.sqlite'}")
        fill_demo(database, today=today)
        with database.session() as session:
            person = session.scalars(select(Person)).one()
            steps: dict[str, Callable[[], object]] = {
                "catalogue parse (uncached)": lambda: catalogue.__wrapped__(),
                "pacing status (flares, boom-bust, rule)": lambda: pacing_view(
                    session, person=person, today=today
                ),
                "adherence, last 8 weeks": lambda: adherence(
                    session, person=person, today=today, weeks=8
                ),
                "adherence, whole year": lambda: adherence(session, person=person, today=today),
                "weekly review": lambda: review_week(
                    session, person=person, day=today, today=today
                ),
            }
            for name, step in steps.items():
                print(f"{name:42s} {median_seconds(step) * 1000:8.1f} ms")
        database.dispose()


if __name__ == "__main__":
    main()
