"""The codes fibrotrack's FHIR export uses beyond the instruments' own, and LOINC's check digit.

Questionnaire and daily-rating codes come from the instrument definitions
(:mod:`fibrotrack.instruments`, after ``/work/shared/reference/clinical.md`` §5). The wearable
codes here (41950-7 steps in 24 hours, 93832-4 sleep duration, 40443-4 resting heart
rate, 80404-7 R-R interval standard deviation) are the ones FHIR mappings of wearable data
use widely; their check digits are verified in the tests, their wording was not checked
against loinc.org. A variable without a code here is coded in fibrotrack's own code system.
"""

import re
from dataclasses import dataclass

from fibrotrack import instruments

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
FIBROTRACK_VARIABLES = "urn:fibrotrack:variable"
FIBROTRACK_QUESTIONNAIRES = "urn:fibrotrack:questionnaire"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


@dataclass(frozen=True)
class Code:
    code: str
    display: str


VARIABLES = {
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


def variable_code(key: str) -> Code | None:
    """The LOINC code of a variable: the code of its daily-rating instrument if it has one
    (``daily_pain`` → 72514-3), else one of :data:`VARIABLES`."""
    try:
        daily = instruments.get(f"daily_{key}")
    except instruments.UnknownInstrument:
        daily = None
    if daily is not None and daily.total_code is not None and daily.total_code.system == LOINC:
        return Code(daily.total_code.code, daily.total_code.display)
    return VARIABLES.get(key)


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
