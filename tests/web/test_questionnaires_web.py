"""The questionnaire pages and API on the real app and database: forms drawn from the
definitions, scoring through the services, drafts that survive, the PHQ-9 safety page, the ACR
body areas prefilled from the body map, and the calendar's scheduled questionnaires."""

import html
import re
from datetime import date, timedelta

from icalendar import Calendar
from sqlalchemy import select
from tests.questionnaire_cases import (
    F1_FUNCTION,
    F1_OVERALL,
    F1_SYMPTOMS,
    fiqr_answers,
    phq9_answers,
)

from fibrotrack.instruments import ItemKind, get
from fibrotrack.services.questionnaire_forms import questionnaires_to_fill
from fibrotrack.storage.models import (
    CrisisResourcesShown,
    QuestionnaireDraft,
    QuestionnaireResponse,
)
from fibrotrack.storage.portable import dump_person

from .conftest import PASSWORD, Browser, Site

FIQR_F1 = fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS)  # total 61.33 (Bennett 2009)


def csrf_header(browser: Browser) -> dict[str, str]:
    return {"X-CSRF-Token": browser.csrf("/questionnaires")}


def rows(site: Site, model: type) -> list:  # type: ignore[type-arg]
    with site.database.session() as session:
        return list(session.scalars(select(model)))


def submit(browser: Browser, instrument: str, answers: dict[str, object], action: str = "submit"):  # type: ignore[no-untyped-def]
    form = {key: str(value) for key, value in answers.items()}
    return browser.post(f"/questionnaires/{instrument}", {**form, "action": action}, page="/today")


def test_the_list_offers_each_questionnaire_and_every_form_shows_every_item_and_its_recall(
    site: Site,
) -> None:
    browser = site.signed_in("pat")
    listing = browser.get("/questionnaires")
    assert listing.status_code == 200
    offered = [instrument.id for instrument in questionnaires_to_fill()]
    assert offered == ["fiqr", "acr2016", "phq9", "gad7", "pgic"]
    for instrument_id in offered:
        instrument = get(instrument_id)
        assert f'href="/questionnaires/{instrument_id}"' in listing.text
        page = browser.get(f"/questionnaires/{instrument_id}")
        assert page.status_code == 200, instrument_id
        for item in instrument.items:
            fieldset = page.text.split(f'id="item-{item.id}"')[1].split("</fieldset>")[0]
            recall = item.recall or instrument.recall_period
            assert f"Recall period: {recall}" in fieldset, (instrument_id, item.id)
            for option in item.options:
                assert f'name="{item.id}" value="{option.value}"' in fieldset
            kind = "checkbox" if item.kind is ItemKind.MULTIPLE else "radio"
            assert f'type="{kind}"' in fieldset
    assert browser.get("/questionnaires/daily_pain").status_code == 404
    assert browser.get("/questionnaires/nope").status_code == 404
    assert 'aria-current="page">Questionnaires' in listing.text


def test_fiqr_worked_example_is_scored_and_shown_in_words_and_in_the_history(site: Site) -> None:
    browser = site.signed_in("pat")
    answer = submit(browser, "fiqr", FIQR_F1)
    assert answer.status_code == 303
    result = html.unescape(browser.get(answer.headers["location"]).text)
    assert "FIQR: Total 61.33 — Moderate (>40–63)" in result
    assert "Function 15.33 of 30 · Overall impact 13 of 20 · Symptoms 33 of 50" in result
    listing = browser.get("/questionnaires").text
    assert "Last: " in listing and "FIQR: Total 61.33" in listing
    assert listing.count("FIQR: Total 61.33") == 2  # the list and the history table
    stored = rows(site, QuestionnaireResponse)
    assert [(r.instrument, r.scores["total"]) for r in stored] == [("fiqr", 61.33)]


def test_bad_or_missing_answers_are_named_item_by_item_and_nothing_is_stored(site: Site) -> None:
    browser = site.signed_in("pat")
    answers = dict(FIQR_F1)
    answers["f3"] = 11
    del answers["s2"]
    del answers["o1"]
    page = submit(browser, "fiqr", answers)
    assert page.status_code == 422
    assert "Question 3</a> (Prepare a homemade meal): 11 is outside 0–10" in page.text
    assert 'id="item-f3" aria-invalid="true"' in page.text
    assert rows(site, QuestionnaireResponse) == []
    answers["f3"] = 4
    page = submit(browser, "fiqr", answers)
    assert page.status_code == 422
    for number, item in ((10, "o1"), (13, "s2")):
        assert f'<a href="#item-{item}">Question {number}</a>' in page.text
        assert f'id="item-{item}" aria-invalid="true"' in page.text
    assert 'id="f1-5" name="f1" value="5" checked' in page.text  # the answers are kept
    assert rows(site, QuestionnaireResponse) == []


