"""The demo person's questionnaires, derived from their synthetic diary so both tell the same
story: a FIQR, an ACR 2016 form, a PHQ-9 and a GAD-7 every four weeks, the last on the diary's
last day.

Each answer follows the diary's mean ratings over the questionnaire's recall period (7 days
for the FIQR and the ACR form, 14 for the PHQ-9 and GAD-7) plus seeded noise, so the scores
fall after walking and mindfulness start and rise in flares. Exactly one PHQ-9, the one taken
when mood was lowest, has item 9 above 0.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from fibrotrack.analysis.synthetic import SyntheticDay, SyntheticDiary
from fibrotrack.instruments import Answer
from fibrotrack.instruments.acr_criteria import AREA_IDS

# Most to least commonly painful areas in fibromyalgia, so a falling WPI sheds the periphery.
_AREA_ORDER = (
    "neck",
    "upper_back",
    "lower_back",
    "shoulder_left",
    "shoulder_right",
    "hip_left",
    "hip_right",
    "upper_arm_left",
    "upper_arm_right",
    "upper_leg_left",
    "upper_leg_right",
    "jaw_left",
    "jaw_right",
    "chest",
    "lower_arm_left",
    "lower_arm_right",
    "lower_leg_left",
    "lower_leg_right",
    "abdomen",
)
# How much harder each FIQR function item is than the person's average difficulty.
_FUNCTION_OFFSETS = (-3.0, 0.5, -0.5, 1.5, 1.5, 0.5, 1.0, -0.5, 0.0)


@dataclass(frozen=True)
class SyntheticResponse:
    instrument: str
    day: date
    answers: dict[str, Answer]


def _means(days: list[SyntheticDay], end: date, length: int) -> dict[str, float]:
    """Mean ratings over the ``length`` days ending on ``end``; if fewer than 3 days were
    logged (a holiday), the window reaches further back until it holds 3."""
    earlier = [day for day in days if day.day <= end]
    window = [day for day in earlier if day.day > end - timedelta(days=length)]
    if len(window) < 3:
        window = earlier[-3:]
    keys = ("pain", "fatigue", "brain_fog", "sleep_quality", "mood", "stress")
    return {key: float(np.mean([day.values[key] for day in window])) for key in keys}


def _gluten_share(days: list[SyntheticDay], end: date, length: int) -> float:
    window = [day for day in days if end - timedelta(days=length) < day.day <= end]
    return sum("food:gluten" in day.tags for day in window) / max(1, len(window))


class _Rater:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def rate(self, value: float, high: int, noise: float = 0.5) -> int:
        return int(np.clip(np.rint(value + self.rng.normal(0.0, noise)), 0, high))


def _fiqr(m: Mapping[str, float], rater: _Rater) -> dict[str, Answer]:
    difficulty = 0.75 * m["pain"] + 0.25 * m["fatigue"] - 1.0
    tiredness = 0.6 * (10 - m["sleep_quality"]) + 0.4 * m["fatigue"]
    answers: dict[str, Answer] = {
        f"f{number}": rater.rate(difficulty + offset, 10)
        for number, offset in enumerate(_FUNCTION_OFFSETS, start=1)
    }
    answers["o1"] = rater.rate(m["pain"] + 0.4, 10)
    answers["o2"] = rater.rate(0.8 * m["pain"] + 0.3 * m["stress"] - 1.0, 10)
    symptoms = (
        m["pain"],
        m["fatigue"],
        m["pain"] + 0.3,
        tiredness,
        0.9 * (10 - m["mood"]) - 1.0,
        m["brain_fog"],
        0.8 * m["stress"] + 0.2 * m["pain"],
        m["pain"] + 0.5,
        0.6 * m["brain_fog"],
        0.7 * m["pain"] + 0.2 * m["stress"],
    )
    for number, value in enumerate(symptoms, start=1):
        answers[f"s{number}"] = rater.rate(value, 10)
    return answers


def _acr2016(m: Mapping[str, float], gluten: float, rater: _Rater) -> dict[str, Answer]:
    wpi = rater.rate(2.2 * m["pain"] - 4.0, 19, noise=0.8)
    painful = set(_AREA_ORDER[:wpi])
    tiredness = 0.6 * (10 - m["sleep_quality"]) + 0.4 * m["fatigue"]
    return {
        "areas": tuple(area for area in AREA_IDS if area in painful),
        "fatigue": rater.rate(m["fatigue"] / 2.8, 3, noise=0.3),
        "unrefreshed": rater.rate(tiredness / 2.8, 3, noise=0.3),
        "cognitive": rater.rate(m["brain_fog"] / 2.8, 3, noise=0.3),
        "headache": bool(m["pain"] + rater.rng.normal(0.0, 0.4) >= 6.0),
        "abdominal": gluten >= 0.35,
        "depression": bool(m["mood"] + rater.rng.normal(0.0, 0.4) < 5.0),
        "duration_3mo": True,
    }


def _phq9(m: Mapping[str, float], rater: _Rater, self_harm: bool) -> dict[str, Answer]:
    low_mood = 10 - m["mood"]
    items = (
        low_mood / 3.2,
        low_mood / 3.5,
        (10 - m["sleep_quality"]) / 3.0,
        m["fatigue"] / 3.3,
        0.6,
        low_mood / 4.0,
        m["brain_fog"] / 3.3,
        m["brain_fog"] / 5.0,
    )
    answers: dict[str, Answer] = {
        f"q{number}": rater.rate(value, 3, noise=0.35) for number, value in enumerate(items, 1)
    }
    answers["q9"] = 1 if self_harm else 0
    answers["q10"] = rater.rate(m["pain"] / 3.5, 3, noise=0.35)
    return answers


def _gad7(m: Mapping[str, float], rater: _Rater) -> dict[str, Answer]:
    worry = (m["stress"] + 0.3 * m["pain"]) / 3.5
    offsets = (0.1, -0.1, 0.0, 0.2, -0.4, 0.1, -0.5)
    return {
        f"q{number}": rater.rate(worry + offset, 3, noise=0.35)
        for number, offset in enumerate(offsets, start=1)
    }


def demo_questionnaires(
    diary: SyntheticDiary, *, end: date, every_days: int = 28, seed: int = 11
) -> list[SyntheticResponse]:
    """The demo person's questionnaires, oldest first, every ``every_days`` up to ``end``."""
    days = sorted(diary.days, key=lambda day: day.day)
    first_possible = days[0].day + timedelta(days=6)
    visit_days: list[date] = []
    visit = end
    while visit >= first_possible:
        visit_days.insert(0, visit)
        visit -= timedelta(days=every_days)
    lowest_mood = min(visit_days, key=lambda day: _means(days, day, 14)["mood"])
    rater = _Rater(seed)
    responses = []
    for day in visit_days:
        week = _means(days, day, 7)
        fortnight = _means(days, day, 14)
        responses += [
            SyntheticResponse("fiqr", day, _fiqr(week, rater)),
            SyntheticResponse("acr2016", day, _acr2016(week, _gluten_share(days, day, 7), rater)),
            SyntheticResponse("phq9", day, _phq9(fortnight, rater, day == lowest_mood)),
            SyntheticResponse("gad7", day, _gad7(fortnight, rater)),
        ]
    return responses
