"""Fixtures for the web app: the real app on a real database (SQLite and PostgreSQL), and
browsers that sign in as different people."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.services.accounts import create_account, create_owner
from fibrotrack.storage import Database
from fibrotrack.web.app import create_app

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


class Browser:
    """A TestClient with its own cookies, that signs in through the real login form."""

    def __init__(self, app: object) -> None:
        self.client = TestClient(app, follow_redirects=False)  # type: ignore[arg-type]

    def csrf(self, path: str = "/login") -> str:
        page = self.client.get(path)
        match = CSRF.search(page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        response = self.post("/login", {"username": username, "password": password})
        assert response.status_code == 303, response.text

    def post(self, path: str, data: dict[str, object] | None = None, *, page: str = "/login"):
        token = (self.client.cookies.get("ft_csrf") and self.csrf(page)) or self.csrf(page)
        return self.client.post(path, data={"csrf_token": token, **(data or {})})

    def get(self, path: str, **kwargs: object):
        return self.client.get(path, **kwargs)  # type: ignore[arg-type]


@dataclass
class Site:
    app: object
    database: Database
    settings: Settings

    def browser(self) -> Browser:
        return Browser(self.app)

    def account(self, username: str, role: str = "person", name: str | None = None) -> int:
        """Create an account directly (the owner first, as admin); returns its id."""
        with self.database.session() as session:
            from fibrotrack.services.accounts import has_accounts

            if not has_accounts(session) and role == "admin":
                account = create_owner(
                    session, username=username, password=PASSWORD, name=name, timezone="UTC"
                )
            else:
                account = create_account(
                    session,
                    username=username,
                    password=PASSWORD,
                    role=role,
                    name=name,
                    timezone="UTC",
                )
            return account.id

    def signed_in(self, username: str, role: str = "person", name: str | None = None) -> Browser:
        self.account(username, role, name)
        browser = self.browser()
        browser.sign_in(username)
        return browser


@pytest.fixture
def site(database: Database, tmp_path: Path) -> Iterator[Site]:
    settings = Settings(data_dir=tmp_path / "data")
    app = create_app(settings, database=database)
    yield Site(app, database, settings)


@pytest.fixture
def sqlite_site(sqlite_url: str, tmp_path: Path) -> Iterator[Site]:
    from fibrotrack.storage import open_database

    database = open_database(sqlite_url)
    database.upgrade()
    settings = Settings(data_dir=tmp_path / "data")
    yield Site(create_app(settings, database=database), database, settings)
    database.dispose()
