"""The Insights page and /api/v1/insights on people with known truth: pain clearly lower on
days with more sleep is reported as a pattern with its interval; five days of data say how many
more are needed; a before/after estimate is worked out on request, with its warnings; a
self-experiment is started, followed and stopped through the forms; the method page explains
it all in plain words."""

from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import select

from fibrotrack.analysis.sentences import interval, signed
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.medications import add_medication
from fibrotrack.storage.models import Account, Experiment, Person

from .conftest import Browser, Site


def _person(site: Site, username: str) -> tuple[Browser, int]:
    browser = site.signed_in(username, "person", username.title())
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        assert account.person_id is not None
        return browser, account.person_id


def _log(site: Site, person_id: int, days: dict[date, dict[str, float]]) -> None:
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        for day, values in days.items():
            check_in(session, person=person, change=CheckIn(day=day, values=values), today=TODAY)


TODAY = datetime.now(UTC).date()


def _sleep_and_pain(days: int, seed: int = 3) -> dict[date, dict[str, float]]:
    """Pain 1.5 points lower for every extra hour of sleep, plus a little noise."""
    rng = np.random.default_rng(seed)
    found = {}
    for offset in range(days):
        sleep = float(rng.choice([4.5, 5.5, 6.5, 7.5, 8.5]))
        pain = float(np.clip(round(13 - 1.5 * sleep + rng.normal(0, 0.7)), 0, 10))
        found[TODAY - timedelta(days=days - offset)] = {"pain": pain, "sleep_hours": sleep}
    return found


def test_insights_state_the_sleep_pattern_with_its_interval(site: Site) -> None:
    browser, person_id = _person(site, "sleeper")
    _log(site, person_id, _sleep_and_pain(90))
    page = browser.get("/insights")
    assert page.status_code == 200
    text = page.text
    assert "What goes with your pain" in text
    assert "pattern</p>" in text
    assert "more sleep, your pain the same day was" in text
    assert "points lower (95% CI" in text
    assert "does not show that one leads to the other" in text
    assert "from 90 days with pain logged" in text
    assert 'href="/insights/method"' in text

    answer = browser.get("/api/v1/insights").json()
    assert answer["days_logged"] == 90 and answer["days_needed"] == 0
    sleep = next(f for f in answer["findings"] if f["factor"] == "sleep_hours")
    assert sleep["lag"] == 0
    assert sleep["ci"][0] < sleep["effect"] < sleep["ci"][1] < 0
    assert -1.9 < sleep["effect"] < -1.1
    assert sleep["q"] <= answer["fdr"]


def test_five_days_say_exactly_how_many_more_are_needed(site: Site) -> None:
    browser, person_id = _person(site, "newcomer")
    _log(site, person_id, _sleep_and_pain(5))
    text = browser.get("/insights").text
    assert "Not enough data yet:" in text
    assert "needs 23 more days with pain logged (5 of the 28 needed)" in text
    assert "Likely pattern" not in text and "Possible pattern" not in text
    answer = browser.get("/api/v1/insights").json()
    assert answer["days_logged"] == 5 and answer["days_needed"] == 23
    assert answer["findings"] == [] and answer["not_enough_data"] == []


def test_a_factor_without_enough_days_is_listed_with_what_is_missing(site: Site) -> None:
    browser, person_id = _person(site, "walker")
    days = _sleep_and_pain(60)
    for day in list(days)[:12]:
        days[day]["steps"] = 4000.0 + day.toordinal() % 3 * 1000
    _log(site, person_id, days)
    text = browser.get("/insights").text
    assert "<summary>Steps</summary>" in text
    assert "12 days can be compared with a logged pain" in text
    assert "at least 20 days with 10 away from the usual value are needed" in text
    answer = browser.get("/api/v1/insights").json()
    steps = next(item for item in answer["not_enough_data"] if item["factor"] == "Steps")
    assert steps["reasons"] == [
        "the same day, the day after, 2 days after and 3 days after: 12 days can be compared "
        "with a logged pain, 8 of them away from its usual value; at least 20 days with 10 away "
        "from the usual value are needed"
    ]


def test_another_rating_and_a_rating_that_does_not_exist(site: Site) -> None:
    browser, person_id = _person(site, "chooser")
    _log(site, person_id, _sleep_and_pain(30))
    page = browser.get("/insights", params={"outcome": "fatigue"})
    assert page.status_code == 200
    assert "What goes with your fatigue" in page.text
    assert "needs 28 more days with fatigue logged" in page.text
    bad = browser.get("/insights", params={"outcome": "happiness"})
    assert bad.status_code == 422
    assert "&#39;happiness&#39; is not a rating" in bad.text
    answer = browser.get("/api/v1/insights", params={"outcome": "happiness"})
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["field"] == "outcome"
    assert problem["msg"].startswith("'happiness' is not a rating; choose one of: pain, ")


