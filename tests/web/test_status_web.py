"""The Status page and /api/v1/status: a person whose FIQR went from 60 to 40 is an FM30
responder since the second visit, in the mild band; a person without questionnaires is told
to fill in the FIQR, with a link to it; a flare going on now is said first; every term is
explained."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from fibrotrack.services.assessments import record_response
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.status.summary import day_words
from fibrotrack.storage.models import Account, Person

from .conftest import Browser, Site

TODAY = datetime.now(UTC).date()


def _person(site: Site, username: str) -> tuple[Browser, int]:
    browser = site.signed_in(username, "person", username.title())
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        assert account.person_id is not None
        return browser, account.person_id


def _fiqr(site: Site, person_id: int, day_offset: int, rating: int) -> None:
    """A FIQR with every item at ``rating``: the total is 10 × ``rating``."""
    answers = {f"f{i}": rating for i in range(1, 10)}
    answers |= {"o1": rating, "o2": rating}
    answers |= {f"s{i}": rating for i in range(1, 11)}
    day = TODAY - timedelta(days=day_offset)
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        record_response(
            session,
            person=person,
            instrument_id="fiqr",
            answers=answers,
            taken_at=datetime.combine(day, time(12), tzinfo=UTC),
            today=TODAY,
        )


def test_fiqr_60_then_40_is_an_fm30_responder_since_the_second_visit(site: Site) -> None:
    browser, person_id = _person(site, "improver")
    _fiqr(site, person_id, 56, 6)
    _fiqr(site, person_id, 28, 4)
    second = day_words(TODAY - timedelta(days=28))
    page = browser.get("/status")
    assert page.status_code == 200
    text = page.text
    now = text[text.index('id="now-heading"') : text.index('id="timeline-heading"')]
    assert f"FM30 responder (short version) since {second}." in now
    assert f"FM30 responder (long version) since {second}." in now
    assert f"FIQR 40 on {second}: in the mild band (&gt;23–40)." in now
    assert "Sustained remission (study-defined): not yet" in now
    assert now.index("FM30 responder") < now.index("FIQR 40")  # the most telling first
    timeline = text[text.index('id="timeline-heading"') : text.index('id="terms"')]
    assert "Became an FM30 responder (short version)." in timeline
    assert "FIQR moved from the moderate to the mild band (FIQR 40)." in timeline
    assert "Baseline visit (FIQR 60)." in timeline
    assert timeline.index("Became an FM30") < timeline.index("Baseline visit")  # newest first
    assert 'href="#term-fm30"' in text and 'id="term-fm30"' in text
    assert "Fill in the ACR 2016 form to see the 2016 research criteria" in text
    assert "fill in the FIQR to get a baseline" not in text.lower()

    answer = browser.get("/api/v1/status").json()
    assert answer["current"][0] == {
        "text": f"FM30 responder (short version) since {second}.",
        "term": "fm30",
        "detail": None,
    }
    assert answer["timeline"][-1]["text"] == "Baseline visit (FIQR 60)."
    assert answer["missing"] == [
        {
            "instrument": "acr2016",
            "why": "fill in the ACR 2016 form to see the 2016 research criteria",
        }
    ]
    assert set(answer["visits"]["current"]["labels"]) == {
        "fm30_short_responder",
        "fm30_long_responder",
        "pain_moderately_improved",
    }
    assert "fm30" in answer["terms"]


def test_without_questionnaires_the_page_says_what_to_fill_in(site: Site) -> None:
    browser, _ = _person(site, "beginner")
    text = browser.get("/status").text
    assert "No status yet" in text
    assert '<a href="/questionnaires/fiqr">Fill in the FIQR to get a baseline</a>' in text
    assert '<a href="/questionnaires/acr2016">' in text
    assert "Nothing yet." in text
    answer = browser.get("/api/v1/status").json()
    assert answer["current"] == [] and answer["timeline"] == []
    assert answer["missing"][0] == {
        "instrument": "fiqr",
        "why": "fill in the FIQR to get a baseline",
    }


def test_a_single_fiqr_is_the_baseline_and_asks_for_a_second(site: Site) -> None:
    browser, person_id = _person(site, "once")
    _fiqr(site, person_id, 3, 6)
    text = browser.get("/status").text
    assert f"Baseline on {day_words(TODAY - timedelta(days=3))}" in text
    assert "Fill in the FIQR again (about 4 weeks after the baseline) to see a change" in text
    assert "FIQR 60 on" in text and "moderate band" in text


def test_a_flare_going_on_now_comes_first(site: Site) -> None:
    browser, person_id = _person(site, "flaring")
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        for offset in range(100, -1, -1):
            day = TODAY - timedelta(days=offset)
            bad = offset < 6
            values = {"pain": 8.0 if bad else 3.0 + offset % 2, "fatigue": 8.0 if bad else 4.0}
            check_in(session, person=person, change=CheckIn(day=day, values=values), today=TODAY)
    text = browser.get("/status").text
    assert "A flare may be going on" in text
    assert text.index("A flare may be going on") < text.index('id="now-heading"')
    assert "Flare of " in text and "not reviewed by you" in text
    answer = browser.get("/api/v1/status").json()
    assert answer["flare_now"]["end"] == TODAY.isoformat()
    assert answer["flare_now"]["detected"] is True


def test_the_demo_status_has_a_baseline_bands_and_flares(site: Site) -> None:
    page = site.browser().get("/demo/status")
    assert page.status_code == 200
    text = page.text
    assert "Baseline visit (FIQR" in text
    assert "Became an FM30 responder" in text
    assert "Flare of " in text
    assert "What the terms mean" in text
    assert "Not enough data yet" not in text


def test_status_needs_a_person(site: Site) -> None:
    anonymous = site.browser()
    assert anonymous.get("/status").headers["location"] == "/login"
    assert anonymous.get("/api/v1/status").status_code == 401
    clinician = site.signed_in("doctor", "clinician")
    assert clinician.get("/api/v1/status").status_code == 403
