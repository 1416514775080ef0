"""Fixtures for the web app: the real app on a real database (SQLite and PostgreSQL),
browsers that sign in as different people, and the real Chromium (Debian's, driven by
Playwright) with the steps the *_browser.py modules share: signing up, logging days, axe-core
in each colour mode, the 320 px reflow check and README screenshots."""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi.testclient import TestClient
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import Page, expect, sync_playwright

from conftest import LiveServer, copy_sqlite
from fibrotrack.config import Settings
from fibrotrack.services.accounts import create_account, create_owner
from fibrotrack.storage import Database, open_database
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
def site(database: Database, tmp_path: Path, prefilled_demo: None) -> Iterator[Site]:
    """The app on a migrated database, its demo already filled (see ``prefilled_demo``)."""
    settings = Settings(data_dir=tmp_path / "data")
    app = create_app(settings, database=database)
    yield Site(app, database, settings)


@pytest.fixture
def sqlite_site(
    sqlite_url: str, migrated_sqlite: Path, tmp_path: Path, prefilled_demo: None
) -> Iterator[Site]:
    copy_sqlite(migrated_sqlite, sqlite_url)
    database = open_database(sqlite_url)
    settings = Settings(data_dir=tmp_path / "data")
    yield Site(create_app(settings, database=database), database, settings)
    database.dispose()


CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}
LIGHT_AND_DARK: dict[str, dict[str, Any]] = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
}
MODES: dict[str, dict[str, Any]] = {
    **LIGHT_AND_DARK,
    "reduced motion": {"reduced_motion": "reduce", "color_scheme": "light"},
}
OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => d.open = true)"
StorageState = Any  # what BrowserContext.storage_state() returns, or None for no one


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    """One Chromium for a module's tests; each test opens contexts (fresh profiles) in it.

    Module scope, not session: while Playwright's sync API is started it marks its event loop
    as running in this thread, which would break later tests that run an asyncio loop."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def sign_up(page: Page, base: str, name: str = "Sam") -> None:
    """Create the owner account "sam" on the first-run page; ends signed in on Today."""
    page.goto(f"{base}/setup")
    page.fill("#name", name)
    page.fill("#username", "sam")
    page.fill("#password", PASSWORD)
    page.fill("#timezone", "Europe/London")
    page.click("button:has-text('Create account')")
    expect(page).to_have_url(f"{base}/today")


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button:has-text('Sign in')")


def add_account(live_server: LiveServer, username: str, role: str, name: str | None = None) -> None:
    database = open_database(live_server.settings.resolved_database_url)
    with database.session() as session:
        create_account(
            session, username=username, password=PASSWORD, role=role, name=name, timezone="UTC"
        )
    database.dispose()


def log_days(page: Page, base: str, days: int) -> None:
    """Log ``days`` days of ratings through the API, as the page's own scripts would."""
    page.goto(f"{base}/today")
    token = page.input_value("form.checkin input[name=csrf_token]")
    for offset in range(days):
        if offset % 5 == 3:
            continue  # some days are missing
        day = (date.today() - timedelta(days=offset)).isoformat()
        values = {
            "pain": 4 + offset % 4,
            "fatigue": 5 + offset % 3,
            "sleep_quality": 6 - offset % 3,
        }
        answer = page.request.put(
            f"{base}/api/v1/days/{day}",
            data={"values": values, "tags": ["food:oats"]},
            headers={"X-CSRF-Token": token},
        )
        assert answer.ok


def tap_button(page: Page, text: str) -> None:
    """Tap the button in the page's main part that says ``text``, once it is shown to be a
    44 px target."""
    button = page.locator(f"main button:has-text('{text}')")
    box = button.bounding_box()
    assert box and box["height"] >= 44, text
    button.tap()


def shot(page: Page, name: str) -> None:
    """A README screenshot. Each test writes its own names, so parallel workers never write
    the same file."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def axe_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


def axe_findings(
    chromium: Chromium,
    base: str,
    paths: Iterable[str],
    *,
    storage_state: StorageState = None,
    modes: Mapping[str, Mapping[str, Any]] = MODES,
    open_details: bool = False,
) -> list[str]:
    """axe-core's violations on every page of ``paths`` in every mode, as "mode path: rule"."""
    found = []
    for mode, options in modes.items():
        context = chromium.new_context(storage_state=storage_state, **options)
        page = context.new_page()
        for path in paths:
            page.goto(f"{base}{path}")
            if open_details:
                page.evaluate(OPEN_DETAILS)
            found += [f"{mode} {path}: {v}" for v in axe_violations(page)]
        context.close()
    return found


def too_wide_at_320(
    chromium: Chromium,
    base: str,
    paths: Iterable[str],
    *,
    storage_state: StorageState = None,
    open_details: bool = False,
) -> list[str]:
    """The pages of ``paths`` that scroll sideways in a 320 px wide window, as "path: Npx"."""
    context = chromium.new_context(
        storage_state=storage_state, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    too_wide = []
    for path in paths:
        page.goto(f"{base}{path}")
        if open_details:
            page.evaluate(OPEN_DETAILS)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{path}: {width}px")
    context.close()
    return too_wide
