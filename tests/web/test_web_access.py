"""Nobody else's data is reachable by any URL.

Every route of the app is enumerated (including /api/v1 and the mounted demo), so a route added
later is covered without touching this test. Each is called with every method it accepts,
its path parameters filled with the victim's ids, as another person, as a clinician the victim
never shared with, and anonymously, with a valid CSRF token and a body that would change
something. The victim's data must never appear in an answer and must be unchanged afterwards.
"""

import io
import re
from collections.abc import Iterator
from datetime import date, time, timedelta
from typing import Any

from fastapi.routing import iter_route_contexts
from sqlalchemy import select
from starlette.routing import Mount

from fibrotrack.body.sleep import DiaryEntry
from fibrotrack.services.accounts import start_login_session
from fibrotrack.services.api_tokens import create_api_token
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.cycle import log_period
from fibrotrack.services.diet import start_protocol
from fibrotrack.services.import_jobs import queue_import
from fibrotrack.services.insights import review_flare
from fibrotrack.services.invitations import create_invitation
from fibrotrack.services.labs import add_lab_result
from fibrotrack.services.pain_map import record_pain_map
from fibrotrack.services.plan import add_practice, log_practice
from fibrotrack.services.preferences import renew_calendar_feed
from fibrotrack.services.questionnaire_forms import save_draft, submit_form
from fibrotrack.services.recovery import set_schedule
from fibrotrack.services.review_answers import save_review_answers
from fibrotrack.services.sharing import create_share, record_access, redeem_share
from fibrotrack.services.sleep import log_night
from fibrotrack.storage.models import Account, Base, LoginSession, Person
from fibrotrack.storage.types import utc_now

from .conftest import PASSWORD, Browser, Site

MARKERS = (
    "Victim Alpha",
    "victim-a",
    "MARKER-NOTE-7f3a",
    "markertag",
    "Dr Trusted",
    "MARKER-REVIEW-2c9d",
)
PUBLIC = {"/", "/setup", "/login", "/register", "/openapi.json", "/theme", "/logout"}
VOLATILE = {"last_seen_at", "last_used_at"}


