"""The status engine on constructed histories: FM30 (Arnold 2012) with the clinical.md
example and its 28.6% boundary, baseline choice, visits, change since baseline, the 2016
criteria, low impact, study-defined remission and flare periods."""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from fibrotrack.diary import DayEntry
from fibrotrack.instruments import checked_answers, score
from fibrotrack.status import (
    FLARES_NOT_AVAILABLE,
    Assessment,
    StatusRules,
    evaluate_status,
    fm30,
    mean_daily_pain,
)
from questionnaire_cases import acr_answers, fiqr_answers, fiqr_with, gad7_answers, phq9_answers

RULES = StatusRules()
START = date(2026, 1, 5)


def taken(instrument: str, day: date, answers: dict[str, object]) -> Assessment:
    return Assessment(
        instrument, day, score(instrument, answers), checked_answers(instrument, answers)
    )


def fiqr_total(day: date, function_sum: int, overall_sum: int, symptom_sum: int) -> Assessment:
    return taken("fiqr", day, fiqr_with(function_sum, overall_sum, symptom_sum))


def acr(day: date, *, met: bool) -> Assessment:
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
    assessment = taken("acr2016", day, answers)
    assert assessment.score.criteria_met is met
    return assessment


def pain_days(last: date, ratings: list[float]) -> list[DayEntry]:
    """Daily pain ratings for the days ending on ``last``."""
    first = last - timedelta(days=len(ratings) - 1)
    return [
        DayEntry(day=first + timedelta(days=index), values={"pain": rating})
        for index, rating in enumerate(ratings)
    ]


# clinical.md 7.2, FM30 (derived): baseline pain 7.0, function 60, sleep 8, fatigue 8.
BASELINE = {"daily_pain_7d": 7.0, "fiqr_function": 60.0, "fiqr_sleep": 8.0, "fiqr_energy": 8.0}


def test_fm30_example_is_a_short_responder() -> None:
    follow_up = {"daily_pain_7d": 4.9, "fiqr_function": 54.0, "fiqr_sleep": 5.6, "fiqr_energy": 8.0}
    short, long = fm30(BASELINE, follow_up, RULES)
    assert short.responder is True
    assert [change.improvement_percent for change in short.domains] == [30.0, 10.0, 30.0, 0.0]
    assert long.responder is None  # only sleep of the five long-version symptoms was measured


def test_fm30_example_with_pain_28_6_percent_lower_is_not_a_responder() -> None:
    follow_up = {"daily_pain_7d": 5.0, "fiqr_function": 54.0, "fiqr_sleep": 5.6, "fiqr_energy": 8.0}
    short, long = fm30(BASELINE, follow_up, RULES)
    assert short.responder is False and long.responder is False
    assert short.domains[0].improvement_percent == 28.6
    assert "pain 28.6% better (≥30% needed, not met" in short.reason


def test_fm30_short_accepts_fatigue_instead_of_sleep() -> None:
    follow_up = {"daily_pain_7d": 4.9, "fiqr_function": 54.0, "fiqr_sleep": 8.0, "fiqr_energy": 5.6}
    assert fm30(BASELINE, follow_up, RULES)[0].responder is True


def test_fm30_function_boundary_and_direction() -> None:
    just_short = {
        "daily_pain_7d": 4.9,
        "fiqr_function": 54.1,
        "fiqr_sleep": 5.6,
        "fiqr_energy": 8.0,
    }
    assert fm30(BASELINE, just_short, RULES)[0].responder is False
    worse = {"daily_pain_7d": 9.1, "fiqr_function": 66.0, "fiqr_sleep": 10.0, "fiqr_energy": 10.0}
    short, _ = fm30(BASELINE, worse, RULES)
    assert short.responder is False
    assert short.domains[0].improvement_percent == -30.0
    assert "30.0% worse" in short.reason


