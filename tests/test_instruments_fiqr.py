"""FIQR scoring against Bennett 2009, the fiqr.info missing-item rule and the Salaffi 2020
bands (clinical.md sections 0, 2 and 7.2)."""

import pytest

from fibrotrack.instruments import InvalidAnswers, get, score
from questionnaire_cases import (
    F1_FUNCTION,
    F1_OVERALL,
    F1_SYMPTOMS,
    F5_FUNCTION,
    F5_OVERALL,
    F5_SYMPTOMS,
    fiqr_answers,
    fiqr_with,
)


def test_f1_scores_61_33_moderate() -> None:
    result = score("fiqr", fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS))
    assert result.valid
    assert result.total == 61.33
    assert result.subscores == {"function": 15.33, "overall": 13.0, "symptoms": 33.0}
    assert result.band == "moderate"
    assert result.flags == []
    assert result.criteria_met is None


@pytest.mark.parametrize("missing", [None, "", "  "])
def test_f2_one_missing_function_item_is_prorated_to_61(missing: str | None) -> None:
    answers = fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS)
    answers["f9"] = missing
    result = score("fiqr", answers)
    assert result.valid
    assert result.total == 61.0
    assert result.subscores["function"] == 15.0
    assert result.flags == ["function_prorated"]


def test_f2_prorates_whichever_function_item_is_missing() -> None:
    answers = fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS)
    del answers["f1"]  # 41 × 9/8 ÷ 3 = 15.375, + 13 + 33 = 61.375
    assert score("fiqr", answers).total == 61.38


def test_f3_two_missing_function_items_make_the_form_invalid() -> None:
    answers = fiqr_answers([*F1_FUNCTION[:7], None, None], F1_OVERALL, F1_SYMPTOMS)
    result = score("fiqr", answers)
    assert not result.valid
    assert result.total is None and result.band is None and result.subscores == {}
    assert "f8, f9" in (result.reason or "")


def test_f4_a_missing_symptom_item_makes_the_form_invalid_not_prorated() -> None:
    symptoms: list[int | None] = list(F1_SYMPTOMS)
    symptoms[4] = None
    result = score("fiqr", fiqr_answers(F1_FUNCTION, F1_OVERALL, symptoms))
    assert not result.valid  # fiqr.info; myalgia.com would prorate the symptom sum × 10/9
    assert result.total is None
    assert "s5" in (result.reason or "")


def test_a_missing_overall_item_makes_the_form_invalid() -> None:
    result = score("fiqr", fiqr_answers(F1_FUNCTION, [7, None], F1_SYMPTOMS))
    assert not result.valid
    assert "o2" in (result.reason or "")


def test_f5_scores_17_in_the_remission_range() -> None:
    result = score("fiqr", fiqr_answers(F5_FUNCTION, F5_OVERALL, F5_SYMPTOMS))
    assert result.total == 17.0
    assert result.subscores == {"function": 4.0, "overall": 3.0, "symptoms": 10.0}
    assert result.band == "remission"


def test_f6_all_ten_is_100_and_all_zero_is_0() -> None:
    top = score("fiqr", fiqr_answers([10] * 9, [10] * 2, [10] * 10))
    bottom = score("fiqr", fiqr_answers([0] * 9, [0] * 2, [0] * 10))
    assert (top.total, top.band) == (100.0, "very_severe")
    assert (bottom.total, bottom.band) == (0.0, "remission")


@pytest.mark.parametrize(
    ("function_sum", "overall_sum", "symptom_sum", "total", "band"),
    [
        (0, 3, 40, 23.0, "remission"),
        (1, 3, 40, 23.33, "mild"),
        (0, 0, 80, 40.0, "mild"),
        (1, 0, 80, 40.33, "moderate"),
        (0, 13, 100, 63.0, "moderate"),
        (1, 13, 100, 63.33, "severe"),
        (57, 13, 100, 82.0, "severe"),
        (58, 13, 100, 82.33, "very_severe"),
    ],
)
def test_band_edges_apply_to_the_unrounded_total(
    function_sum: int, overall_sum: int, symptom_sum: int, total: float, band: str
) -> None:
    result = score("fiqr", fiqr_with(function_sum, overall_sum, symptom_sum))
    assert (result.total, result.band) == (total, band)


def test_a_prorated_total_just_above_23_is_mild() -> None:
    answers = fiqr_with(3, 2, 40)  # function sum 3 over 8 items: 3 × 9/8 ÷ 3 = 1.125
    answers = {key: value for key, value in answers.items() if key != "f9"}
    result = score("fiqr", answers)
    assert result.total == 23.13
    assert result.band == "mild"


def test_text_answers_score_like_numbers() -> None:
    answers = fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS)
    as_text = {key: f" {value} " for key, value in answers.items()}
    assert score("fiqr", as_text) == score("fiqr", answers)


@pytest.mark.parametrize(
    ("item", "value", "words"),
    [
        ("f3", 11, "outside 0–10"),
        ("s2", -1, "outside 0–10"),
        ("o1", "lots", "not a whole number"),
        ("f1", 2.5, "not a whole number"),
        ("s10", True, "yes/no"),
        ("f4", [3], "not an answer"),
        ("x1", 3, "unknown item"),
    ],
)
def test_malformed_answers_name_the_item(item: str, value: object, words: str) -> None:
    answers = fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS)
    answers[item] = value
    with pytest.raises(InvalidAnswers) as raised:
        score("fiqr", answers)
    assert raised.value.item == item
    assert isinstance(raised.value, ValueError)
    assert words in str(raised.value)


def test_the_definition_carries_wording_anchors_domains_and_the_licence_caveat() -> None:
    fiqr = get("fiqr")
    assert [item.id for item in fiqr.items] == [
        *(f"f{n}" for n in range(1, 10)),
        "o1",
        "o2",
        *(f"s{n}" for n in range(1, 11)),
    ]
    assert fiqr.item("f2").text == "Walk continuously for 20 minutes"
    pain = fiqr.item("s1")
    assert (pain.options[0].label, pain.options[-1].label) == ("No pain", "Unbearable pain")
    assert [option.value for option in pain.options] == list(range(11))
    assert fiqr.item("s2").options[-1].label == "No energy"  # higher is worse, no reversal
    assert [domain.id for domain in fiqr.domains] == ["function", "overall", "symptoms"]
    assert fiqr.recall_period == "the past 7 days"
    assert [band.id for band in fiqr.bands] == [
        "remission",
        "mild",
        "moderate",
        "severe",
        "very_severe",
    ]
    assert "unverified" in fiqr.licence and "permission" in fiqr.licence
    assert any("Bennett" in source.citation for source in fiqr.sources)
