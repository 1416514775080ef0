"""PHQ-9 and GAD-7 against Kroenke 2001, Spitzer 2006 and the awell-health worked examples
(clinical.md 4.1, 4.2, 7.1); PGIC and the daily ratings."""

import pytest

from fibrotrack.instruments import InvalidAnswers, get, score
from questionnaire_cases import gad7_answers, phq9_answers


def test_phq9_awell_random_response_scores_10_moderate_and_flags_item_9() -> None:
    result = score("phq9", phq9_answers([3, 0, 1, 2, 0, 0, 1, 0, 3]))
    assert (result.valid, result.total, result.band) == (True, 10.0, "moderate")
    assert result.flags == ["self_harm"]


@pytest.mark.parametrize(("value", "total", "band"), [(0, 0, "minimal"), (3, 27, "severe")])
def test_phq9_all_same_answers(value: int, total: int, band: str) -> None:
    result = score("phq9", phq9_answers([value] * 9))
    assert (result.total, result.band) == (total, band)
    assert result.flags == (["self_harm"] if value else [])


def test_item_9_flags_self_harm_whatever_the_total() -> None:
    result = score("phq9", phq9_answers([0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert (result.total, result.band, result.flags) == (1.0, "minimal", ["self_harm"])


def test_item_9_flags_self_harm_even_on_an_incomplete_form() -> None:
    result = score("phq9", {"q1": 0, "q9": 2})
    assert not result.valid and result.total is None
    assert result.flags == ["self_harm"]
    assert "q2" in (result.reason or "")


def test_phq9_needs_all_nine_items_and_ignores_the_difficulty_item() -> None:
    answers = phq9_answers([1] * 9)
    assert score("phq9", answers | {"q10": 3}).total == 9
    del answers["q4"]
    assert not score("phq9", answers).valid


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
    ],
)
def test_phq9_band_edges(total: int, band: str) -> None:
    values = [min(3, max(0, total - 3 * index)) for index in range(8)] + [0]
    assert score("phq9", phq9_answers(values)).band == band


def test_gad7_awell_random_response_scores_7_mild() -> None:
    result = score("gad7", gad7_answers([3, 0, 1, 2, 0, 0, 1]))
    assert (result.total, result.band, result.flags) == (7.0, "mild", [])
    assert score("gad7", gad7_answers([3] * 7)).total == 21
    assert score("gad7", gad7_answers([0] * 7)).band == "minimal"


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_edges(total: int, band: str) -> None:
    values = [min(3, max(0, total - 3 * index)) for index in range(7)]
    assert score("gad7", gad7_answers(values)).band == band


def test_gad7_needs_all_seven_items() -> None:
    result = score("gad7", gad7_answers([1] * 6))
    assert not result.valid and "q7" in (result.reason or "")


@pytest.mark.parametrize("instrument", ["phq9", "gad7"])
def test_out_of_range_answers_name_the_item(instrument: str) -> None:
    with pytest.raises(InvalidAnswers) as raised:
        score(instrument, {"q1": 1, "q3": 4})
    assert raised.value.item == "q3"
    assert "outside 0–3" in str(raised.value)


def test_phq_family_carries_loinc_codes_and_the_answer_list() -> None:
    phq9 = get("phq9")
    assert phq9.total_code is not None and phq9.total_code.code == "44261-6"
    assert [code.code for code in phq9.codes] == ["44249-1"]
    assert phq9.item("q9").code is not None and phq9.item("q9").code.code == "44260-8"
    labels = [
        (option.value, option.label, option.code.code if option.code else None)
        for option in phq9.item("q1").options
    ]
    assert labels == [
        (0, "Not at all", "LA6568-5"),
        (1, "Several days", "LA6569-3"),
        (2, "More than half the days", "LA6570-1"),
        (3, "Nearly every day", "LA6571-9"),
    ]
    assert phq9.item("q10").required is False
    gad7 = get("gad7")
    assert gad7.total_code is not None and gad7.total_code.code == "70274-6"
    assert [item.code.code for item in gad7.items if item.code] == [
        "69725-0",
        "68509-9",
        "69733-4",
        "69734-2",
        "69735-9",
        "69689-8",
        "69736-7",
    ]
    assert "No permission required" in phq9.licence
    assert phq9.recall_period == gad7.recall_period == "the last 2 weeks"


@pytest.mark.parametrize(
    ("value", "band"), [(1, "very_much_improved"), (4, "no_change"), (7, "very_much_worse")]
)
def test_pgic_total_is_the_rating_and_its_category(value: int, band: str) -> None:
    result = score("pgic", {"change": value})
    assert (result.total, result.band) == (value, band)
    with pytest.raises(InvalidAnswers):
        score("pgic", {"change": 0})


def test_daily_ratings_are_one_item_instruments() -> None:
    assert score("daily_pain", {"pain": 6}).total == 6
    assert not score("daily_pain", {}).valid
    assert get("daily_pain").total_code is not None
    assert get("daily_pain").total_code.code == "72514-3"
    assert get("daily_sleep_quality").higher_is_worse is False
    assert get("daily_fatigue").higher_is_worse is True
    with pytest.raises(InvalidAnswers) as raised:
        score("daily_mood", {"mood": 11})
    assert raised.value.item == "mood"