def test_fm30_long_needs_two_of_five_symptom_domains() -> None:
    baseline = BASELINE | {"phq9_total": 10.0, "gad7_total": 10.0, "fiqr_memory": 6.0}
    one = {
        "daily_pain_7d": 4.0,
        "fiqr_function": 50.0,
        "fiqr_sleep": 5.0,
        "fiqr_energy": 8.0,
        "phq9_total": 9.0,
        "gad7_total": 9.0,
        "fiqr_memory": 6.0,
    }
    two = one | {"phq9_total": 7.0}
    assert fm30(baseline, one, RULES)[1].responder is False
    assert fm30(baseline, two, RULES)[1].responder is True


def test_fm30_is_unknown_without_function_at_both_visits() -> None:
    follow_up = {"daily_pain_7d": 3.0, "fiqr_sleep": 2.0}
    short, long = fm30({"daily_pain_7d": 7.0, "fiqr_sleep": 8.0}, follow_up, RULES)
    assert short.responder is None and long.responder is None
    assert "function not measured at both visits" in short.reason


def test_fm30_never_compares_different_instruments() -> None:
    baseline = BASELINE | {"phq9_total": 12.0}
    follow_up = {
        "daily_pain_7d": 4.0,
        "fiqr_function": 50.0,
        "fiqr_sleep": 8.0,
        "fiqr_energy": 8.0,
        "fiqr_depression": 1.0,
    }
    long = fm30(baseline, follow_up, RULES)[1]
    depression = next(change for change in long.domains if change.domain == "depression")
    assert depression.met is None and depression.measure is None


def test_mean_daily_pain_needs_four_logged_days_and_never_counts_missing_as_zero() -> None:
    days = pain_days(START, [8, 8, 8])
    assert mean_daily_pain(days, START, RULES) is None
    days = [*pain_days(START - timedelta(days=4), [8, 8]), *pain_days(START, [6, 6])]
    assert mean_daily_pain(days, START, RULES) == 7.0


def test_the_baseline_is_the_first_visit_and_follow_ups_compare_with_it() -> None:
    week_12 = START + timedelta(weeks=12)
    fiqr_baseline = fiqr_answers([6] * 9, [7, 7], [8, 8, 7, 8, 6, 6, 5, 8, 4, 6])
    fiqr_later = fiqr_answers([5] * 9, [5, 5], [5, 5, 5, 5, 5, 4, 5, 5, 4, 5])
    assessments = [taken("fiqr", START, fiqr_baseline), taken("fiqr", week_12, fiqr_later)]
    days = pain_days(START, [7] * 7) + pain_days(week_12, [5, 5, 5, 5, 5, 5, 4])
    status = evaluate_status(assessments, days)
    assert status.baseline_day == START
    assert [point.role for point in status.points] == ["baseline", "follow_up"]
    current = status.current
    assert current is not None
    pain = next(change for change in current.changes if change.measure == "daily_pain_7d")
    assert (pain.baseline, pain.value, pain.percent) == (7.0, 4.86, -30.6)
    fiqr_change = next(change for change in current.changes if change.measure == "fiqr_total")
    assert fiqr_change.absolute == round(fiqr_change.value - fiqr_change.baseline, 2) < 0
    assert current.pain_improvement == "moderately important"
    assert "pain_moderately_improved" in current.labels
    assert current.fm30_short is not None and current.fm30_short.responder is True
    assert "fm30_short_responder" in current.labels
    assert status.points[0].changes == () and status.points[0].fm30_short is None


def test_a_pain_fall_of_28_6_percent_is_not_moderately_important_and_not_fm30() -> None:
    week_4 = START + timedelta(weeks=4)
    fiqr_answers_same = fiqr_answers([6] * 9, [7, 7], [8, 8, 8, 8, 8, 8, 8, 8, 8, 8])
    fiqr_better = fiqr_answers([4] * 9, [4, 4], [5, 5, 5, 5, 5, 5, 5, 5, 5, 5])
    assessments = [taken("fiqr", START, fiqr_answers_same), taken("fiqr", week_4, fiqr_better)]
    days = pain_days(START, [7] * 7) + pain_days(week_4, [5] * 7)
    current = evaluate_status(assessments, days).current
    assert current is not None
    assert current.pain_improvement is None
    assert current.fm30_short is not None and current.fm30_short.responder is False
    assert "fm30_short_responder" not in current.labels


