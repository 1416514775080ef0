"""Load benchmark of the web app: people with 5 years of data each, 50 concurrent simulated
users, the server in its own processes (uvicorn with several workers, as deployed), driven
from this process over loopback only.

Each simulated user signs in, then repeats what a person does: open Today, save a check-in
(the form post), change one rating (the autosave PATCH), open Trends (the last 90 days), with
a random pause between steps (exponential, mean ``--think`` seconds). The run stops by itself
after ``--minutes``. It reports the p50/p95/p99 latency of each step and every error.

    .venv/bin/python benchmarks/web_load.py --database sqlite --minutes 10
    .venv/bin/python benchmarks/web_load.py --database postgresql://postgres@127.0.0.1/test \
        --minutes 10

With PostgreSQL the benchmark works in a schema of its own, dropped at the end. ``--keep NAME``
keeps the filled database instead (a schema NAME, or for SQLite a file NAME.sqlite in the
temporary directory) and reuses it on the next run with the same NAME, to save the filling
while trying changes; the reported runs start from a fresh one.

Besides latencies it reports the CPU time the server used per request: the uvicorn processes,
and with PostgreSQL its server processes serving the benchmark's database. On a machine shared
with other work the latencies rise with the load average; the CPU time per request much less.
"""

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from fibrotrack.analysis.synthetic import demo_diary
from fibrotrack.diary import CHECKIN_SOURCE, parse_tag
from fibrotrack.services.accounts import create_account
from fibrotrack.storage import Database, open_database
from fibrotrack.storage.catalogue import ensure_person_variable, variables_of
from fibrotrack.storage.models import Note, Observation, Person

PASSWORD = "benchmark password"
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
YEARS_OF_DATA = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fill(database: Database, people: int, today: date) -> int:
    """``people`` accounts, each holding 5 years of synthetic daily data; returns row count."""
    rows = 0
    for index in range(people):
        diary = demo_diary(today, n_days=YEARS_OF_DATA * 365 + 1, seed=index + 1)
        with database.session() as session:
            account = create_account(
                session,
                username=f"user{index}",
                password=PASSWORD,
                role="person",
                name=f"Benchmark {index}",
                timezone="UTC",
            )
            person = session.get(Person, account.person_id)
            assert person is not None
            tags = {
                text: ensure_person_variable(
                    session, person_id=person.id, definition=parse_tag(text)
                )
                for text in sorted({t for day in diary.days for t in day.tags})
            }
            known = variables_of(session, person_id=person.id)
            observations = []
            notes = []
            for day in diary.days:
                for key, value in day.values.items():
                    observations.append(
                        {
                            "person_id": person.id,
                            "variable_id": known[key].id,
                            "day": day.day,
                            "source": CHECKIN_SOURCE,
                            "value": value,
                            "recorded_at": datetime.now(UTC),
                        }
                    )
                for tag in day.tags:
                    observations.append(
                        {
                            "person_id": person.id,
                            "variable_id": tags[tag].id,
                            "day": day.day,
                            "source": CHECKIN_SOURCE,
                            "value": 1.0,
                            "recorded_at": datetime.now(UTC),
                        }
                    )
                if day.note:
                    notes.append(
                        {
                            "person_id": person.id,
                            "day": day.day,
                            "kind": "day",
                            "source": CHECKIN_SOURCE,
                            "text": day.note,
                            "in_story": False,
                            "created_at": datetime.now(UTC),
                        }
                    )
            session.execute(insert(Observation), observations)
            if notes:
                session.execute(insert(Note), notes)
            rows += len(observations) + len(notes)
    return rows


class Recorder:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    async def timed(self, step: str, call) -> httpx.Response | None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            response = await call
        except httpx.HTTPError as error:
            self.errors.append(f"{step}: {type(error).__name__}: {error}")
            return None
        self.latencies[step].append((time.perf_counter() - started) * 1000)
        expected = 303 if step in {"sign in", "check-in (form post)"} else 200
        if response.status_code != expected:
            self.errors.append(f"{step}: HTTP {response.status_code}")
        return response


async def sign_in(client: httpx.AsyncClient, username: str, recorder: Recorder) -> None:
    page = await recorder.timed("login page", client.get("/login"))
    if page is None:
        return
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    await recorder.timed(
        "sign in",
        client.post(
            "/login", data={"csrf_token": token, "username": username, "password": PASSWORD}
        ),
    )


