"""Apple Health import: fibrotrack against healthkit-to-sqlite on the same export.xml.

Runs each command under ``/usr/bin/time -v`` on a fresh SQLite file, reports wall time and
peak resident memory, and checks fibrotrack's daily values against the generator's truth.
fibrotrack is measured twice: the ``fibrotrack import`` command as a person runs it, and the
import service alone in a fresh process (``--service``), which leaves out the modules every
command loads at start whatever it does.

    python benchmarks/generate_apple_health.py --size-mb 1024 --well-formed \\
        --output /tmp/interop-bench/export.xml
    python -m venv /tmp/interop-bench/hk
    /tmp/interop-bench/hk/bin/pip install healthkit-to-sqlite
    python benchmarks/apple_health_import.py --file /tmp/interop-bench/export.xml \\
        --healthkit-to-sqlite /tmp/interop-bench/hk/bin/healthkit-to-sqlite
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

FIBROTRACK = Path(sys.executable).with_name("fibrotrack")


def measured(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory in MB and standard output of ``command``."""
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    if wall is None or peak is None:
        raise SystemExit("no measurements from /usr/bin/time")
    seconds = 0.0
    for part in wall.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    return seconds, int(peak.group(1)) / 1024, result.stdout


def run_service(file: Path, database: Path, timezone: str) -> None:
    """The import as the CLI does it, without the CLI: read, then write in one transaction."""
    from fibrotrack.interop import ImportOptions
    from fibrotrack.services.imports import read_import, write_import
    from fibrotrack.services.people import create_person
    from fibrotrack.storage import open_database

    store = open_database(f"sqlite:///{database}")
    store.upgrade()
    plan = read_import(file, format="apple-health", options=ImportOptions(timezone=timezone))
    with store.session() as session:
        person = create_person(session, name=None, timezone=timezone)
        write_import(session, plan=plan, person=person)
    store.dispose()


def check_truth(truth_path: Path, database: Path) -> str:
    import sqlite3

    truth = json.loads(truth_path.read_text())
    with sqlite3.connect(database) as connection:
        stored = connection.execute(
            "SELECT variables.key, observations.day, observations.value FROM observations "
            "JOIN variables ON variables.id = observations.variable_id"
        ).fetchall()
    found: dict[str, dict[str, float]] = {}
    for key, day, value in stored:
        found.setdefault(key, {})[day] = value
    wrong = sum(
        1
        for key, days in truth.items()
        for day, value in days.items()
        if abs(found.get(key, {}).get(day, float("nan")) - value) > 1e-3
    )
    total = sum(len(days) for days in truth.values())
    return f"{total - wrong}/{total} daily values equal to the generator's truth"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path)
    parser.add_argument(
        "--healthkit-to-sqlite", type=Path, help="its command, to compare with (optional)"
    )
    parser.add_argument("--timezone", default="Etc/GMT-1")
    parser.add_argument("--service", nargs=2, metavar=("FILE", "DATABASE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.service:
        run_service(Path(arguments.service[0]), Path(arguments.service[1]), arguments.timezone)
        return
    if arguments.file is None:
        parser.error("--file is required")
    size = arguments.file.stat().st_size / 1024 / 1024
    with tempfile.TemporaryDirectory(dir=arguments.file.parent) as work:
        ours = Path(work) / "fibrotrack.sqlite"
        theirs = Path(work) / "healthkit.db"
        seconds, peak, output = measured(
            [
                "env",
                f"FIBROTRACK_TIMEZONE={arguments.timezone}",
                f"FIBROTRACK_DATA_DIR={work}",
                str(FIBROTRACK),
                "--database",
                f"sqlite:///{ours}",
                "import",
                "apple-health",
                str(arguments.file),
                "--yes",
                "--json",
            ]
        )
        written = json.loads(output)["written"]["observations"]["new"]
        truth = Path(f"{arguments.file}.truth.json")
        checked = check_truth(truth, ours) if truth.exists() else "no truth file"
        alone = Path(work) / "service.sqlite"
        service_seconds, service_peak, _ = measured(
            [
                sys.executable,
                __file__,
                "--timezone",
                arguments.timezone,
                "--service",
                str(arguments.file),
                str(alone),
            ]
        )
        checked_alone = check_truth(truth, alone) if truth.exists() else "no truth file"
        other = None
        if arguments.healthkit_to_sqlite is not None:
            command = [str(arguments.healthkit_to_sqlite), str(arguments.file), str(theirs)]
            other = measured([*command, "--xml", "-s"])
    print(f"file: {arguments.file} ({size:.0f} MB)")
    print(
        f"fibrotrack import (the command): {seconds:.1f} s, peak {peak:.0f} MB; "
        f"{written} values; {checked}"
    )
    print(
        f"fibrotrack import (the service alone): {service_seconds:.1f} s, peak "
        f"{service_peak:.0f} MB; {checked_alone}"
    )
    if other is not None:
        other_seconds, other_peak, _ = other
        print(f"healthkit-to-sqlite: {other_seconds:.1f} s, peak {other_peak:.0f} MB")
        print(f"fibrotrack is {other_seconds / seconds:.1f}x faster")


if __name__ == "__main__":
    main()
