"""The worked examples of clinical.md section 7, as answers, shared by the tests."""

from typing import Any

F1_FUNCTION = [5, 6, 4, 7, 6, 3, 5, 4, 6]
F1_OVERALL = [7, 6]
F1_SYMPTOMS = [8, 9, 7, 8, 6, 5, 5, 8, 4, 6]
F5_FUNCTION = [1, 2, 1, 2, 1, 1, 1, 2, 1]
F5_OVERALL = [2, 1]
F5_SYMPTOMS = [3, 3, 2, 3, 2, 2, 1, 2, 1, 1]


def fiqr_answers(
    function: list[int | None], overall: list[int | None], symptoms: list[int | None]
) -> dict[str, Any]:
    """FIQR answers by domain, in item order; None leaves an item unanswered."""
    answers: dict[str, Any] = {}
    for prefix, values in (("f", function), ("o", overall), ("s", symptoms)):
        for number, value in enumerate(values, start=1):
            if value is not None:
                answers[f"{prefix}{number}"] = value
    return answers


def fiqr_with(function_sum: int, overall_sum: int, symptom_sum: int) -> dict[str, Any]:
    """Complete FIQR answers whose domain sums are the given ones."""

    def spread(total: int, count: int) -> list[int | None]:
        values: list[int | None] = []
        for _ in range(count):
            value = min(10, total)
            values.append(value)
            total -= value
        assert total == 0, "sum too large for the domain"
        return values

    return fiqr_answers(spread(function_sum, 9), spread(overall_sum, 2), spread(symptom_sum, 10))


def phq9_answers(values: list[int]) -> dict[str, int]:
    return {f"q{number}": value for number, value in enumerate(values, start=1)}


def gad7_answers(values: list[int]) -> dict[str, int]:
    return {f"q{number}": value for number, value in enumerate(values, start=1)}


def acr_answers(
    version: str,
    areas: list[str],
    *,
    fatigue: int,
    unrefreshed: int,
    cognitive: int,
    part_b: int,
    duration: bool = True,
) -> dict[str, Any]:
    """ACR answers of one version with part B worth ``part_b`` points: that many of the three
    yes/no symptoms (2011, 2016) or the somatic rating itself (2010)."""
    answers: dict[str, Any] = {
        "areas": areas,
        "fatigue": fatigue,
        "unrefreshed": unrefreshed,
        "cognitive": cognitive,
        "duration_3mo": duration,
    }
    if version == "acr2010":
        answers["somatic"] = part_b
    else:
        for index, item in enumerate(("headache", "abdominal", "depression")):
            answers[item] = index < part_b
    return answers


# clinical.md 7.2: (case, painful areas, SSS parts (fatigue, unrefreshed, cognitive, part B),
# met under 2010/2011, met under 2016, FS)
ACR_CASES = [
    (
        "A1",
        [
            "shoulder_left",
            "shoulder_right",
            "upper_arm_left",
            "upper_arm_right",
            "hip_left",
            "hip_right",
            "neck",
            "lower_back",
        ],
        (2, 2, 1, 1),
        True,
        True,
        14,
    ),
    (
        "A2",
        [
            "jaw_left",
            "jaw_right",
            "chest",
            "abdomen",
            "neck",
            "upper_back",
            "lower_back",
            "shoulder_left",
        ],
        (2, 2, 1, 1),
        True,
        False,
        14,
    ),
    ("A3", ["neck", "shoulder_left", "hip_right"], (3, 3, 1, 3), True, False, 13),
    (
        "A4",
        ["upper_arm_left", "upper_arm_right", "upper_leg_left", "upper_leg_right"],
        (3, 3, 0, 3),
        True,
        True,
        13,
    ),
    (
        "A5",
        ["shoulder_left", "shoulder_right", "hip_left", "hip_right", "neck", "upper_back"],
        (3, 3, 1, 1),
        False,
        False,
        14,
    ),
    (
        "A6",
        [
            "shoulder_left",
            "shoulder_right",
            "hip_left",
            "hip_right",
            "neck",
            "upper_back",
            "lower_back",
        ],
        (1, 1, 1, 1),
        False,
        False,
        11,
    ),
]
