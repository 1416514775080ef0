"""The codes fibrotrack's FHIR export uses, with where they come from.

Questionnaire codes are those of ``/work/shared/reference/clinical.md`` §5 (loinc.org pages
69729-2 and LL358-3, cdn.loinc.org/44261-6). Variable codes: 72514-3 from the same section;
the wearable codes (41950-7 steps in 24 hours, 93832-4 sleep duration, 40443-4 resting heart
rate, 80404-7 R-R interval standard deviation) are the ones FHIR mappings of wearable data
use widely; their check digits are verified in the tests, their wording was not checked
against loinc.org. A variable without a code here is coded in fibrotrack's own code system.
"""

import re
from dataclasses import dataclass

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
FIBROTRACK_VARIABLES = "urn:fibrotrack:variable"
FIBROTRACK_QUESTIONNAIRES = "urn:fibrotrack:questionnaire"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


@dataclass(frozen=True)
class Code:
    code: str
    display: str


@dataclass(frozen=True)
class QuestionnaireCodes:
    """LOINC codes of a questionnaire: the panel, the total score, the items in order, and
    the answer codes by score."""

    panel: Code
    total: Code
    items: tuple[str, ...]
    answers: dict[int, Code]


# LOINC answer list LL358-3 (PHQ-9 and GAD-7 items): clinical.md §5.
FREQUENCY_ANSWERS = {
    0: Code("LA6568-5", "Not at all"),
    1: Code("LA6569-3", "Several days"),
    2: Code("LA6570-1", "More than half the days"),
    3: Code("LA6571-9", "Nearly every day"),
}

QUESTIONNAIRES = {
    "phq9": QuestionnaireCodes(
        panel=Code("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]"),
        total=Code("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score"),
        items=(
            "44250-9",
            "44255-8",
            "44259-0",
            "44254-1",
            "44251-7",
            "44258-2",
            "44252-5",
            "44253-3",
            "44260-8",
        ),
        answers=FREQUENCY_ANSWERS,
    ),
    "gad7": QuestionnaireCodes(
        panel=Code("69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),
        total=Code("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score"),
        items=("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
        answers=FREQUENCY_ANSWERS,
    ),
}

VARIABLES = {
    "pain": Code("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    "steps": Code("41950-7", "Number of steps in 24 hour Measured"),
    "sleep_hours": Code("93832-4", "Sleep duration"),
    "resting_heart_rate": Code("40443-4", "Heart rate --resting"),
    "hrv_sdnn": Code("80404-7", "R-R interval.standard deviation (Heart rate variability)"),
}

# fibrotrack's units → UCUM codes.
UCUM_UNITS = {
    "h": "h",
    "min": "min",
    "ms": "ms",
    "bpm": "/min",
    "steps": "{steps}",
    "kg": "kg",
    "g": "g",
    "mg": "mg",
    "ml": "mL",
    "°F": "[degF]",
    "°C": "Cel",
    "mb": "mbar",
}

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")


def questionnaire_codes(instrument: str) -> QuestionnaireCodes | None:
    """The LOINC codes of ``instrument`` ("phq9", "PHQ-9", …), if it has them."""
    return QUESTIONNAIRES.get(_NOT_ALPHANUMERIC.sub("", instrument.casefold()))


def loinc_check_digit(number: str) -> int:
    """LOINC's mod-10 check digit of the digits before the hyphen (LOINC Users' Guide)."""
    reversed_digits = number[::-1]
    odd = reversed_digits[0::2][::-1]
    even = reversed_digits[1::2][::-1]
    digits = even + str(int(odd) * 2)
    return (10 - sum(int(digit) for digit in digits) % 10) % 10


def is_loinc_code(code: str) -> bool:
    """A well-formed LOINC term code (``72514-3``) with the right check digit."""
    number, separator, check = code.partition("-")
    if not separator or not number.isdigit() or not check.isdigit() or len(check) != 1:
        return False
    return loinc_check_digit(number) == int(check)


def is_loinc_answer_code(code: str) -> bool:
    return re.fullmatch(r"LA\d{1,6}-\d", code) is not None
