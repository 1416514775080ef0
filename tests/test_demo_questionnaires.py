"""The demo person's questionnaires tell the same story as their diary."""

from datetime import date, timedelta
from itertools import pairwise
from statistics import mean

from fibrotrack.analysis.synthetic import demo_diary
from fibrotrack.analysis.synthetic_questionnaires import demo_questionnaires
from fibrotrack.instruments import score
from fibrotrack.services.assessments import crisis_resources_shown, list_responses
from fibrotrack.services.demo import fill_demo
from fibrotrack.services.people import current_person
from fibrotrack.storage import Database

END = date(2026, 11, 27)


def test_four_questionnaires_every_four_weeks_up_to_the_last_day() -> None:
    responses = demo_questionnaires(demo_diary(END), end=END)
    days = sorted({response.day for response in responses})
    assert days[-1] == END
    assert all(later - earlier == timedelta(days=28) for earlier, later in pairwise(days))
    assert days[0] - (END - timedelta(days=364)) < timedelta(days=28 + 6)
    for day in days:
        assert sorted(r.instrument for r in responses if r.day == day) == [
            "acr2016",
            "fiqr",
            "gad7",
            "phq9",
        ]
    assert demo_questionnaires(demo_diary(END), end=END) == responses  # seeded


def test_the_scores_follow_the_diary() -> None:
    diary = demo_diary(END)
    responses = demo_questionnaires(diary, end=END)
    fiqr = [(r.day, score("fiqr", r.answers)) for r in responses if r.instrument == "fiqr"]
    assert all(result.valid for _, result in fiqr)
    walking = diary.interventions[0].start
    before = [result.total or 0 for day, result in fiqr if day < walking]
    after = [result.total or 0 for day, result in fiqr if day >= walking + timedelta(days=60)]
    assert mean(after) < mean(before) - 8  # the FIQR falls after walking and mindfulness start
    pain = {day.day: day.values["pain"] for day in diary.days}

    def week_pain(end: date) -> float:
        return mean(v for d, v in pain.items() if end - timedelta(days=7) < d <= end)

    worst = max(fiqr, key=lambda item: week_pain(item[0]))
    best = min(fiqr, key=lambda item: week_pain(item[0]))
    assert (worst[1].total or 0) > (best[1].total or 0) + 15
    acr = [score("acr2016", r.answers) for r in responses if r.instrument == "acr2016"]
    assert acr[0].criteria_met is True
    assert any(result.criteria_met is False for result in acr)


def test_exactly_one_phq9_has_item_9_above_zero() -> None:
    phq9 = [r for r in demo_questionnaires(demo_diary(END), end=END) if r.instrument == "phq9"]
    positive = [r for r in phq9 if r.answers["q9"] != 0]
    assert len(positive) == 1
    assert "self_harm" in score("phq9", positive[0].answers).flags


def test_the_demo_database_holds_the_questionnaires_and_the_safety_record(
    database: Database,
) -> None:
    fill_demo(database, today=END)
    with database.session() as session:
        person = current_person(session, person_id=None)
        responses = list_responses(session, person=person)
        assert len(responses) == 4 * 13
        assert {r.instrument for r in responses} == {"fiqr", "acr2016", "phq9", "gad7"}
        assert all(r.score.valid for r in responses)
        flagged = [r for r in responses if r.needs_crisis_resources]
        shown = crisis_resources_shown(session, person=person)
        assert [(s.response_id, s.channel, s.country) for s in shown] == [
            (flagged[0].id, "demo", "GB")
        ]
