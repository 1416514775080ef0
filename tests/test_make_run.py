"""`make run` serves the first page on the port and data directory it is given."""

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx

from conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


def test_make_run_serves_the_first_page(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PORT": str(port), "FIBROTRACK_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        page = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=True, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert page is not None, "make run did not serve the first page"
        assert page.status_code == 200
        assert "Create your account" in page.text
        assert "Open the demo" in page.text
        assert (tmp_path / "data" / "fibrotrack.sqlite").exists()
        assert (tmp_path / "data" / "secret_key").exists()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}" in output