def test_without_daily_pain_the_fiqr_pain_item_stands_in_at_both_visits() -> None:
    week_4 = START + timedelta(weeks=4)
    before = fiqr_answers([6] * 9, [7, 7], [8, 8, 8, 8, 8, 8, 8, 8, 8, 8])
    after = fiqr_answers([4] * 9, [4, 4], [4, 5, 5, 5, 5, 5, 5, 5, 5, 5])
    current = evaluate_status(
        [taken("fiqr", START, before), taken("fiqr", week_4, after)], []
    ).current
    assert current is not None and current.fm30_short is not None
    assert current.fm30_short.domains[0].measure == "fiqr_pain"
    assert current.fm30_short.domains[0].improvement_percent == 50.0
    assert current.pain_improvement == "substantial"


def test_a_chosen_baseline_is_the_first_visit_on_or_after_that_date() -> None:
    visits = [START + timedelta(weeks=4 * index) for index in range(4)]
    assessments = [fiqr_total(day, 30, 10, 60 - 10 * index) for index, day in enumerate(visits)]
    status = evaluate_status(assessments, [], baseline_day=visits[1] - timedelta(days=3))
    assert status.baseline_day == visits[1]
    assert status.chosen_baseline == visits[1] - timedelta(days=3)
    assert [point.role for point in status.points] == [
        "before_baseline",
        "baseline",
        "follow_up",
        "follow_up",
    ]
    assert "before_baseline" in status.points[0].labels
    assert status.points[0].changes == ()
    fiqr_change = next(c for c in status.points[3].changes if c.measure == "fiqr_total")
    assert fiqr_change.baseline == status.points[1].measures["fiqr_total"]
    assert "chosen date" in status.notes[0]


def test_a_chosen_baseline_after_every_visit_leaves_no_baseline() -> None:
    status = evaluate_status(
        [fiqr_total(START, 30, 10, 60)], [], baseline_day=START + timedelta(days=1)
    )
    assert status.baseline_day is None
    assert status.points[0].role == "before_baseline"
    assert "No visit on or after" in status.notes[0]


def test_questionnaires_within_a_week_form_one_visit_dated_by_the_last() -> None:
    assessments = [
        fiqr_total(START, 30, 10, 60),
        acr(START + timedelta(days=3), met=True),
        taken("phq9", START + timedelta(days=6), phq9_answers([1] * 9)),
        taken("gad7", START + timedelta(days=7), gad7_answers([1] * 7)),
    ]
    status = evaluate_status(assessments, [])
    assert [point.day for point in status.points] == [
        START + timedelta(days=6),
        START + timedelta(days=7),
    ]
    first = status.points[0]
    assert first.first_day == START
    assert first.instruments == ("acr2016", "fiqr", "phq9")
    assert first.criteria_2016_met is True
    assert "criteria_met" in first.labels


def test_incomplete_forms_are_ignored() -> None:
    incomplete = taken("fiqr", START, fiqr_answers([5] * 7, [5, 5], [5] * 10))
    assert not incomplete.score.valid
    status = evaluate_status([incomplete], [])
    assert status.points == () and status.current is None
    assert "No questionnaires yet" in status.notes[0]


def test_criteria_no_longer_met_since_baseline() -> None:
    later = START + timedelta(weeks=8)
    status = evaluate_status([acr(START, met=True), acr(later, met=False)], [])
    current = status.current
    assert current is not None
    assert current.criteria_2016_met is False
    assert {"criteria_not_met", "criteria_no_longer_met"} <= set(current.labels)
    assert any(
        "does not meet the 2016 research criteria (self-report; not a diagnosis)" in r
        for r in current.reasons
    )


