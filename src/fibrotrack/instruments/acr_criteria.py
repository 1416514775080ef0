"""What the ACR fibromyalgia criteria of 2010, 2011 and 2016 share: the 19 body areas of the
Widespread Pain Index (WPI), the five generalized-pain regions, the Symptom Severity Scale (SSS)
part A, the FS scale and its bands, and the scoring. Each version is its own instrument module
(``acr2010``, ``acr2011``, ``acr2016``).

The generalized-pain trap (Wolfe et al. 2016, table footnote): jaw, chest and abdomen count
toward the WPI but never toward the five regions, although the 2016 form prints the jaws under
regions 1–2 and chest and abdomen under region 5. The two uses are kept apart here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from fibrotrack.instruments.definition import (
    YES_NO_OPTIONS,
    Answers,
    Band,
    Item,
    ItemKind,
    Option,
    Source,
    Subscore,
    band_for,
    chosen,
    sum_of,
)
from fibrotrack.instruments.scores import Score, incomplete


@dataclass(frozen=True)
class BodyArea:
    id: str
    label: str
    form_region: int  # where the 2016 form prints it (regions 1–5)
    region: str | None  # the generalized-pain region; None for jaw, chest and abdomen


REGIONS = ("left_upper", "right_upper", "left_lower", "right_lower", "axial")
REGION_LABELS = {
    "left_upper": "Left upper region",
    "right_upper": "Right upper region",
    "left_lower": "Left lower region",
    "right_lower": "Right lower region",
    "axial": "Axial region",
}

BODY_AREAS = (
    BodyArea("jaw_left", "Jaw, left", 1, None),
    BodyArea("shoulder_left", "Shoulder girdle, left", 1, "left_upper"),
    BodyArea("upper_arm_left", "Upper arm, left", 1, "left_upper"),
    BodyArea("lower_arm_left", "Lower arm, left", 1, "left_upper"),
    BodyArea("jaw_right", "Jaw, right", 2, None),
    BodyArea("shoulder_right", "Shoulder girdle, right", 2, "right_upper"),
    BodyArea("upper_arm_right", "Upper arm, right", 2, "right_upper"),
    BodyArea("lower_arm_right", "Lower arm, right", 2, "right_upper"),
    BodyArea("hip_left", "Hip (buttock, trochanter), left", 3, "left_lower"),
    BodyArea("upper_leg_left", "Upper leg, left", 3, "left_lower"),
    BodyArea("lower_leg_left", "Lower leg, left", 3, "left_lower"),
    BodyArea("hip_right", "Hip (buttock, trochanter), right", 4, "right_lower"),
    BodyArea("upper_leg_right", "Upper leg, right", 4, "right_lower"),
    BodyArea("lower_leg_right", "Lower leg, right", 4, "right_lower"),
    BodyArea("neck", "Neck", 5, "axial"),
    BodyArea("upper_back", "Upper back", 5, "axial"),
    BodyArea("lower_back", "Lower back", 5, "axial"),
    BodyArea("chest", "Chest", 5, None),
    BodyArea("abdomen", "Abdomen", 5, None),
)
AREA_IDS = tuple(area.id for area in BODY_AREAS)
_REGION_OF = {area.id: area.region for area in BODY_AREAS}


def widespread_pain_index(areas: tuple[str, ...]) -> int:
    """WPI 0–19: the number of painful areas, jaw, chest and abdomen included."""
    return len(set(areas))


def generalized_pain_regions(areas: tuple[str, ...]) -> int:
    """0–5: the regions with at least one painful area; jaw, chest and abdomen never count."""
    return len({_REGION_OF[area] for area in areas if _REGION_OF[area] is not None})


SEVERITY_OPTIONS = (
    Option(0, "No problem"),
    Option(1, "Slight or mild problems, generally mild or intermittent"),
    Option(2, "Moderate, considerable problems, often present and/or at a moderate level"),
    Option(3, "Severe: pervasive, continuous, life-disturbing problems"),
)

AREAS_ITEM = Item(
    "areas",
    "In which of these areas have you had pain or tenderness over the past 7 days? "
    "Choose every area that applies.",
    ItemKind.MULTIPLE,
    tuple(Option(area.id, area.label) for area in BODY_AREAS),
    domain="wpi",
)
PART_A_ITEMS = (
    Item("fatigue", "Fatigue", ItemKind.CHOICE, SEVERITY_OPTIONS, domain="sss"),
    Item("unrefreshed", "Waking unrefreshed", ItemKind.CHOICE, SEVERITY_OPTIONS, domain="sss"),
    Item(
        "cognitive",
        "Cognitive symptoms (trouble thinking or remembering)",
        ItemKind.CHOICE,
        SEVERITY_OPTIONS,
        domain="sss",
    ),
)
SELF_REPORTED_PART_B_ITEMS = (
    Item(
        "headache",
        "During the past 6 months, have you been bothered by headaches?",
        ItemKind.YES_NO,
        YES_NO_OPTIONS,
        domain="sss",
        recall="the past 6 months",
    ),
    Item(
        "abdominal",
        "During the past 6 months, have you been bothered by pain or cramps in the lower abdomen?",
        ItemKind.YES_NO,
        YES_NO_OPTIONS,
        domain="sss",
        recall="the past 6 months",
    ),
    Item(
        "depression",
        "During the past 6 months, have you been bothered by depression?",
        ItemKind.YES_NO,
        YES_NO_OPTIONS,
        domain="sss",
        recall="the past 6 months",
    ),
)
DURATION_ITEM = Item(
    "duration_3mo",
    "Have these symptoms been present at a similar level for at least 3 months?",
    ItemKind.YES_NO,
    YES_NO_OPTIONS,
    domain="duration",
    recall="at least 3 months",
)

FS_BANDS = (
    Band("none", "None", Fraction(3), "0–3"),
    Band("mild", "Mild", Fraction(7), "4–7"),
    Band("moderate", "Moderate", Fraction(11), "8–11"),
    Band("severe", "Severe", Fraction(19), "12–19"),
    Band("very_severe", "Very severe", None, "20–31"),
)
FS_SUBSCORES = (
    Subscore("wpi", "WPI", 0, 19),
    Subscore("sss", "SSS", 0, 12),
    Subscore("regions", "Regions with pain", 0, 5),
)
PART_A_INSTRUCTIONS = (
    "For each symptom, choose the level of severity over the past week: 0 no problem, "
    "1 slight or mild, 2 moderate, 3 severe."
)

WOLFE_2010 = Source(
    "Wolfe 2010",
    "Wolfe F, Clauw DJ, Fitzcharles MA, et al. The American College of Rheumatology "
    "preliminary diagnostic criteria for fibromyalgia and measurement of symptom severity. "
    "Arthritis Care Res 2010;62(5):600–610. doi:10.1002/acr.20140",
    "https://doi.org/10.1002/acr.20140",
)
WOLFE_2011 = Source(
    "Wolfe 2011",
    "Wolfe F, Clauw DJ, Fitzcharles MA, et al. Fibromyalgia criteria and severity scales for "
    "clinical and epidemiological studies: a modification of the ACR preliminary diagnostic "
    "criteria for fibromyalgia. J Rheumatol 2011;38(6):1113–1122. doi:10.3899/jrheum.100594",
    "https://doi.org/10.3899/jrheum.100594",
)
WOLFE_2016 = Source(
    "Wolfe 2016",
    "Wolfe F, Clauw DJ, Fitzcharles MA, et al. 2016 Revisions to the 2010/2011 fibromyalgia "
    "diagnostic criteria. Semin Arthritis Rheum 2016;46(3):319–329. "
    "doi:10.1016/j.semarthrit.2016.08.012",
    "https://doi.org/10.1016/j.semarthrit.2016.08.012",
)
WOLFE_2015 = Source(
    "Wolfe 2015",
    "Wolfe F, et al. The use of polysymptomatic distress categories in the evaluation of "
    "fibromyalgia (FM) and FM severity. J Rheumatol 2015;42(8):1494: FS/PSD categories none "
    "0–3, mild 4–7, moderate 8–11, severe 12–19, very severe 20–31.",
    "https://www.jrheum.org/content/42/8/1494",
)
LICENCE = (
    "The criteria are published in the journal articles cited; no licence terms for the "
    "questionnaire wording were found (unverified). The self-report version is valid for "
    "research, not for diagnosing an individual (Wolfe 2016)."
)


@dataclass(frozen=True)
class CriteriaRule:
    """One version's thresholds: (WPI ≥ 7 and SSS ≥ 5) or (WPI in the lower branch and
    SSS ≥ 9), symptoms for ≥ 3 months, and for 2016 generalized pain in ≥ 4 of 5 regions."""

    lower_branch_minimum_wpi: int
    needs_generalized_pain: bool
    part_b: Callable[[Answers], int]
    part_b_items: tuple[str, ...]


def score_criteria(rule: CriteriaRule, answers: Answers) -> Score:
    """WPI, SSS, regions, FS (with the Wolfe 2015 band) and whether the criteria are met."""
    needed = ("areas", "fatigue", "unrefreshed", "cognitive", *rule.part_b_items, "duration_3mo")
    missing = [item for item in needed if item not in answers]
    if missing:
        return incomplete(f"unanswered: {', '.join(missing)}; every item is needed")
    areas = chosen(answers, "areas")
    wpi = widespread_pain_index(areas)
    regions = generalized_pain_regions(areas)
    sss = sum_of(answers, ("fatigue", "unrefreshed", "cognitive"))
    sss += rule.part_b(answers)
    fs = wpi + sss
    severity_branches = (wpi >= 7 and sss >= 5) or (
        rule.lower_branch_minimum_wpi <= wpi <= 6 and sss >= 9
    )
    generalized = regions >= 4 or not rule.needs_generalized_pain
    band = band_for(FS_BANDS, fs)
    return Score(
        valid=True,
        total=float(fs),
        subscores={"wpi": float(wpi), "sss": float(sss), "regions": float(regions)},
        band=band.id if band else None,
        criteria_met=bool(severity_branches and generalized and answers["duration_3mo"]),
    )


def self_reported_part_b(answers: Answers) -> int:
    """SSS part B of 2011 and 2016: headaches, lower-abdominal pain or cramps, depression in
    the past 6 months, one point each."""
    return sum_of(answers, ("headache", "abdominal", "depression"))
