"""Accounts: registration by invitation, roles, sign-in rate limiting, devices that can be
signed out."""

import re

from httpx2 import Response
from sqlalchemy import select

from fibrotrack.storage.models import Account, LoginAttempt

from .conftest import PASSWORD, Browser, Site


def invitation_link(site: Site, role: str) -> str:
    admin = site.browser()
    admin.sign_in("owner")
    page = admin.post("/admin/invitations", {"role": role, "note": "for Kim"}, page="/admin")
    assert page.status_code == 200
    match = re.search(r'id="invite-link" readonly value="([^"]+)"', page.text)
    assert match
    return match.group(1).replace("http://testserver", "")


def register(site: Site, link: str, username: str) -> tuple[Browser, Response]:
    browser = site.browser()
    form = browser.get(link)
    assert form.status_code == 200
    code = re.search(r'id="code" name="code" value="([^"]+)"', form.text)
    assert code
    response = browser.post(
        "/register",
        {"code": code.group(1), "username": username, "password": PASSWORD, "timezone": "UTC"},
        page=link,
    )
    return browser, response


def test_an_invited_person_registers_once_with_the_link(site: Site) -> None:
    site.account("owner", "admin")
    link = invitation_link(site, "person")
    browser, response = register(site, link, "kim")
    assert response.status_code == 303
    assert response.headers["location"] == "/today"
    assert browser.get("/today").status_code == 200
    reopened = site.browser().get(link)
    assert reopened.status_code == 422
    assert "unknown, used or expired" in reopened.text
    code = link.split("code=")[1]
    reused = site.browser().post(
        "/register", {"code": code, "username": "kim2", "password": PASSWORD}, page="/register"
    )
    assert reused.status_code == 422
    with site.database.session() as session:
        kim = session.scalars(select(Account).where(Account.username == "kim")).one()
        assert kim.role == "person" and kim.person_id is not None
        assert session.scalars(select(Account).where(Account.username == "kim2")).first() is None


def test_an_invited_clinician_has_no_diary_and_lands_on_their_people(site: Site) -> None:
    site.account("owner", "admin")
    browser, response = register(site, invitation_link(site, "clinician"), "dr-lee")
    assert response.headers["location"] == "/clinician"
    assert browser.get("/today").headers["location"] == "/clinician"
    assert browser.get("/api/v1/days").status_code == 403
    with site.database.session() as session:
        lee = session.scalars(select(Account).where(Account.username == "dr-lee")).one()
        assert lee.role == "clinician" and lee.person_id is None


def test_registration_without_an_invitation_is_refused(site: Site) -> None:
    site.account("owner", "admin")
    browser = site.browser()
    response = browser.post(
        "/register",
        {"code": "made-up", "username": "eve", "password": PASSWORD},
        page="/register",
    )
    assert response.status_code == 422
    with site.database.session() as session:
        assert session.scalars(select(Account).where(Account.username == "eve")).first() is None


def test_only_an_admin_can_invite(site: Site) -> None:
    site.account("owner", "admin")
    person = site.signed_in("pat")
    assert person.get("/admin").status_code == 403
    refused = person.post("/admin/invitations", {"role": "clinician"})
    assert refused.status_code == 403