def test_low_impact_is_the_fiqr_remission_range_up_to_23() -> None:
    at_23 = evaluate_status([fiqr_total(START, 0, 3, 40)], []).current
    above = evaluate_status([fiqr_total(START, 1, 3, 40)], []).current
    assert at_23 is not None and above is not None
    assert at_23.low_impact is True and "low_impact" in at_23.labels
    assert above.low_impact is False and "low_impact" not in above.labels


def remission_history(fiqr_weeks: dict[int, int], acr_weeks: dict[int, bool]) -> list[Assessment]:
    """FIQRs with the given total (symptom sum = 2 × total) and ACR 2016 forms, by week."""
    return [
        fiqr_total(START + timedelta(weeks=week), 0, 0, 2 * total)
        for week, total in fiqr_weeks.items()
    ] + [acr(START + timedelta(weeks=week), met=met) for week, met in acr_weeks.items()]


def remission_at_last_visit(
    fiqr_weeks: dict[int, int], acr_weeks: dict[int, bool]
) -> tuple[bool, str]:
    current = evaluate_status(remission_history(fiqr_weeks, acr_weeks), []).current
    assert current is not None
    return current.remission.met, current.remission.reason


def test_remission_two_low_fiqrs_four_weeks_apart_and_criteria_not_met() -> None:
    met, reason = remission_at_last_visit({0: 40, 12: 20, 16: 18}, {16: False})
    assert met, reason
    assert "FIQR ≤ 23 on all 2 assessments" in reason
    status = evaluate_status(remission_history({0: 40, 12: 20, 16: 18}, {16: False}), [])
    assert status.current is not None and "sustained_remission" in status.current.labels
    assert any("(study-defined)" in reason for reason in status.current.reasons)


def test_remission_needs_two_assessments_in_twelve_weeks() -> None:
    met, reason = remission_at_last_visit({0: 20, 12: 20}, {12: False})
    assert not met  # 12 weeks apart: the first falls outside the 12 weeks up to the second
    assert "needs at least 2 FIQR assessments" in reason


def test_remission_needs_them_four_weeks_apart() -> None:
    met, reason = remission_at_last_visit({0: 20, 3: 20}, {3: False})
    assert not met and "span 21 days" in reason
    assert remission_at_last_visit({0: 20, 4: 20}, {4: False})[0]


def test_remission_needs_every_fiqr_in_the_window_at_most_23() -> None:
    met, reason = remission_at_last_visit({0: 20, 4: 24, 8: 20}, {8: False})
    assert not met and "FIQR 24 on" in reason


def test_remission_needs_the_criteria_not_met_on_the_latest_form() -> None:
    met, reason = remission_at_last_visit({0: 20, 4: 20}, {0: False, 4: True})
    assert not met and "were met on" in reason
    met, reason = remission_at_last_visit({13: 20, 17: 20}, {0: False})
    assert not met and "no ACR 2016 form" in reason


def test_without_flare_detection_the_status_says_so() -> None:
    status = evaluate_status([fiqr_total(START, 30, 10, 60)], [])
    assert FLARES_NOT_AVAILABLE in status.notes
    assert status.flares is None
    assert status.points[0].in_flare is None and "flare" not in status.points[0].labels


@dataclass(frozen=True)
class Flare:
    start: date
    end: date


def test_flare_periods_mark_the_visits_taken_during_them() -> None:
    visits = [START, START + timedelta(weeks=4)]
    flares = [Flare(START + timedelta(weeks=4, days=-2), START + timedelta(weeks=4, days=5))]
    status = evaluate_status([fiqr_total(day, 30, 10, 60) for day in visits], [], flares=flares)
    assert FLARES_NOT_AVAILABLE not in status.notes
    assert status.flares is not None and [(f.start, f.end) for f in status.flares] == [
        (flares[0].start, flares[0].end)
    ]
    assert [point.in_flare for point in status.points] == [False, True]
    assert "flare" in status.points[1].labels


