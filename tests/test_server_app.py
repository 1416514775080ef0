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


PASSWORD_HASH = """
from fastapi.testclient import TestClient
from sqlalchemy import select
from fibrotrack.config import load_settings
from fibrotrack.storage import open_database
from fibrotrack.storage.models import Account
from fibrotrack.web.app import server_app
app = server_app()
client = TestClient(app)
page = client.get("/setup")
token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
form = {"csrf_token": token, "name": "Sam", "username": "sam", "password": "a long passphrase",
        "timezone": "UTC"}
client.post("/setup", data=form)
with open_database(load_settings().resolved_database_url).session() as session:
    print(session.scalars(select(Account.password_hash)).one())
"""


def test_the_app_hashes_passwords_with_argon2id_at_the_rfc_9106_parameters(
    tmp_path: Path,
) -> None:
    """The suite signs in with cheap argon2 parameters (tests/conftest.py); the app itself, in a
    process of its own, uses RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes."""
    env = {**os.environ, "FIBROTRACK_DATA_DIR": str(tmp_path / "data")}
    env.pop("FIBROTRACK_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", PASSWORD_HASH], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