def routes_of(app: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every (path, method) the app answers, mounted apps included; static files excluded."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.route, Mount):
            if context.path != "/static":
                yield from routes_of(context.route.app, prefix + context.path)
            continue
        for method in sorted(context.methods or {"GET"}):
            if method != "HEAD":
                yield prefix + context.path, method


def snapshot(site: Site, person_id: int) -> dict[str, list[dict[str, object]]]:
    """Every row that belongs to the person, their accounts, or what they created."""
    rows: dict[str, list[dict[str, object]]] = {}
    with site.database.session() as session:
        accounts = set(session.scalars(select(Account.id).where(Account.person_id == person_id)))
        for table in Base.metadata.sorted_tables:
            found = []
            for row in session.execute(select(table)).mappings():
                owned = row.get("person_id") == person_id or (
                    table.name == "people" and row["id"] == person_id
                )
                owned = owned or any(
                    row.get(column) in accounts
                    for column in ("account_id", "clinician_id", "created_by_id")
                )
                if owned:
                    found.append({k: v for k, v in row.items() if k not in VOLATILE})
            rows[table.name] = sorted(found, key=repr)
    return rows


class Victim:
    def __init__(self, site: Site) -> None:
        site.account("owner", "admin")
        site.account("victim-a", "person", "Victim Alpha")
        site.account("trusted", "clinician")
        today = date.today()
        with site.database.session() as session:
            account = session.scalars(select(Account).where(Account.username == "victim-a")).one()
            trusted = session.scalars(select(Account).where(Account.username == "trusted")).one()
            owner = session.scalars(select(Account).where(Account.username == "owner")).one()
            person = session.get(Person, account.person_id)
            assert person is not None
            self.person_id = person.id
            self.day = today - timedelta(days=1)
            check_in(
                session,
                person=person,
                change=CheckIn(
                    day=self.day,
                    values={"pain": 7},
                    add_tags=["markertag"],
                    note="MARKER-NOTE-7f3a",
                ),
                today=today,
            )
            record_pain_map(session, person=person, day=self.day, areas=["neck"], today=today)
            response = submit_form(
                session,
                person=person,
                instrument_id="phq9",
                answers={f"q{n}": 1 for n in range(1, 10)},
                taken_at=utc_now(),
                today=today,
            )
            save_draft(
                session, person=person, instrument_id="gad7", answers={"q1": 2}, now=utc_now()
            )
            review_flare(
                session, person=person, start=self.day, end=self.day, confirmed=True, today=today
            )
            set_schedule(session, person=person, instrument="gad7", every_days=28, start=today)
            add_practice(session, person=person, practice_id="walking", today=today, start=self.day)
            log_night(
                session,
                person=person,
                entry=DiaryEntry(night=self.day, bed=time(23, 0), wake=time(7, 0), quality=5),
                today=today,
            )
            lab = add_lab_result(
                session,
                person=person,
                day=self.day,
                today=today,
                analyte="ferritin",
                value=40,
                unit="ng/mL",
                lab="MARKER-NOTE-7f3a",
            )
            start_protocol(session, person=person, foods=["markertag"], start=today, today=today)
            log_period(session, person=person, today=today, start=self.day, end=None)
            log_practice(session, person=person, practice_id="walking", day=self.day, today=today)
            save_review_answers(
                session,
                person=person,
                day=self.day,
                today=today,
                now=utc_now(),
                went_well="MARKER-REVIEW-2c9d",
            )
            share, code = create_share(session, person=person, label="Dr Trusted", now=utc_now())
            redeem_share(session, clinician=trusted, code=code, now=utc_now())
            record_access(session, clinician=trusted, person=person, what="Overview", now=utc_now())
            token_row, _token = create_api_token(
                session, account=account, name="victim script", now=utc_now()
            )
            renew_calendar_feed(session, person_id=person.id, secret_key="x")
            invitation, _code = create_invitation(
                session, admin=owner, role="person", note=None, now=utc_now()
            )
            upload = queue_import(
                session,
                person=person,
                format="visible",
                file_name="victim-a.csv",
                upload=io.BytesIO(
                    b"observation_date,tracker_name,tracker_category,observation_value"
                ),
                uploads=site.settings.data_dir / "uploads",
                preview=True,
            )
            upload.status = "ready"
            self.cookie = start_login_session(session, account=account, user_agent="victim")
            session.flush()
            login = session.scalars(
                select(LoginSession).where(LoginSession.account_id == account.id)
            ).one()
            self.ids = {
                "person_id": person.id,
                "share_id": share.id,
                "token_id": token_row.id,
                "session_id": login.id,
                "invitation_id": invitation.id,
                "response_id": response.id,
                "instrument_id": "gad7",
                "practice_id": "walking",
                "import_id": upload.id,
                "result_id": lab.id,
            }

    def fill(self, path: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1).split(":")[0]
            if name in {"day", "start"}:
                return self.day.isoformat()
            if name == "token":
                return "0" * 64
            return str(self.ids.get(name, self.person_id))

        return re.sub(r"\{([^}]+)\}", value, path)


def identity(site: Site, username: str, role: str) -> Browser:
    """A fresh signed-in browser (created without argon2, so every route gets its own)."""
    site.account(username, role)
    browser = site.browser()
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        token = start_login_session(session, account=account, user_agent="attacker")
    browser.client.cookies.set("ft_session", token)
    return browser


def attempt(browser: Browser, method: str, path: str, day: date) -> Any:
    token = browser.csrf("/login")
    form = {
        "csrf_token": token,
        "date": day.isoformat(),
        "pain": "1",
        "note": "overwritten",
        "area": "jaw_left",
        "label": "attacker",
        "name": "attacker",
        "theme": "dark",
        "confirm": "delete everything",
        "password": PASSWORD,
        "role": "person",
        "timezone": "UTC",
        "code": "",
        "practice_id": "walking",
        "start": day.isoformat(),
        "end": day.isoformat(),
        "every": "14",
        "night": day.isoformat(),
        "went_well": "overwritten",
    }
    body = {
        "values": {"pain": 1},
        "tags": ["attacker"],
        "areas": ["jaw_left"],
        "clear": ["pain"],
        "practice_id": "walking",
        "start": day.isoformat(),
        "end": day.isoformat(),
    }
    headers = {"X-CSRF-Token": token}
    if method == "GET":
        return browser.client.get(path)
    if path.startswith(("/api/", "/demo/api/")):
        return browser.client.request(method, path, json=body, headers=headers)
    return browser.client.request(method, path, data=form, headers=headers)


def test_no_route_reaches_another_persons_data(site: Site) -> None:
    victim = Victim(site)
    routes = sorted(set(routes_of(site.app)))
    paths = {path for path, _method in routes}
    assert {"/api/v1/days", "/api/v1/days/{day}", "/today", "/settings", "/demo/today"} <= paths
    assert "/clinician/people/{person_id}" in paths
    before = snapshot(site, victim.person_id)
    assert before["observations"] and before["shares"] and before["access_log"]
    assert before["questionnaire_responses"] and before["questionnaire_drafts"]
    assert before["plan_items"] and before["practice_logs"] and before["weekly_review_answers"]
    assert before["flare_confirmations"] and before["questionnaire_schedules"]
    assert before["sleep_nights"] and before["lab_results"]
    assert before["diet_protocols"] and before["menstrual_periods"]

    for number, (path, method) in enumerate(routes):
        url = victim.fill(path)
        someone = identity(site, f"other-person-{number}", "person")
        stranger = identity(site, f"other-clinician-{number}", "clinician")
        anonymous = site.browser()
        for who, browser in (("person", someone), ("clinician", stranger), ("anon", anonymous)):
            response = attempt(browser, method, url, victim.day)
            where = f"{method} {url} as {who}"
            assert response.status_code < 500, where
            for marker in MARKERS:
                assert marker not in response.text, f"{marker!r} leaked by {where}"
            if who == "anon" and path not in PUBLIC and not path.startswith("/demo"):
                if path.startswith("/api/"):
                    assert response.status_code == 401, where
                elif not path.startswith("/calendar/"):
                    assert response.status_code in {303, 403}, where
                    if response.status_code == 303:
                        location = response.headers["location"].split("?")[0]
                        assert location.endswith("/login"), where

    assert snapshot(site, victim.person_id) == before
    owner_browser = site.browser()
    owner_browser.client.cookies.set("ft_session", victim.cookie)
    page = owner_browser.get("/today", params={"date": victim.day.isoformat()})
    assert "MARKER-NOTE-7f3a" in page.text


def test_api_needs_a_token_and_answers_401_without(site: Site) -> None:
    anonymous = site.browser()
    api = [(p, m) for p, m in routes_of(site.app) if p.startswith("/api/v1")]
    assert len(api) >= 6
    for path, method in api:
        response = anonymous.client.request(method, path.replace("{day}", "2026-01-01"), json={})
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["detail"]


def test_an_id_that_cannot_exist_is_not_found(site: Site) -> None:
    """Ids in addresses (deps.RowId) that no row can have — zero, past the database's 32-bit
    ids, not a number — are answered 404 like an unknown id, on both databases, instead of
    reaching PostgreSQL (which would fail on an integer out of its range)."""
    routes = [
        (path, method)
        for path, method in sorted(set(routes_of(site.app)))
        if re.search(r"\{\w+_id\}", path)
        and not path.startswith("/demo")
        and "{instrument_id}" not in path
        and "{practice_id}" not in path
    ]
    paths = {path for path, _ in routes}
    assert {"/clinician/people/{person_id}", "/api/v1/import/{import_id}"} <= paths
    assert "/program/body/labs/{result_id}/delete" in paths
    person = identity(site, "someone", "person")
    clinician = identity(site, "dr-someone", "clinician")
    admin = identity(site, "the-admin", "admin")
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == "someone")).one()
        _row, token = create_api_token(session, account=account, name="test", now=utc_now())
    for path, method in routes:
        for bad in ("0", str(2**31), str(2**63), "twelve"):
            url = re.sub(r"\{\w+_id\}", bad, path)
            if path.startswith("/api/"):
                response = person.client.request(
                    method, url, headers={"Authorization": f"Bearer {token}"}, json={}
                )
                assert response.status_code == 404, f"{method} {url}"
                assert response.json()["detail"], f"{method} {url}"
                continue
            browser = {"clinician": clinician, "admin": admin}.get(path.split("/")[1], person)
            response = attempt(browser, method, url, date(2026, 1, 1))
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
            if method == "GET":
                assert "Nothing here" in response.text, url
