"""Bulk scoring speed: ``fibrotrack score INSTRUMENT --csv`` on a large generated file.

Run: .venv/bin/python benchmarks/score_csv.py [ROWS]
Prints rows per second and peak traced memory (a second, traced run) for FIQR, ACR 2016 and
PHQ-9 files of ROWS rows (default 100 000) with random answers (seeded), scored through the
same service the CLI uses. Every row is checked before anything is written, so memory grows
with the file.
"""

import csv
import random
import sys
import time
import tracemalloc
from io import StringIO

from fibrotrack.instruments import get
from fibrotrack.instruments.acr_criteria import AREA_IDS
from fibrotrack.services.scoring import score_csv


def generated(instrument_id: str, rows: int, rng: random.Random) -> str:
    instrument = get(instrument_id)
    columns = ["participant", *(item.id for item in instrument.items)]
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for number in range(rows):
        cells: list[str] = [f"p{number}"]
        for item in instrument.items:
            if item.id == "areas":
                cells.append(";".join(rng.sample(AREA_IDS, rng.randint(0, 19))))
            elif item.kind == "yes_no":
                cells.append(rng.choice(["yes", "no"]))
            else:
                cells.append(str(rng.choice(item.values)))
        writer.writerow(cells)
    return out.getvalue()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(20261127)
    for instrument_id in ("fiqr", "acr2016", "phq9"):
        text = generated(instrument_id, rows, rng)
        started = time.perf_counter()
        summary = score_csv(instrument_id, StringIO(text, newline=""), StringIO())
        elapsed = time.perf_counter() - started
        assert summary.rows == rows
        tracemalloc.start()
        score_csv(instrument_id, StringIO(text, newline=""), StringIO())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{instrument_id:8} {rows} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s, "
            f"peak traced memory {peak / 2**20:.0f} MiB (input {len(text) / 2**20:.0f} MiB)"
        )


if __name__ == "__main__":
    main()
