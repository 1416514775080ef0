"""The app as a server process runs it: what it loads at start-up is kept out of the garbage
collector's full collections, which otherwise paused every request of the worker."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import gc
from fastapi.testclient import TestClient
from fibrotrack.web.app import server_app
app = server_app()
frozen = gc.get_freeze_count()
page = TestClient(app).get("/", follow_redirects=True)
print(frozen, page.status_code, "Create your account" in page.text)
"""


def test_server_app_serves_pages_with_its_start_up_objects_frozen(tmp_path: Path) -> None:
    env = {**os.environ, "FIBROTRACK_DATA_DIR": str(tmp_path / "data")}
    env.pop("FIBROTRACK_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    frozen, status, first_page = done.stdout.split()
    assert int(frozen) > 100_000  # the modules, routes and compiled templates
    assert status == "200"
    assert first_page == "True"