def test_a_draft_is_kept_prefilled_and_deleted_when_the_form_is_submitted(site: Site) -> None:
    browser = site.signed_in("pat")
    half = {key: value for key, value in FIQR_F1.items() if key.startswith("f")}
    saved = submit(browser, "fiqr", half, action="draft")
    assert saved.status_code == 303
    assert rows(site, QuestionnaireResponse) == []
    [draft] = rows(site, QuestionnaireDraft)
    assert draft.instrument == "fiqr" and draft.answers == half
    with site.database.session() as session:
        [exported] = dump_person(session, person_id=draft.person_id)["questionnaire_drafts"]
    assert exported["instrument"] == "fiqr" and exported["answers"] == half
    later = site.browser()
    later.sign_in("pat")
    assert "Started, not submitted" in later.get("/questionnaires").text
    form = later.get("/questionnaires/fiqr").text
    assert "are filled in" in form
    assert 'id="f4-7" name="f4" value="7" checked' in form
    assert 'name="o1" value="7" checked' not in form
    assert submit(later, "fiqr", FIQR_F1).status_code == 303
    assert rows(site, QuestionnaireDraft) == []
    assert len(rows(site, QuestionnaireResponse)) == 1
    assert "Started, not submitted" not in later.get("/questionnaires").text


def test_phq9_item_9_above_0_shows_the_safety_page_first(site: Site) -> None:
    browser = site.signed_in("pat")
    answer = submit(browser, "phq9", phq9_answers([0, 0, 1, 0, 0, 0, 0, 0, 1]))
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("/safety")
    safety = browser.get(answer.headers["location"])
    assert "Help is there for you now" in safety.text
    assert "Find A Helpline" in safety.text  # a UTC person: the international resources
    assert "PHQ-9: Total" not in safety.text  # the resources come alone, before the score
    [shown] = rows(site, CrisisResourcesShown)
    assert shown.channel == "web" and shown.response_id is not None
    browser.get(answer.headers["location"])
    assert len(rows(site, CrisisResourcesShown)) == 1  # recorded once per response
    result = browser.get(answer.headers["location"].removesuffix("/safety")).text
    assert "PHQ-9: Total 2 — Minimal (0–4)" in result and "Find A Helpline" in result

    calm = submit(browser, "phq9", phq9_answers([0] * 9))
    assert not calm.headers["location"].endswith("/safety")


def test_an_incomplete_phq9_with_item_9_above_0_still_shows_the_resources(site: Site) -> None:
    browser = site.signed_in("pat")
    chosen = browser.post("/settings", {"crisis_country": "GB"}, page="/settings")
    assert chosen.status_code == 303
    page = submit(browser, "phq9", {"q9": 2})
    assert page.status_code == 422
    assert page.text.index("Samaritans") < page.text.index("<h1>")
    assert rows(site, QuestionnaireResponse) == []
    [shown] = rows(site, CrisisResourcesShown)
    assert shown.country == "GB" and shown.response_id is None


def test_acr2016_areas_are_prefilled_from_the_latest_body_map(site: Site) -> None:
    browser = site.signed_in("pat")
    before = browser.get("/questionnaires/acr2016").text
    assert "prefilled from your body map" not in before
    day = date.today() - timedelta(days=2)
    body = {"date": day.isoformat(), "area": ["neck", "hip_left"]}
    browser.post("/body-map", body, page="/body-map")
    page = browser.get("/questionnaires/acr2016").text
    assert f"prefilled from your body map of {day.strftime('%-d %B %Y')}" in page
    assert 'id="areas-neck" name="areas" value="neck" checked' in page
    assert 'id="areas-hip_left" name="areas" value="hip_left" checked' in page
    assert 'value="lower_back" checked' not in page