def test_five_failed_sign_ins_lock_the_username_for_a_while(site: Site) -> None:
    site.account("pat")
    browser = site.browser()
    for _ in range(5):
        assert browser.post("/login", {"username": "pat", "password": "wrong"}).status_code == 401
    locked = browser.post("/login", {"username": "pat", "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert "Too many failed attempts" in locked.text
    elsewhere = site.browser()  # the count is in the database: another worker sees it too
    assert elsewhere.post("/login", {"username": "pat", "password": PASSWORD}).status_code == 429
    with site.database.session() as session:
        stored = session.scalars(select(LoginAttempt.key_hash)).all()
    assert stored and all("pat" not in key for key in stored)


def test_a_successful_sign_in_clears_the_failures(site: Site) -> None:
    site.account("pat")
    browser = site.browser()
    for _ in range(4):
        browser.post("/login", {"username": "pat", "password": "wrong"})
    assert browser.post("/login", {"username": "pat", "password": PASSWORD}).status_code == 303
    for _ in range(4):
        assert browser.post("/login", {"username": "pat", "password": "wrong"}).status_code == 401


def test_one_address_trying_many_usernames_is_limited(site: Site) -> None:
    site.account("pat")
    browser = site.browser()
    for number in range(30):
        browser.post("/login", {"username": f"guess{number}", "password": "wrong"})
    assert browser.post("/login", {"username": "pat", "password": PASSWORD}).status_code == 429


def test_a_device_signed_out_from_settings_loses_access(site: Site) -> None:
    site.account("pat")
    phone, laptop = site.browser(), site.browser()
    phone.sign_in("pat")
    laptop.sign_in("pat")
    settings = laptop.get("/settings")
    assert settings.text.count("Sign out<span") == 2
    assert "(this device)" in settings.text
    laptop.post("/settings/sessions/revoke-others", page="/settings")
    assert phone.get("/today").headers["location"] == "/login"
    assert laptop.get("/today").status_code == 200


def test_sessions_last_and_sign_out_ends_them(site: Site) -> None:
    site.account("pat")
    browser = site.browser()
    response = browser.post("/login", {"username": "pat", "password": PASSWORD})
    cookie = response.headers["set-cookie"]
    assert "Max-Age=15552000" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = browser.client.cookies.get("ft_session")
    browser.post("/logout", page="/today")
    other = site.browser()
    other.client.cookies.set("ft_session", token)
    assert other.get("/today").headers["location"] == "/login"


def test_password_fields_allow_paste_and_password_managers(site: Site) -> None:
    page = site.browser().get("/setup")
    assert 'autocomplete="new-password"' in page.text
    assert "onpaste" not in page.text
    site.account("pat")
    login = site.browser().get("/login")
    assert 'autocomplete="current-password"' in login.text
    assert 'autocomplete="username"' in login.text


def test_failures_older_than_the_window_no_longer_count(database) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from fibrotrack.services.login_limits import WINDOW, record_attempt, retry_after

    start = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    with database.session() as session:
        for minute in range(5):
            record_attempt(
                session,
                username="pat",
                address="10.1.1.1",
                succeeded=False,
                now=start + timedelta(minutes=minute),
            )
        locked = retry_after(
            session, username="pat", address="10.9.9.9", now=start + timedelta(minutes=5)
        )
        assert locked is not None and 0 < locked <= WINDOW.total_seconds()
        later = start + WINDOW + timedelta(minutes=1)
        assert retry_after(session, username="pat", address="10.9.9.9", now=later) is None


def test_a_revoked_invitation_cannot_be_used(site: Site) -> None:
    site.account("owner", "admin")
    link = invitation_link(site, "person")
    admin = site.browser()
    admin.sign_in("owner")
    page = admin.get("/admin").text
    assert "for Kim" in page
    revoke = re.search(r'action="(/admin/invitations/\d+/revoke)"', page).group(1)  # type: ignore[union-attr]
    assert admin.post(revoke, page="/admin").status_code == 303
    assert "for Kim" not in admin.get("/admin").text
    assert site.browser().get(link).status_code == 422


def test_the_invite_command_prints_a_working_code(site: Site, cli) -> None:  # type: ignore[no-untyped-def]
    refused = cli("invite")
    assert refused.exit_code == 2
    assert "no owner yet" in refused.output
    site.account("owner", "admin")  # the same database as the command's
    result = cli("invite", "--role", "clinician", "--url", "https://fibro.example")
    assert result.exit_code == 0, result.output
    link = re.search(r"https://fibro\.example(/register\?code=\S+)", result.output)
    assert link
    page = site.browser().get(link.group(1))
    assert page.status_code == 200
    assert "invited as a <strong>clinician</strong>" in page.text


def test_after_the_only_admin_leaves_the_operator_invites_a_new_one(site: Site, cli) -> None:  # type: ignore[no-untyped-def]
    site.account("owner", "admin")
    owner = site.browser()
    owner.sign_in("owner")
    assert owner.post("/admin/invitations", {"role": "admin"}, page="/admin").status_code == 422
    site.account("pat")
    gone = owner.post(
        "/data/delete", {"confirm": "delete everything", "password": PASSWORD}, page="/data"
    )
    assert gone.status_code == 303
    result = cli("invite", "--role", "admin", "--url", "https://fibro.example")
    assert result.exit_code == 0, result.output
    link = re.search(r"https://fibro\.example(/register\?code=\S+)", result.output)
    assert link
    browser, response = register(site, link.group(1), "new-owner")
    assert response.status_code == 303
    assert browser.get("/admin").status_code == 200
    assert browser.get("/today").status_code == 200
