"""The program through the real web app on a real database: practices due on Today with one-tap
logging and the activity target, changing the plan (add, change, stop after a confirmation),
the practices by pillar, the weekly review, the plan API and the demo."""

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from fibrotrack.program import Measure
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.pacing import start_pacing
from fibrotrack.services.plan import add_practice, log_practice
from fibrotrack.storage.models import Account, Person, PlanItem, PracticeLog

from .conftest import Browser, Site
from .test_web_api import new_token


def person_of(site: Site, username: str) -> int:
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        assert account.person_id is not None
        return account.person_id


def count(site: Site, model: type, person_id: int) -> int:
    with site.database.session() as session:
        return session.scalar(
            select(func.count()).select_from(model).where(model.person_id == person_id)  # type: ignore[attr-defined]
        )


def this_week_done(site: Site, browser: Browser, practice_id: str) -> int:
    weeks = browser.get("/api/v1/plan").json()["this_week"]
    return next(w["done_sessions"] for w in weeks if w["practice_id"] == practice_id)


def test_practices_due_show_on_today_and_one_tap_logs_a_session(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    added = browser.post("/program/plan/add", {"practice_id": "walking"}, page="/program/plan")
    assert added.status_code == 303
    today = browser.get("/today").text
    assert "Your program today" in today
    assert "Log Walking, 10 min" in today
    assert "0 of " in today
    before = this_week_done(site, browser, "walking")

    tapped = browser.post(
        "/program/log",
        {"practice_id": "walking", "minutes": "10", "return_to": "today"},
        page="/today",
    )
    assert tapped.status_code == 303
    assert re.search(
        r"/today\?logged=walking&logged_session=\d+#program-today-heading$",
        tapped.headers["location"],
    )
    page = browser.get(tapped.headers["location"]).text
    status = re.search(r'id="practice-status" role="status" aria-live="polite">([^<]*)<', page)
    assert status and status.group(1) == "Logged Walking for today."
    assert "Done today" in page and "Log Walking, 10 min" not in page
    assert this_week_done(site, browser, "walking") == before + 1
    with site.database.session() as session:
        log = session.scalars(select(PracticeLog).where(PracticeLog.person_id == person_id)).one()
        assert (log.practice_id, log.day, log.minutes) == ("walking", date.today(), 10.0)

    wrong = browser.post(
        "/program/log", {"practice_id": "nonsense", "return_to": "today"}, page="/today"
    )
    assert wrong.status_code == 422
    assert 'class="field">practice</span>' in wrong.text
    assert "Your program today" in wrong.text  # Today again, with the error
    assert count(site, PracticeLog, person_id) == 1


def test_one_tap_logging_comes_back_only_to_today_or_program(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    browser.post("/program/plan/add", {"practice_id": "walking"}, page="/program/plan")
    assert 'name="return_to" value="today"' in browser.get("/today").text

    from_program = browser.post("/program/log", {"practice_id": "walking"}, page="/program")
    assert from_program.status_code == 303
    assert re.search(
        r"/program\?logged=walking&logged_session=\d+$", from_program.headers["location"]
    )
    assert count(site, PracticeLog, person_id) == 1

    for target in ("https://evil.example/", "//evil.example", "/settings", "settings"):
        refused = browser.post(
            "/program/log", {"practice_id": "walking", "return_to": target}, page="/program"
        )
        assert refused.status_code == 422, target
        assert "location" not in refused.headers, target
        assert 'class="field">return to</span>' in refused.text, target
        assert count(site, PracticeLog, person_id) == 1, target
    assert browser.post("/today/practice", {"practice_id": "walking"}).status_code in {404, 405}


def test_todays_activity_target_is_shown_on_today_and_explained_on_program(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    today = date.today()
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        for offset in range(1, 15):
            check_in(
                session,
                person=person,
                change=CheckIn(day=today - timedelta(days=offset), values={"activity_minutes": 20}),
                today=today,
            )
        start_pacing(session, person=person, today=today, measure=Measure.ACTIVE_MINUTES)
    target = browser.get("/api/v1/plan").json()["pacing"]["target"]
    assert target is not None
    page = browser.get("/today").text
    assert re.search(rf"Activity target: <strong>{target:g} min</strong>", page), page
    program = browser.get("/program").text
    assert "Today's activity target" in program and "Baseline 20 min a day" in program

    yesterday = (today - timedelta(days=1)).isoformat()
    saved = browser.post(
        "/today", {"date": yesterday, "activity_minutes": "90"}, page=f"/today?date={yesterday}"
    )
    assert saved.status_code == 303
    moved = browser.get("/api/v1/plan").json()["pacing"]["target"]
    assert moved > target  # the remembered target follows the diary
    assert f"Activity target: <strong>{moved:g} min</strong>" in browser.get("/today").text


def test_a_bad_start_date_names_the_field_and_nothing_is_stored(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    for start in ("2026-02-30", (date.today() + timedelta(days=2)).isoformat()):
        response = browser.post(
            "/program/plan/add",
            {"practice_id": "walking", "start": start, "days": "5", "minutes": "10"},
            page="/program/plan",
        )
        assert response.status_code == 422
        assert '<span class="field">Start</span>' in response.text
        assert re.search(r'id="add-start"[^>]*aria-invalid="true"', response.text)
        assert f'value="{start}"' in response.text  # what was typed is kept
    bad_days = browser.post(
        "/program/plan/add", {"practice_id": "walking", "days": "9"}, page="/program/plan"
    )
    assert bad_days.status_code == 422 and '<span class="field">Days a week</span>' in bad_days.text
    assert count(site, PlanItem, person_id) == 0


def test_changing_a_schedule_keeps_the_old_version(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    week_ago = (date.today() - timedelta(days=7)).isoformat()
    browser.post(
        "/program/plan/add", {"practice_id": "walking", "start": week_ago}, page="/program/plan"
    )
    bad = browser.post(
        "/program/plan/change",
        {"practice_id": "walking", "days": "3", "minutes": "700"},
        page="/program/plan",
    )
    assert bad.status_code == 422 and '<span class="field">Minutes each time</span>' in bad.text
    assert re.search(r'id="minutes-walking"[^>]*aria-invalid="true"', bad.text)
    changed = browser.post(
        "/program/plan/change",
        {"practice_id": "walking", "days": "3", "minutes": "15"},
        page="/program/plan",
    )
    assert changed.status_code == 303
    page = browser.get(changed.headers["location"]).text
    assert "Changed Walking." in page and "15 min, 3 days a week" in page
    assert "Earlier versions" in page and "changed" in page
    assert count(site, PlanItem, person_id) == 2


def test_stopping_a_practice_asks_for_confirmation_first(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    browser.post("/program/plan/add", {"practice_id": "walking"}, page="/program/plan")
    plan = browser.get("/program/plan").text
    assert 'href="/program/plan/stop?practice=walking"' in plan

    confirm = browser.get("/program/plan/stop", params={"practice": "walking"})
    assert confirm.status_code == 200
    assert "Stop Walking?" in confirm.text and "Yes, stop Walking" in confirm.text
    assert "No, keep it" in confirm.text

    unconfirmed = browser.post(
        "/program/plan/stop", {"practice_id": "walking"}, page="/program/plan"
    )
    assert unconfirmed.status_code == 200 and "Yes, stop Walking" in unconfirmed.text
    with site.database.session() as session:
        assert session.scalars(select(PlanItem.stop_day)).one() is None

    stopped = browser.post(
        "/program/plan/stop",
        {"practice_id": "walking", "confirm": "stop"},
        page="/program/plan/stop?practice=walking",
    )
    assert stopped.status_code == 303
    page = browser.get(stopped.headers["location"]).text
    assert "Stopped Walking." in page
    assert f"Stopped: {date.today().isoformat()} is its last day" in page
    assert 'href="/program/plan/stop?practice=walking"' not in page
    with site.database.session() as session:
        item = session.scalars(select(PlanItem).where(PlanItem.person_id == person_id)).one()
        assert (item.stop_day, item.end_reason) == (date.today(), "stopped")


def test_practices_are_listed_by_pillar_and_can_be_added(site: Site) -> None:
    from fibrotrack.program import catalogue

    browser = site.signed_in("pat")
    page = browser.get("/program/practices").text
    for info in catalogue().pillars:
        assert f">{info.title}</h2>" in page
    for practice in catalogue().practices:
        assert f'id="practice-{practice.id}"' in page
    assert "Strong for (EULAR 2016)" in page
    added = browser.post(
        "/program/plan/add",
        {"practice_id": "tai_chi", "start": date.today().isoformat(), "days": "2"},
        page="/program/practices",
    )
    assert added.status_code == 303
    assert "In your plan since" in browser.get("/program/practices").text


def test_the_weekly_review_shows_what_was_done_and_how_symptoms_moved(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        add_practice(
            session, person=person, practice_id="walking", today=today, start=monday - timedelta(14)
        )
        for offset in range(14):
            day = monday - timedelta(days=offset + 1)
            rating = CheckIn(day=day, values={"pain": 7})
            check_in(session, person=person, change=rating, today=today)
            log_practice(session, person=person, practice_id="walking", day=day, today=today)
        log_practice(session, person=person, practice_id="tai_chi", day=monday, today=today)
    last_week = (monday - timedelta(days=7)).isoformat()
    page = browser.get("/program/review", params={"date": last_week}).text
    assert "Planned and done" in page and "How the symptoms moved" in page
    assert re.search(r"<th scope=\"row\">Walking</th><td>7 of 5</td>", page), page
    assert "(+7 without minutes)</td>" in page  # logged without a length: never 0 minutes
    assert "Walking: every planned session done." in page
    this_week = browser.get("/program/review").text
    assert "(so far)" in this_week and "Tai chi" in this_week and "outside the plan" in this_week
    assert "Estimate what helped" in this_week
    bad = browser.get("/program/review", params={"date": "yesterday"})
    assert bad.status_code == 422 and '<span class="field">date</span>' in bad.text


def test_the_program_home_shows_four_weeks_of_adherence(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    today = date.today()
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        add_practice(
            session, person=person, practice_id="walking", today=today, start=today - timedelta(60)
        )
        log_practice(session, person=person, practice_id="walking", day=today, today=today)
    page = browser.get("/program").text
    assert "Sessions done of planned in the last 4 weeks" in page
    assert page.count("/ 5</td>") >= 3
    assert "of the planned sessions done" in page


def test_the_plan_api_round_trip(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    script = TestClient(site.app)  # type: ignore[arg-type]
    auth = {"Authorization": f"Bearer {new_token(browser)}"}
    assert script.get("/api/v1/plan", headers=auth).json()["items"] == []

    bad = script.post(
        "/api/v1/plan/items", json={"practice_id": "walking", "start": "2026-13-01"}, headers=auth
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "start"
    future = (date.today() + timedelta(days=1)).isoformat()
    late = script.post(
        "/api/v1/plan/items", json={"practice_id": "walking", "start": future}, headers=auth
    )
    assert late.status_code == 422 and late.json()["detail"][0]["field"] == "start"
    days = script.post(
        "/api/v1/plan/items", json={"practice_id": "walking", "days_per_week": 9}, headers=auth
    )
    assert days.status_code == 422 and days.json()["detail"][0]["field"] == "days_per_week"
    unknown = script.post("/api/v1/plan/items", json={"practice_id": "nope"}, headers=auth)
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "practice_id"
    assert count(site, PlanItem, person_id) == 0

    added = script.post("/api/v1/plan/items", json={"practice_id": "walking"}, headers=auth)
    assert added.status_code == 201
    assert added.json()["schedule"] == "10 min, 5 days a week"
    logged = script.post(
        "/api/v1/plan/sessions", json={"practice_id": "walking", "minutes": 12}, headers=auth
    )
    assert logged.status_code == 201 and logged.json()["day"] == date.today().isoformat()
    zero = script.post(
        "/api/v1/plan/sessions", json={"practice_id": "walking", "minutes": 0}, headers=auth
    )
    assert zero.status_code == 422 and zero.json()["detail"][0]["field"] == "minutes"
    plan = script.get("/api/v1/plan", headers=auth).json()
    assert [item["practice_id"] for item in plan["items"]] == ["walking"]
    assert plan["this_week"][0]["done_sessions"] == 1 and plan["pacing"] is None

    changed = script.patch(
        "/api/v1/plan/items/walking", json={"days_per_week": 7, "minutes": 15}, headers=auth
    )
    assert changed.status_code == 200 and changed.json()["schedule"] == "15 min, every day"
    stopped = script.post("/api/v1/plan/items/walking/stop", json={}, headers=auth)
    assert stopped.status_code == 200 and stopped.json()["end_reason"] == "stopped"
    again = script.post("/api/v1/plan/items/walking/stop", json={}, headers=auth)
    assert again.status_code == 422 and again.json()["detail"][0]["field"] == "practice_id"
    last_day = script.get("/api/v1/plan", headers=auth).json()["items"]
    assert [item["stop"] for item in last_day] == [date.today().isoformat()]

    forged = browser.client.post("/api/v1/plan/items", json={"practice_id": "tai_chi"})
    assert forged.status_code == 403

    paths = script.get("/openapi.json").json()["paths"]
    assert {
        "/api/v1/plan",
        "/api/v1/plan/sessions",
        "/api/v1/plan/items",
        "/api/v1/plan/items/{practice_id}",
        "/api/v1/plan/items/{practice_id}/stop",
    } <= set(paths)
    assert "422" in paths["/api/v1/plan/items"]["post"]["responses"]


def test_the_demo_program_and_today_have_content(site: Site) -> None:
    visitor = site.browser()
    today = visitor.get("/demo/today").text
    assert "Your program today" in today and "Walking" in today
    assert "Activity target:" in today
    program = visitor.get("/demo/program").text
    assert "Today's activity target" in program and "Week by week" in program
    assert "Mindfulness (MBSR)" in program
    body = visitor.get("/demo/program/body").text
    assert "The last 7 nights" in body and "gluten: likely worsens symptoms" in re.sub(
        r"</?strong>", "", body
    )
    assert "25-OH vitamin D" in body and "Today is day" in body
    for path in (
        "/demo/program/plan",
        "/demo/program/practices",
        "/demo/program/review",
        "/demo/program/pacing",
    ):
        response = visitor.get(path)
        assert response.status_code == 200, path
    assert "Walking" in visitor.get("/demo/program/review").text


def test_the_graded_activity_plan_starts_and_stops_from_the_web(site: Site) -> None:
    from fibrotrack.storage.models import PacingPlan

    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    assert "Start a graded activity plan" in browser.get("/program").text
    bad = browser.post(
        "/program/pacing/start", {"measure": "steps", "step": "80"}, page="/program/pacing"
    )
    assert bad.status_code == 422 and '<span class="field">Weekly step</span>' in bad.text
    assert re.search(r'id="pacing-step"[^>]*aria-invalid="true"', bad.text)
    future = browser.post(
        "/program/pacing/start",
        {"measure": "steps", "step": "10", "start": "2999-01-01"},
        page="/program/pacing",
    )
    assert future.status_code == 422 and '<span class="field">Start</span>' in future.text
    assert re.search(r'id="pacing-start"[^>]*aria-invalid="true"', future.text)
    assert count(site, PacingPlan, person_id) == 0
    started = browser.post(
        "/program/pacing/start", {"measure": "steps", "step": "10"}, page="/program/pacing"
    )
    assert started.status_code == 303
    assert "Graded activity plan started." in browser.get(started.headers["location"]).text
    unconfirmed = browser.post("/program/pacing/stop", {}, page="/program/pacing")
    assert unconfirmed.status_code == 200 and "Yes, stop the plan" in unconfirmed.text
    with site.database.session() as session:
        assert session.scalars(select(PacingPlan.stop_day)).one() is None
    stopped = browser.post("/program/pacing/stop", {"confirm": "stop"}, page="/program/pacing")
    assert stopped.status_code == 303
    with site.database.session() as session:
        assert session.scalars(select(PacingPlan.stop_day)).one() == date.today()
