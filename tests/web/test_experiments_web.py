"""Self-experiments on the Insights page as a person meets them: stopping one asks first and
changes nothing until confirmed, a stopped experiment's result is final as of its stop day,
and a design that could never give a result is refused with the field named."""

import re
from datetime import UTC, datetime

from sqlalchemy import select

from experiment_cases import add_stopped_experiment
from fibrotrack.storage.models import Account, Experiment

from .conftest import Browser, Site

TODAY = datetime.now(UTC).date()


def _person(site: Site, username: str) -> tuple[Browser, int]:
    browser = site.signed_in(username, "person", username.title())
    with site.database.session() as session:
        account = session.scalars(select(Account).where(Account.username == username)).one()
        assert account.person_id is not None
        return browser, account.person_id


def _experiments(site: Site, person_id: int) -> list[Experiment]:
    with site.database.session() as session:
        return list(session.scalars(select(Experiment).where(Experiment.person_id == person_id)))


def test_stopping_a_self_experiment_asks_for_confirmation_first(site: Site) -> None:
    browser, person_id = _person(site, "tester")
    started = browser.post("/insights/experiments", {"factor": "coffee"}, page="/insights")
    assert started.status_code == 303
    page = browser.get("/insights").text
    assert 'href="/insights/experiments/stop"' in page and "Stop this experiment…" in page

    asked = browser.get("/insights/experiments/stop")
    assert asked.status_code == 200
    assert "Stop the self-experiment on coffee?" in asked.text
    assert "the result becomes final" in asked.text
    assert "Yes, stop the experiment" in asked.text and "No, keep it" in asked.text

    unconfirmed = browser.post("/insights/experiments/stop", page="/insights")
    assert unconfirmed.status_code == 200 and "Yes, stop the experiment" in unconfirmed.text
    assert _experiments(site, person_id)[0].stopped_day is None

    stopped = browser.post(
        "/insights/experiments/stop", {"confirm": "stop"}, page="/insights/experiments/stop"
    )
    assert stopped.status_code == 303
    page = browser.get(stopped.headers["location"]).text
    assert "The self-experiment is stopped" in page and f"Stopped on {TODAY}." in page
    assert _experiments(site, person_id)[0].stopped_day == TODAY

    none = browser.get("/insights/experiments/stop").text
    assert "No self-experiment is running" in none and "Yes, stop" not in none
    again = browser.post("/insights/experiments/stop", {"confirm": "stop"}, page="/insights")
    assert again.status_code == 422 and "no experiment is running" in again.text


def test_a_stopped_experiment_shows_its_final_result(site: Site) -> None:
    browser, person_id = _person(site, "tester")
    stopped = add_stopped_experiment(site.database, person_id=person_id)
    page = browser.get("/insights").text
    assert f"Stopped on {stopped.stopped}." in page
    assert f"Stopped early on {stopped.stopped}: in 2 of the 6 planned" in page
    assert "this result is final, from 2 of the 6 planned pairs" in page
    assert "<h4>Result</h4>" in page and "Result so far" not in page
    assert "interim look" not in page and f"runs until {stopped.end}" not in page
    experiment = browser.get("/api/v1/insights").json()["experiment"]
    assert experiment["running"] is False and experiment["stopped"] == stopped.stopped.isoformat()
    assert experiment["result"].startswith(f"Stopped early on {stopped.stopped}")


def test_a_design_that_can_never_give_a_result_is_refused(site: Site) -> None:
    browser, person_id = _person(site, "tester")
    refused = browser.post(
        "/insights/experiments", {"factor": "coffee", "pairs": "1"}, page="/insights"
    )
    assert refused.status_code == 422
    assert re.search(r'<input id="pairs"[^>]*aria-invalid="true"', refused.text)
    assert "must be between 2 and 16" in refused.text and "at least 2 pairs" in refused.text
    assert 'value="1"' in refused.text  # what was typed is kept to correct
    assert _experiments(site, person_id) == []
