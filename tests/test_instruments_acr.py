"""ACR 2010, 2011 and 2016 criteria against Wolfe 2010/2011/2016 and the worked examples of
clinical.md 7.2, including the generalized-pain trap."""

import pytest

from fibrotrack.instruments import InvalidAnswers, get, score
from fibrotrack.instruments.acr_criteria import (
    AREA_IDS,
    generalized_pain_regions,
    widespread_pain_index,
)
from questionnaire_cases import ACR_CASES, acr_answers

VERSIONS = ("acr2010", "acr2011", "acr2016")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("case", "areas", "sss", "met_2010_2011", "met_2016", "fs"),
    ACR_CASES,
    ids=[case[0] for case in ACR_CASES],
)
def test_worked_examples(
    version: str,
    case: str,
    areas: list[str],
    sss: tuple[int, int, int, int],
    met_2010_2011: bool,
    met_2016: bool,
    fs: int,
) -> None:
    fatigue, unrefreshed, cognitive, part_b = sss
    answers = acr_answers(
        version,
        areas,
        fatigue=fatigue,
        unrefreshed=unrefreshed,
        cognitive=cognitive,
        part_b=part_b,
    )
    result = score(version, answers)
    assert result.valid
    assert result.total == fs
    assert result.subscores["wpi"] == len(areas)
    assert result.subscores["sss"] == sum(sss)
    assert result.criteria_met is (met_2016 if version == "acr2016" else met_2010_2011)


def test_a2_regions_count_only_the_shoulder_and_the_axial_region() -> None:
    areas = ACR_CASES[1][1]
    result = score(
        "acr2016", acr_answers("acr2016", areas, fatigue=2, unrefreshed=2, cognitive=1, part_b=1)
    )
    assert result.subscores == {"wpi": 8.0, "sss": 6.0, "regions": 2.0}
    assert result.band == "severe"


def test_jaw_chest_and_abdomen_count_toward_wpi_never_toward_regions() -> None:
    trap = ["jaw_left", "jaw_right", "chest", "abdomen"]
    assert widespread_pain_index(tuple(trap)) == 4
    assert generalized_pain_regions(tuple(trap)) == 0
    answers = acr_answers("acr2016", trap, fatigue=3, unrefreshed=3, cognitive=3, part_b=3)
    result = score("acr2016", answers)
    assert result.subscores["wpi"] == 4
    assert result.subscores["regions"] == 0
    assert result.criteria_met is False  # WPI 4, SSS 12, but no generalized pain
    assert (
        score(
            "acr2011", acr_answers("acr2011", trap, fatigue=3, unrefreshed=3, cognitive=3, part_b=3)
        ).criteria_met
        is True
    )


def test_one_area_per_region_is_generalized_pain() -> None:
    areas = ("shoulder_left", "lower_arm_right", "lower_leg_left", "hip_right", "lower_back")
    assert generalized_pain_regions(areas) == 5


@pytest.mark.parametrize("version", VERSIONS)
def test_symptoms_under_three_months_never_meet_the_criteria(version: str) -> None:
    answers = acr_answers(
        version, ACR_CASES[0][1], fatigue=2, unrefreshed=2, cognitive=1, part_b=1, duration=False
    )
    result = score(version, answers)
    assert result.valid and result.criteria_met is False and result.total == 14


@pytest.mark.parametrize(
    ("fs", "band"),
    [
        (0, "none"),
        (3, "none"),
        (4, "mild"),
        (7, "mild"),
        (8, "moderate"),
        (11, "moderate"),
        (12, "severe"),
        (19, "severe"),
        (20, "very_severe"),
        (31, "very_severe"),
    ],
)
def test_fs_bands_are_wolfe_2015(fs: int, band: str) -> None:
    wpi = min(fs, 19)
    sss = fs - wpi
    parts = [min(3, max(0, sss - 3 * index)) for index in range(4)]
    answers = acr_answers(
        "acr2016",
        list(AREA_IDS[:wpi]),
        fatigue=parts[0],
        unrefreshed=parts[1],
        cognitive=parts[2],
        part_b=parts[3],
    )
    result = score("acr2016", answers)
    assert (result.total, result.band) == (fs, band)


def test_areas_can_be_given_as_text_numbers_or_a_list() -> None:
    base = acr_answers("acr2016", [], fatigue=1, unrefreshed=1, cognitive=1, part_b=0)
    as_list = score("acr2016", base | {"areas": ["neck", "upper_back"]})
    as_text = score("acr2016", base | {"areas": "Neck; upper-back"})
    as_numbers = score("acr2016", base | {"areas": "15 16"})
    assert as_list == as_text == as_numbers
    assert as_list.subscores["wpi"] == 2
    no_pain = score("acr2016", base | {"areas": "none"})
    assert no_pain.valid and no_pain.subscores["wpi"] == 0


def test_yes_no_answers_accept_words_and_booleans() -> None:
    answers = acr_answers("acr2016", ["neck"], fatigue=1, unrefreshed=1, cognitive=1, part_b=0)
    words = answers | {
        "headache": "Yes",
        "abdominal": "n",
        "depression": "TRUE",
        "duration_3mo": "yes",
    }
    result = score("acr2016", words)
    assert result.subscores["sss"] == 5


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("areas", "knee"),
        ("areas", "20"),
        ("areas", 7),
        ("fatigue", 4),
        ("headache", "maybe"),
        ("duration_3mo", 2),
        ("somatic", 1),
    ],
)
def test_malformed_answers_name_the_item(item: str, value: object) -> None:
    answers = acr_answers("acr2016", ["neck"], fatigue=1, unrefreshed=1, cognitive=1, part_b=0)
    with pytest.raises(InvalidAnswers) as raised:
        score("acr2016", answers | {item: value})
    assert raised.value.item == item


def test_an_incomplete_form_is_not_scored() -> None:
    answers = acr_answers("acr2016", ["neck"], fatigue=1, unrefreshed=1, cognitive=1, part_b=0)
    del answers["duration_3mo"]
    result = score("acr2016", answers)
    assert not result.valid and result.criteria_met is None
    assert "duration_3mo" in (result.reason or "")


def test_results_are_worded_as_research_criteria_never_as_a_diagnosis() -> None:
    assert get("acr2016").criteria_statement(True) == (
        "meets the 2016 research criteria (self-report; not a diagnosis)"
    )
    assert get("acr2016").criteria_statement(False) == (
        "does not meet the 2016 research criteria (self-report; not a diagnosis)"
    )
    assert "2011 research criteria" in get("acr2011").criteria_statement(True)
    assert "other disorder" in (get("acr2011").criteria_note or "")
    with pytest.raises(ValueError, match="no classification criteria"):
        get("fiqr").criteria_statement(True)


def test_the_2016_form_keeps_the_19_areas_in_form_order_with_labels() -> None:
    areas = get("acr2016").item("areas")
    assert [option.value for option in areas.options] == list(AREA_IDS)
    assert len(AREA_IDS) == 19
    assert areas.option("hip_left").label == "Hip (buttock, trochanter), left"
    assert get("acr2016").item("headache").recall == "the past 6 months"
    assert "somatic" in [item.id for item in get("acr2010").items]
    assert "headache" not in [item.id for item in get("acr2010").items]