async def simulated_user(
    client: httpx.AsyncClient, index: int, deadline: float, think: float, recorder: Recorder
) -> None:
    """One person's visits until the deadline; signed in already."""
    rng = random.Random(index)

    async def pause() -> None:
        await asyncio.sleep(rng.expovariate(1 / think))

    await asyncio.sleep(rng.random() * think * 4)
    while time.monotonic() < deadline:
        page = await recorder.timed("Today page", client.get("/today"))
        if page is None or page.status_code != 200:
            await pause()
            continue
        token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
        await pause()
        ratings = {
            key: str(rng.randint(0, 10))
            for key in ("pain", "fatigue", "sleep_quality", "brain_fog", "mood", "stress")
        }
        await recorder.timed(
            "check-in (form post)",
            client.post(
                "/today",
                data={"csrf_token": token, **ratings, "sleep_hours": "7", "note": "benchmark"},
            ),
        )
        await pause()
        today = date.today().isoformat()
        await recorder.timed(
            "check-in (autosave PATCH)",
            client.patch(
                f"/api/v1/days/{today}",
                json={"values": {"pain": rng.randint(0, 10)}},
                headers={"X-CSRF-Token": token},
            ),
        )
        await pause()
        await recorder.timed("Trends page (90 days)", client.get("/trends"))
        await pause()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(server_pid: int, database: str | None) -> tuple[float, float, set[int]]:
    """CPU seconds so far of the uvicorn processes (the server and its workers) and of the
    PostgreSQL processes connected to ``database``, and the server's child processes."""
    app = cpu_seconds(server_pid)
    postgres = 0.0
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == server_pid:
            app += cpu_seconds(int(entry.name))
            children.add(int(entry.name))
        elif database and command.startswith("postgres: ") and f" {database} " in command:
            postgres += cpu_seconds(int(entry.name))
    return app, postgres, children


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", help="sqlite, or a PostgreSQL URL")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause, seconds")
    parser.add_argument("--keep", help="keep the filled database under this name and reuse it")
    args = parser.parse_args()

    workdir = Path(tempfile.gettempdir()) if args.keep else Path(tempfile.mkdtemp(prefix="ft-"))
    schema = None
    database_name = None
    if args.database == "sqlite":
        path = workdir / f"{args.keep or 'bench'}.sqlite"
        url = f"sqlite:///{path}"
        kind = "SQLite"
        filled = args.keep is not None and path.exists()
    else:
        schema = args.keep or f"bench_{uuid.uuid4().hex[:10]}"
        base_url = args.database.replace("postgresql://", "postgresql+psycopg://", 1)
        database_name = make_url(base_url).database
        admin = create_engine(base_url)
        with admin.begin() as connection:
            filled = bool(
                connection.execute(
                    text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"),
                    {"s": schema},
                ).first()
            )
            if not filled:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in base_url else "?"
        url = f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"
        kind = "PostgreSQL"
    try:
        if not filled:
            started = time.perf_counter()
            database = open_database(url)
            database.upgrade()
            rows = fill(database, args.people, date.today())
            database.dispose()
            print(
                f"{kind}: {args.people} people × {YEARS_OF_DATA} years, {rows} rows in "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
        else:
            print(f"{kind}: reusing the database kept as {args.keep}", flush=True)

        port = free_port()
        env = dict(
            os.environ,
            FIBROTRACK_DATABASE_URL=url,
            FIBROTRACK_DATA_DIR=str(workdir),
            FIBROTRACK_SECRET_KEY="benchmark-secret-key-" + uuid.uuid4().hex,
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "fibrotrack.web.app:server_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.25)
            recorder = Recorder()
            before: list[tuple[float, float, set[int]]] = []

            async def run() -> float:
                """Everyone signs in (four at a time: argon2id is slow on purpose), then the
                measured period starts."""
                clients = [
                    httpx.AsyncClient(
                        base_url=base,
                        timeout=60,
                        limits=httpx.Limits(max_connections=2, keepalive_expiry=2),
                    )
                    for _ in range(args.users)
                ]
                gate = asyncio.Semaphore(4)

                async def one(i: int) -> None:
                    async with gate:
                        await sign_in(clients[i], f"user{i % args.people}", recorder)

                await asyncio.gather(*(one(i) for i in range(args.users)))
                before.append(server_cpu(server.pid, database_name))
                deadline = time.monotonic() + args.minutes * 60
                run_start = time.perf_counter()
                await asyncio.gather(
                    *(
                        simulated_user(clients[i], i, deadline, args.think, recorder)
                        for i in range(args.users)
                    )
                )
                for client in clients:
                    await client.aclose()
                return time.perf_counter() - run_start

            load_before = os.getloadavg()
            elapsed = asyncio.run(run())
            after = server_cpu(server.pid, database_name)
            load_after = os.getloadavg()
        finally:
            server.terminate()
            server.wait(timeout=30)

        measured = {
            k: v for k, v in recorder.latencies.items() if k not in {"login page", "sign in"}
        }
        total = sum(len(v) for v in measured.values())
        print(
            f"\n{kind}, {args.workers} workers, {args.users} users, think {args.think} s, "
            f"{elapsed / 60:.1f} min: {total} requests ({total / elapsed:.1f}/s), "
            f"{len(recorder.errors)} errors"
        )
        print("| step | requests | p50 ms | p95 ms | p99 ms | max ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for step, values in recorder.latencies.items():
            if step == "login page":
                continue
            print(
                f"| {step} | {len(values)} | {statistics.median(values):.0f} | "
                f"{percentile(values, 95):.0f} | {percentile(values, 99):.0f} | "
                f"{max(values):.0f} |"
            )
        app_cpu = after[0] - before[0][0]
        postgres_cpu = after[1] - before[0][1]
        restarted = len(before[0][2] - after[2])
        print(
            f"server CPU per request: {1000 * app_cpu / max(total, 1):.1f} ms in uvicorn"
            + (f", {1000 * postgres_cpu / max(total, 1):.1f} ms in PostgreSQL" if schema else "")
            + f" ({app_cpu + postgres_cpu:.0f} CPU s in {elapsed:.0f} s); "
            f"{restarted} worker processes replaced during the run"
        )
        print(
            f"load average (1, 5, 15 min) at the start {load_before}, at the end {load_after}; "
            f"{os.cpu_count()} cores"
        )
        for error in recorder.errors[:20]:
            print("error:", error)
    finally:
        if schema is not None:
            if not args.keep:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
