"""The status in words (``fibrotrack.status.summary``) on constructed histories: "since" is the
first visit of the unbroken run up to the latest, a status lost is an event, band changes and
flares are dated, every term used is explained, and what is missing is named."""

from datetime import date, timedelta

from fibrotrack.instruments import checked_answers, score
from fibrotrack.status import Assessment, FlareEpisode, evaluate_status
from fibrotrack.status.summary import (
    TERMS,
    current_lines,
    missing_steps,
    since,
    timeline_events,
)

START = date(2026, 1, 5)


def fiqr(week: int, rating: int) -> Assessment:
    """A FIQR with every item at ``rating`` (total 10 × rating), ``week`` weeks after START."""
    answers: dict[str, object] = {f"f{i}": rating for i in range(1, 10)}
    answers |= {"o1": rating, "o2": rating} | {f"s{i}": rating for i in range(1, 11)}
    return Assessment(
        "fiqr",
        START + timedelta(weeks=week),
        score("fiqr", answers),
        checked_answers("fiqr", answers),
    )


def test_responder_since_the_first_visit_of_the_latest_run() -> None:
    status = evaluate_status([fiqr(0, 6), fiqr(4, 4), fiqr(8, 6), fiqr(12, 4), fiqr(16, 3)], [])
    assert since(status.points, "fm30_short_responder") == START + timedelta(weeks=12)
    lines = [line.text for line in current_lines(status)]
    assert lines[0] == "FM30 responder (short version) since 30 March 2026."
    assert "FIQR 30 on 27 April 2026: in the mild band (>23–40)." in lines
    assert lines[-1].startswith("Sustained remission (study-defined): not yet;")
    events = [(event.day, event.text) for event in timeline_events(status)]
    assert events[0] == (START, "Baseline visit (FIQR 60).")
    assert (START + timedelta(weeks=8), "No longer an FM30 responder (short version).") in events
    assert (
        START + timedelta(weeks=4),
        "FIQR moved from the moderate to the mild band (FIQR 40).",
    ) in events
    assert all(line.term in TERMS for line in current_lines(status) if line.term)
    assert all(event.term in TERMS for event in timeline_events(status) if event.term)


def test_a_follow_up_without_response_says_why() -> None:
    status = evaluate_status([fiqr(0, 6), fiqr(4, 5)], [])
    first = current_lines(status)[0]
    assert first.text == "FM30 response not reached at the last visit (2 February 2026)."
    assert first.term == "fm30"
    assert first.detail is not None and first.detail.startswith("Short version: pain 16.7% better")


def test_flares_label_the_visits_taken_during_them() -> None:
    flare = FlareEpisode(START + timedelta(weeks=4, days=-3), START + timedelta(weeks=4, days=2))
    status = evaluate_status([fiqr(0, 6), fiqr(4, 7)], [], flares=[flare])
    assert (START + timedelta(weeks=4), "Questionnaires taken during a flare.") in [
        (event.day, event.text) for event in timeline_events(status)
    ]


def test_what_is_missing() -> None:
    assert missing_steps(evaluate_status([], [])) == [
        ("fiqr", "fill in the FIQR to get a baseline"),
        ("acr2016", "fill in the ACR 2016 form to see the 2016 research criteria"),
    ]
    baseline_only = evaluate_status([fiqr(0, 6)], [])
    assert missing_steps(baseline_only)[0] == (
        "fiqr",
        "fill in the FIQR again (about 4 weeks after the baseline) to see a change",
    )
    assert current_lines(baseline_only)[0].text.startswith("Baseline on 5 January 2026")
    assert current_lines(evaluate_status([], [])) == []