def test_before_after_estimates_are_worked_out_on_request_with_their_warnings(
    site: Site,
) -> None:
    browser, person_id = _person(site, "starter")
    rng = np.random.default_rng(5)
    start = TODAY - timedelta(days=80)
    days = {}
    for offset in range(200):
        day = TODAY - timedelta(days=200 - offset)
        level = 7.0 if day < start else 4.0
        days[day] = {"pain": float(np.clip(round(level + rng.normal(0, 0.8)), 0, 10))}
    _log(site, person_id, days)
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        for name, first in (("Duloxetine", start), ("Vitamin D3", start + timedelta(days=10))):
            add_medication(
                session, person=person, name=name, kind="medication", start=first, today=TODAY
            )
    before = browser.get("/insights").text
    assert "Not worked out yet." in before
    assert "Work out the before/after estimates" in before
    assert browser.get("/api/v1/insights").json()["effects"][0]["up_to_date"] is False

    done = browser.post("/insights/effects", {"outcome": "pain"}, page="/insights")
    assert done.status_code == 303
    after = browser.get(done.headers["location"]).text
    assert "The before/after estimates are up to date." in after
    assert "Not worked out yet." not in after
    assert "your pain level was" in after and "points lower than before (95% CI" in after
    assert "Beware:" in after and "cannot be told apart" in after
    assert "Work out the before/after estimates" not in after
    effect = browser.get("/api/v1/insights").json()["effects"][0]
    assert effect["name"] == "Duloxetine" and effect["up_to_date"] is True
    assert effect["ci"][0] < effect["change"] < effect["ci"][1] < 0
    assert any("cannot be told apart" in warning for warning in effect["warnings"])
    # The line under the sentence: the sentence's numbers and minus signs, never "-0.00".
    assert f"Change {signed(effect['change'])} points, {interval(*effect['ci'])};" in after
    assert "-0.00" not in after

    _log(site, person_id, {TODAY: {"pain": 4}})
    stale = browser.get("/insights").text
    assert "your diary has changed since" in stale
    assert "Work out the before/after estimates" in stale


def _experiments(site: Site, person_id: int) -> list[Experiment]:
    with site.database.session() as session:
        return list(session.scalars(select(Experiment).where(Experiment.person_id == person_id)))


def test_a_self_experiment_is_started_followed_and_stopped_through_the_forms(
    site: Site,
) -> None:
    browser, person_id = _person(site, "tester")
    missing = browser.post("/insights/experiments", {"factor": " "}, page="/insights")
    assert missing.status_code == 422
    assert 'aria-invalid="true"' in missing.text and "name what you will test" in missing.text
    assert _experiments(site, person_id) == []

    started = browser.post(
        "/insights/experiments",
        {"factor": "coffee", "on_text": "one cup before noon", "off_text": "no coffee"},
        page="/insights",
    )
    assert started.status_code == 303
    page = browser.get(started.headers["location"]).text
    assert "Your self-experiment has started." in page
    assert "Today: one cup before noon." in page or "Today: no coffee." in page
    assert "Pair 1 of 6" in page
    assert "Did you keep to today's instruction?" in page

    again = browser.post("/insights/experiments", {"factor": "tea"}, page="/insights")
    assert again.status_code == 422 and "stop it first" in again.text
    assert "fibrotrack experiment" not in again.text  # no command-line advice on the web
    assert len(_experiments(site, person_id)) == 1

    logged = browser.post("/insights/experiments/adherence", {"followed": "yes"}, page="/insights")
    assert logged.status_code == 303
    page = browser.get("/insights").text
    assert "Kept to it on 1 day, not on 0" in page
    experiment = browser.get("/api/v1/insights").json()["experiment"]
    assert experiment["factor"] == "coffee" and experiment["running"] is True
    assert experiment["followed"] == 1

    stopped = browser.post("/insights/experiments/stop", {"confirm": "stop"}, page="/insights")
    assert stopped.status_code == 303
    page = browser.get(stopped.headers["location"]).text
    assert f"Stopped on {TODAY.isoformat()}." in page
    assert "Start a self-experiment" in page
    assert _experiments(site, person_id)[0].stopped_day == TODAY
    again = browser.post("/insights/experiments/stop", {"confirm": "stop"}, page="/insights")
    assert again.status_code == 422


def test_the_method_page_explains_it_in_plain_words(site: Site) -> None:
    browser, _ = _person(site, "reader")
    text = browser.get("/insights/method").text
    for words in (
        "A day you did not log is missing, never zero",
        "false discovery control",
        "regression to the mean",
        "Self-experiments: the fair test",
        "docs/methods.md",
    ):
        assert words in text
    assert 'aria-current="page">Insights' in text


def test_the_demo_shows_real_findings_and_the_finished_experiment(site: Site) -> None:
    page = site.browser().get("/demo/insights")
    assert page.status_code == 200
    text = page.text
    assert "On days after gluten your pain was" in text
    assert "Likely pattern" in text
    assert "magnesium" in text and "found no clear effect" in text
    assert 'href="/demo/insights/method"' in text
    assert site.browser().get("/demo/insights/method").status_code == 200


def test_insights_need_a_person(site: Site) -> None:
    anonymous = site.browser()
    assert anonymous.get("/insights").headers["location"] == "/login"
    assert anonymous.get("/api/v1/insights").status_code == 401
    clinician = site.signed_in("doctor", "clinician")
    assert clinician.get("/api/v1/insights").status_code == 403
    paths = anonymous.get("/openapi.json").json()["paths"]
    assert {"/api/v1/insights", "/api/v1/insights/effects", "/api/v1/status"} <= set(paths)