def test_the_api_lists_takes_and_drafts_questionnaires(site: Site) -> None:
    browser = site.signed_in("pat")
    client = browser.client
    listed = client.get("/api/v1/questionnaires").json()["questionnaires"]
    fiqr = next(q for q in listed if q["id"] == "fiqr")
    assert len(fiqr["items"]) == 21 and fiqr["items"][0]["recall"] == "the past 7 days"
    headers = csrf_header(browser)
    bad = client.post(
        "/api/v1/questionnaires/fiqr/responses",
        json={"answers": {**FIQR_F1, "f2": 12, "s9": "lots"}},
        headers=headers,
    )
    assert bad.status_code == 422
    assert [d["field"] for d in bad.json()["detail"]] == ["f2", "s9"]
    taken = client.post(
        "/api/v1/questionnaires/fiqr/responses", json={"answers": FIQR_F1}, headers=headers
    )
    assert taken.status_code == 201
    assert taken.json()["score"]["total"] == 61.33 and taken.json()["crisis_resources"] is None
    draft = client.put(
        "/api/v1/questionnaires/phq9/draft", json={"answers": {"q9": 1}}, headers=headers
    )
    assert draft.status_code == 200
    assert draft.json()["crisis_resources"]["resources"]
    assert client.get("/api/v1/questionnaires/phq9/draft").json()["answers"] == {"q9": 1}
    flagged = client.post(
        "/api/v1/questionnaires/phq9/responses",
        json={"answers": phq9_answers([1, 1, 1, 1, 1, 1, 1, 1, 1])},
        headers=headers,
    )
    assert flagged.json()["score"]["band"] == "mild"
    assert flagged.json()["crisis_resources"]["resources"]
    assert client.get("/api/v1/questionnaires/phq9/draft").status_code == 404
    responses = client.get("/api/v1/questionnaires/responses").json()["responses"]
    assert [r["instrument"] for r in responses] == ["fiqr", "phq9"]
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/questionnaires/{instrument_id}/responses" in paths
    unsigned = client.post("/api/v1/questionnaires/fiqr/responses", json={"answers": FIQR_F1})
    assert unsigned.status_code == 403
    assert client.delete("/api/v1/questionnaires/phq9/draft", headers=headers).status_code == 204


def test_deleting_my_data_deletes_my_drafts(site: Site) -> None:
    browser = site.signed_in("pat")
    submit(browser, "gad7", {"q1": 2}, action="draft")
    assert len(rows(site, QuestionnaireDraft)) == 1
    deleted = browser.post(
        "/data/delete", {"confirm": "delete everything", "password": PASSWORD}, page="/data"
    )
    assert deleted.status_code == 303
    assert rows(site, QuestionnaireDraft) == []


def test_the_demo_serves_the_questionnaire_pages(site: Site) -> None:
    demo = site.browser()
    listing = demo.get("/demo/questionnaires")
    assert listing.status_code == 200
    link = re.search(r'href="(/demo/questionnaires/responses/\d+)"', listing.text)
    assert link and demo.get(link.group(1)).status_code == 200
    assert demo.get("/demo/questionnaires/acr2016").status_code == 200


def test_the_calendar_feed_holds_the_scheduled_questionnaires(site: Site) -> None:
    from fibrotrack.services.recovery import set_schedule
    from fibrotrack.storage.models import Person

    browser = site.signed_in("pat")
    with site.database.session() as session:
        person = session.scalars(select(Person)).one()
        set_schedule(session, person=person, instrument="phq9", every_days=14, start=date.today())
    browser.post("/settings/calendar", page="/settings")
    page = browser.get("/settings").text
    url = re.search(r'id="calendar-url" readonly value="http://testserver([^"]+)"', page)
    assert url
    calendar = Calendar.from_ical(site.browser().get(url.group(1)).content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    phq9 = events["fibrotrack: PHQ-9 questionnaire"]
    assert phq9["rrule"]["FREQ"] == ["DAILY"] and phq9["rrule"]["INTERVAL"] == [14]
    assert str(phq9["url"]).endswith("/questionnaires/phq9")
    assert phq9.decoded("dtstart").date() == date.today()
    assert "fibrotrack: daily check-in" in events


def test_the_questionnaire_pages_have_no_inline_code_and_their_forms_carry_csrf(
    site: Site,
) -> None:
    browser = site.signed_in("pat")
    taken = submit(browser, "phq9", phq9_answers([1, 0, 0, 0, 0, 0, 0, 0, 1]))
    safety = taken.headers["location"]
    paths = [
        "/questionnaires",
        *(f"/questionnaires/{q.id}" for q in questionnaires_to_fill()),
        safety,
        safety.removesuffix("/safety"),
    ]
    for path in paths:
        response = browser.get(path)
        assert response.status_code == 200, path
        page = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
        assert not re.search(r"\sstyle=", page), path
        assert not re.search(r"\son[a-z]+=", page), path
        assert page.count("<h1") == 1, path
        for form in re.findall(r'<form method="post".*?</form>', page, flags=re.S):
            assert 'name="csrf_token"' in form, path
