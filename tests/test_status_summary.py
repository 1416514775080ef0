"""The status in words (``fibrotrack.status.summary``) on constructed histories: "since" is the
first visit of the unbroken run up to the latest, a status lost is an event, a visit without
the instrument a status needs changes nothing, nested pain thresholds change once, band changes
and flares are dated, every term used is explained, and what is missing is named."""

from datetime import date, timedelta

from fibrotrack.instruments import checked_answers, score
from fibrotrack.status import Assessment, FlareEpisode, evaluate_status
from fibrotrack.status.summary import (
    TERMS,
    current_lines,
    holds,
    missing_steps,
    since,
    timeline_events,
)
from questionnaire_cases import acr_answers, phq9_answers

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


def phq9(week: int) -> Assessment:
    answers = phq9_answers([1] * 8 + [0])
    return Assessment("phq9", START + timedelta(weeks=week), score("phq9", answers), answers)


def acr2016(week: int, *, met: bool) -> Assessment:
    areas = [
        "neck",
        "upper_back",
        "shoulder_left",
        "shoulder_right",
        "hip_left",
        "hip_right",
        "lower_back",
    ]
    answers = acr_answers(
        "acr2016", areas if met else ["neck"], fatigue=2, unrefreshed=2, cognitive=1, part_b=1
    )
    assessment = Assessment(
        "acr2016",
        START + timedelta(weeks=week),
        score("acr2016", answers),
        checked_answers("acr2016", answers),
    )
    assert assessment.score.criteria_met is met
    return assessment


def on(week: int) -> date:
    return START + timedelta(weeks=week)


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


def test_a_visit_without_a_fiqr_is_neither_a_loss_nor_a_regain() -> None:
    status = evaluate_status([fiqr(0, 6), fiqr(4, 2), phq9(8), fiqr(12, 2)], [])
    phq9_only = status.points[2]
    assert holds(phq9_only, "fm30_short_responder") is None
    assert holds(phq9_only, "low_impact") is None
    events = [(event.day, event.text) for event in timeline_events(status)]
    assert [text for day, text in events if day >= on(8)] == []
    assert since(status.points, "fm30_short_responder") == on(4)
    lines = [line.text for line in current_lines(status)]
    assert lines[:3] == [
        "FM30 responder (short version) since 2 February 2026.",
        "FM30 responder (long version) since 2 February 2026.",
        "Pain at least 50% lower than at baseline since 2 February 2026.",
    ]


def test_a_status_last_measured_before_the_latest_visit_says_when() -> None:
    status = evaluate_status([fiqr(0, 6), fiqr(4, 2), fiqr(8, 2), phq9(12)], [])
    assert current_lines(status)[0].text == (
        "FM30 responder (short version) since 2 February 2026 (last measured 2 March 2026)."
    )
    not_reached = evaluate_status([fiqr(0, 6), fiqr(4, 5), phq9(8)], [])
    assert current_lines(not_reached)[0].text == (
        "FM30 response not reached on 2 February 2026, the last visit that measured it."
    )


def test_criteria_no_longer_met_holds_until_an_acr_form_says_otherwise() -> None:
    status = evaluate_status(
        [
            fiqr(0, 6),
            acr2016(0, met=True),
            fiqr(4, 4),
            fiqr(8, 4),
            acr2016(8, met=False),
            fiqr(12, 4),
        ],
        [],
    )
    texts = [event.text for event in timeline_events(status)]
    assert "No longer meets the 2016 research criteria it met at baseline (self-report)." in texts
    assert "Meets the 2016 research criteria again (self-report)." not in texts
    assert "No longer meets the 2016 research criteria it met at baseline since 2 March 2026." in [
        line.text for line in current_lines(status)
    ]
    again = evaluate_status(
        [fiqr(0, 6), acr2016(0, met=True), acr2016(4, met=False), acr2016(8, met=True)], []
    )
    assert (on(8), "Meets the 2016 research criteria again (self-report).") in [
        (event.day, event.text) for event in timeline_events(again)
    ]


def test_nested_pain_thresholds_change_once() -> None:
    # FIQR pain item 6 → 4 (33% lower) → 3 (50%) → 4 (33%) → 6 (0%).
    status = evaluate_status([fiqr(0, 6), fiqr(4, 4), fiqr(8, 3), fiqr(12, 4), fiqr(16, 6)], [])
    pain_events = [
        (event.day, event.text) for event in timeline_events(status) if event.term == "pain_change"
    ]
    assert pain_events == [
        (on(4), "Pain at least 30% lower than at baseline."),
        (on(8), "Pain at least 50% lower than at baseline."),
        (on(12), "Pain no longer at least 50% lower than at baseline."),
        (on(16), "Pain no longer at least 30% lower than at baseline."),
    ]
    straight = evaluate_status([fiqr(0, 6), fiqr(4, 3), fiqr(8, 6)], [])
    assert [event.text for event in timeline_events(straight) if event.term == "pain_change"] == [
        "Pain at least 50% lower than at baseline.",
        "Pain no longer at least 30% lower than at baseline.",
    ]


def test_pain_now_says_the_highest_threshold_and_since_when_it_held() -> None:
    substantial = evaluate_status([fiqr(0, 6), fiqr(4, 4), fiqr(8, 3)], [])
    assert "Pain at least 50% lower than at baseline since 2 March 2026." in [
        line.text for line in current_lines(substantial)
    ]
    moderate = evaluate_status([fiqr(0, 6), fiqr(4, 3), fiqr(8, 4)], [])
    assert "Pain at least 30% lower than at baseline since 2 February 2026." in [
        line.text for line in current_lines(moderate)
    ]
