"""The error box names the field by the label on the page, heads itself for what happened and
cuts a long rejected value; a form sent while signed out returns, after signing in, to its page
and never to another site."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from fibrotrack.web.error_box import field_label, shortened
from fibrotrack.web.signed_out import page_path

from .conftest import Site

LABS = "/program/body/labs"
RESULT = {"analyte": "tsh", "value": "2", "unit": "mIU/L"}


def error_box(html: str) -> str:
    found = re.search(r'<div class="error" role="alert" id="error"[^>]*>(.*?)</div>', html, re.S)
    assert found, "no error box"
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def test_the_error_box_names_the_field_by_its_label(site: Site) -> None:
    browser = site.signed_in("pat")
    unknown_test = browser.post(LABS, {**RESULT, "analyte": "unobtainium"}, page=LABS)
    assert error_box(unknown_test.text).startswith("Not saved. Test: ")
    long_tag = browser.post("/today", {"new_tags": "x" * 70}, page="/today")
    assert error_box(long_tag.text).startswith("Not saved. Add tags: ")


def test_the_heading_says_not_saved_only_where_something_was_being_saved(site: Site) -> None:
    site.account("pat")
    browser = site.browser()
    refused = browser.post("/login", {"username": "pat", "password": "not it"})
    assert error_box(refused.text) == "Not signed in. That username and password do not match."
    browser.sign_in("pat")
    backwards = browser.get("/report?from=2026-11-27&to=2026-11-01")
    assert backwards.status_code == 422
    assert error_box(backwards.text).startswith("Please check: From: ")
    assert re.search(r'id="report-from"[^>]*aria-invalid="true"', backwards.text)


def test_a_long_rejected_value_is_cut_in_the_error_box(site: Site) -> None:
    browser = site.signed_in("pat")
    refused = browser.post(LABS, {**RESULT, "value": "x" * 100_000}, page=LABS)
    assert error_box(refused.text) == f"Not saved. Value: '{'x' * 80}…' is not a number"


def test_a_form_sent_while_signed_out_returns_to_its_page_after_signing_in(site: Site) -> None:
    site.account("pat")
    browser = site.browser()
    sent = browser.post(LABS, {**RESULT, "from_page": "/program/body/labs?x=1"}, page="/login")
    assert sent.status_code == 303
    address = urlsplit(sent.headers["location"])
    assert address.path == "/login"
    assert parse_qs(address.query) == {"not_saved": ["1"], "next": ["/program/body/labs?x=1"]}
    page = browser.get(sent.headers["location"]).text
    assert "You were signed out, so what you sent was not saved." in page
    assert 'name="next" value="/program/body/labs?x=1"' in page
    signed_in = browser.post(
        "/login",
        {"username": "pat", "password": "correct horse battery", "next": "/program/body/labs?x=1"},
    )
    assert signed_in.headers["location"] == "/program/body/labs?x=1"


def test_an_error_page_at_a_forms_address_is_not_where_signing_in_returns(site: Site) -> None:
    """The page a form was sent from can be its error page, shown at the form's own address
    (/program/plan/add), which only takes forms: signing in would end on 405."""
    site.account("pat")
    browser = site.browser()
    sent = browser.post(
        "/program/plan/add",
        {"practice_id": "walking", "from_page": "/program/plan/add"},
        page="/login",
    )
    assert "next" not in parse_qs(urlsplit(sent.headers["location"]).query)


def test_a_wrong_password_keeps_the_not_saved_notice_and_the_return_page(site: Site) -> None:
    site.account("pat")
    wrong = site.browser().post(
        "/login", {"username": "pat", "password": "nope", "next": LABS, "not_saved": "1"}
    )
    assert wrong.status_code == 401
    assert "You were signed out, so what you sent was not saved." in wrong.text
    assert f'name="next" value="{LABS}"' in wrong.text


def test_without_javascript_the_form_returns_to_the_address_it_was_sent_to(site: Site) -> None:
    site.account("pat")
    sent = site.browser().post(LABS, RESULT)
    assert parse_qs(urlsplit(sent.headers["location"]).query)["next"] == [LABS]


@pytest.mark.parametrize(
    "elsewhere",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "evil", "/a\r\nSet-Cookie: x"],
)
def test_signing_in_never_sends_the_person_to_another_site(site: Site, elsewhere: str) -> None:
    site.account("pat")
    browser = site.browser()
    assert f'value="{elsewhere}"' not in browser.get("/login", params={"next": elsewhere}).text
    signed_in = browser.post(
        "/login", {"username": "pat", "password": "correct horse battery", "next": elsewhere}
    )
    assert signed_in.headers["location"] == "/today"
    assert page_path(elsewhere) is None


def test_a_label_is_found_by_the_marked_control_its_name_or_its_fieldset() -> None:
    page = (
        '<label for="a">Add tags <span class="hint">comma <b>separated</b></span></label>'
        '<input id="a" name="new_tags" aria-invalid="true">'
        '<fieldset><legend>Theme</legend><label><input type="radio" name="theme"> Dark'
        "</label></fieldset>"
    )
    assert field_label(page, "tag") == "Add tags"
    assert field_label(page.replace(' aria-invalid="true"', ""), "values.theme") == "Theme"
    assert field_label("", "reminder_time") == "reminder time"


def test_only_long_values_are_cut() -> None:
    assert shortened("'abc' is not a number") == "'abc' is not a number"
    assert shortened(f'"{"a b" * 40}" is too long') == f'"{("a b" * 40)[:80]}…" is too long'
    assert shortened("y" * 90) == "y" * 80 + "…"
