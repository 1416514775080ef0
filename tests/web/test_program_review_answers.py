"""The weekly review's answers through the real web app on a real database: saved for the week
shown, edited, shown again on a past week, errors that name the field and write nothing, a
clinician who reads them only when shared, and nobody else writing them."""

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from fibrotrack.storage.models import WeeklyReviewAnswers

from .conftest import Browser, Site
from .test_program_pages import count, person_of
from .test_web_sharing import share_code

REVIEW = "/program/review"
ANSWERS = "/program/review/answers"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def stored(site: Site, person_id: int) -> list[tuple[object, ...]]:
    with site.database.session() as session:
        rows = session.scalars(
            select(WeeklyReviewAnswers)
            .where(WeeklyReviewAnswers.person_id == person_id)
            .order_by(WeeklyReviewAnswers.week_start)
        )
        return [
            (
                row.week_start,
                row.went_well,
                row.got_in_the_way,
                row.change_next_week,
                row.plan_choice,
            )
            for row in rows
        ]


def textarea(page: str, field: str) -> str:
    match = re.search(rf'<textarea id="{field}" name="{field}"[^>]*>([^<]*)</textarea>', page)
    assert match, field
    return match.group(1)


def checked_choice(page: str) -> str:
    match = re.search(r'name="plan_choice" value="([a-z]*)" checked', page)
    assert match
    return match.group(1)


def answer(browser: Browser, **fields: str) -> Any:
    return browser.post(ANSWERS, fields, page=REVIEW)


def test_answers_are_saved_for_the_week_edited_and_shown_on_a_past_week(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    today = date.today()
    page = browser.get(REVIEW).text
    assert "Your answers for this week" in page
    assert textarea(page, "went_well") == "" and checked_choice(page) == ""

    saved = answer(
        browser,
        date=today.isoformat(),
        went_well="Walked three times",
        got_in_the_way="A flare on Thursday",
        plan_choice="keep",
    )
    assert saved.status_code == 303
    location = saved.headers["location"]
    assert location.endswith(f"{REVIEW}?date={monday_of(today).isoformat()}&saved=true")
    shown = browser.get(location).text
    assert 'role="status" aria-live="polite">Your answers are saved.<' in shown
    assert textarea(shown, "went_well") == "Walked three times"
    assert textarea(shown, "got_in_the_way") == "A flare on Thursday"
    assert textarea(shown, "change_next_week") == ""
    assert checked_choice(shown) == "keep"

    edited = answer(
        browser,
        date=today.isoformat(),
        went_well="  Walked four times  ",
        got_in_the_way="",
        change_next_week="Walk before lunch",
        plan_choice="adjust",
    )
    assert edited.status_code == 303
    assert stored(site, person_id) == [
        (monday_of(today), "Walked four times", None, "Walk before lunch", "adjust")
    ]

    earlier = today - timedelta(days=14)
    assert answer(browser, date=earlier.isoformat(), got_in_the_way="Visitors").status_code == 303
    past = browser.get(REVIEW, params={"date": earlier.isoformat()}).text
    assert textarea(past, "got_in_the_way") == "Visitors"
    assert textarea(past, "went_well") == "" and checked_choice(past) == ""
    assert f'name="date" value="{monday_of(earlier).isoformat()}"' in past
    this_week = browser.get(REVIEW).text
    assert "Visitors" not in this_week
    assert textarea(this_week, "went_well") == "Walked four times"
    assert count(site, WeeklyReviewAnswers, person_id) == 2


def test_bad_answers_name_the_field_keep_what_was_typed_and_write_nothing(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    today = date.today().isoformat()
    answer(browser, date=today, went_well="Rested well", plan_choice="keep")
    before = stored(site, person_id)

    cases = [
        (
            {"date": today, "went_well": " ", "plan_choice": ""},
            "What went well this week?",
            "at least one",
        ),
        ({"date": today, "got_in_the_way": "x" * 2001}, "What got in the way?", "2000 characters"),
        (
            {"date": today, "went_well": "Fine", "plan_choice": "maybe"},
            "Keep the plan or adjust it?",
            "keep",
        ),
        ({"date": "2999-01-01", "went_well": "Fine"}, "date", "in the future"),
        ({"date": "yesterday", "went_well": "Fine"}, "date", ""),
    ]
    for fields, field, message in cases:
        response = answer(browser, **fields)
        assert response.status_code == 422, fields
        text = response.text
        assert f'<span class="field">{field}</span>' in text, fields
        assert message in text, fields
        assert stored(site, person_id) == before, fields

    too_long = answer(browser, date=today, change_next_week="y" * 2001, went_well="Kept")
    page = too_long.text
    assert textarea(page, "change_next_week") == "y" * 2001
    assert textarea(page, "went_well") == "Kept"
    assert re.search(r'id="change_next_week"[^>]*aria-invalid="true"', page)


def test_a_clinician_reads_shared_answers_and_nobody_else_writes_them(site: Site) -> None:
    person = site.signed_in("pat", name="Pat Doe")
    person_id = person_of(site, "pat")
    today = date.today().isoformat()
    answer(person, date=today, went_well="Pacing helped", plan_choice="adjust")
    before = stored(site, person_id)

    clinician = site.signed_in("dr-lee", "clinician")
    clinician.post("/clinician/accept", {"code": share_code(person)}, page="/clinician")
    overview = clinician.get(f"/clinician/people/{person_id}").text
    main = overview.split("<main", 1)[1].split("</main>")[0]
    assert "Weekly review answers" in main
    assert "Pacing helped" in main and "Adjust the plan" in main
    assert 'method="post"' not in main

    refused = clinician.post(
        ANSWERS, {"date": today, "went_well": "Changed by the clinician"}, page="/clinician"
    )
    assert refused.status_code == 303
    assert refused.headers["location"].endswith("/clinician")
    assert stored(site, person_id) == before

    stranger = site.signed_in("dr-roe", "clinician")
    assert stranger.get(f"/clinician/people/{person_id}").status_code == 404

    other = site.signed_in("ola")
    other_id = person_of(site, "ola")
    assert "Pacing helped" not in other.get(REVIEW).text
    assert answer(other, date=today, went_well="Ola's week").status_code == 303
    assert stored(site, person_id) == before
    assert [row[1] for row in stored(site, other_id)] == ["Ola's week"]