def test_the_status_is_json_ready() -> None:
    assessments = [
        fiqr_total(START, 30, 10, 60),
        acr(START, met=True),
        fiqr_total(START + timedelta(weeks=4), 20, 8, 40),
    ]
    data = json.loads(json.dumps(evaluate_status(assessments, []).as_dict()))
    assert data["baseline_day"] == START.isoformat()
    assert data["current"]["day"] == (START + timedelta(weeks=4)).isoformat()
    assert data["flare_detection"] is False
    assert data["labels"]["sustained_remission"] == "sustained remission (study-defined)"
    short = data["current"]["fm30_short"]
    assert short["responder"] is False  # the FIQR pain item stayed at 10
    assert short["domains"][0]["measure"] == "fiqr_pain"


def test_the_baseline_is_the_first_visit_with_a_fiqr() -> None:
    # A PHQ-9 taken 9 days before the first FIQR is a visit of its own, before the baseline.
    assessments = [
        taken("phq9", START, phq9_answers([1] * 9)),
        fiqr_total(START + timedelta(days=9), 30, 10, 60),
        fiqr_total(START + timedelta(days=39), 15, 4, 20),
    ]
    status = evaluate_status(assessments, [])
    assert [point.role for point in status.points] == ["before_baseline", "baseline", "follow_up"]
    assert status.baseline_day == START + timedelta(days=9)
    assert (
        status.notes[0] == f"Baseline: the first visit with a FIQR ({START + timedelta(days=9)})."
    )
    current = status.current
    assert current is not None and current.fm30_short is not None
    assert current.fm30_short.responder is not None
    assert "fiqr_total" in [change.measure for change in current.changes]


def test_a_chosen_baseline_is_the_first_visit_with_a_fiqr_on_or_after_that_date() -> None:
    assessments = [
        fiqr_total(START, 30, 10, 60),
        taken("phq9", START + timedelta(weeks=4), phq9_answers([1] * 9)),
        fiqr_total(START + timedelta(weeks=6), 30, 10, 60),
        fiqr_total(START + timedelta(weeks=10), 15, 4, 20),
    ]
    status = evaluate_status(assessments, [], baseline_day=START + timedelta(weeks=3))
    assert status.baseline_day == START + timedelta(weeks=6)
    assert [point.role for point in status.points][:3] == ["before_baseline"] * 2 + ["baseline"]
    assert "first visit with a FIQR on or after your chosen date" in status.notes[0]


def test_without_any_fiqr_the_first_visit_is_the_baseline() -> None:
    assessments = [
        taken("phq9", START, phq9_answers([2] * 9)),
        taken("phq9", START + timedelta(weeks=4), phq9_answers([1] * 9)),
    ]
    status = evaluate_status(assessments, [])
    assert status.baseline_day == START
    assert status.notes[0] == f"Baseline: the first visit ({START}): none has a FIQR yet."
    current = status.current
    assert current is not None
    assert [(c.measure, c.absolute) for c in current.changes] == [("phq9_total", -9.0)]


def test_a_visit_says_which_labels_it_could_not_determine() -> None:
    assessments = [
        fiqr_total(START, 30, 10, 60),
        acr(START, met=True),
        fiqr_total(START + timedelta(weeks=4), 15, 4, 20),
        taken("phq9", START + timedelta(weeks=8), phq9_answers([1] * 9)),
    ]
    baseline, measured, phq9_only = evaluate_status(assessments, [], flares=[]).points
    assert baseline.undetermined == (
        "pain_moderately_improved",
        "pain_substantially_improved",
        "fm30_short_responder",
        "fm30_long_responder",
        "criteria_no_longer_met",
    )
    assert measured.undetermined == (
        "criteria_met",
        "criteria_not_met",
        "criteria_no_longer_met",
    )
    assert phq9_only.undetermined == (
        "pain_moderately_improved",
        "pain_substantially_improved",
        "fm30_short_responder",
        "fm30_long_responder",
        "criteria_met",
        "criteria_not_met",
        "criteria_no_longer_met",
        "low_impact",
    )
    assert "flare" in evaluate_status(assessments, []).points[0].undetermined
