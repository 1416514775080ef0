"""ACR 2010: the preliminary diagnostic criteria (Wolfe et al. 2010), clinician-rated.

Met when (WPI ≥ 7 and SS ≥ 5) or (WPI 3–6 and SS ≥ 9) and symptoms have been present at a
similar level for at least 3 months; the published criteria also require that no other
disorder explains the pain, which this form does not ask. SSS part B is the clinician's rating
of somatic symptoms in general (0–3); the authors left its ascertainment to the clinician, and
no official symptom-count thresholds exist, so fibrotrack asks for the 0–3 rating itself.
"""

from fibrotrack.instruments.acr_criteria import (
    AREAS_ITEM,
    DURATION_ITEM,
    FS_BANDS,
    FS_SUBSCORES,
    LICENCE,
    PART_A_INSTRUCTIONS,
    PART_A_ITEMS,
    WOLFE_2010,
    WOLFE_2015,
    CriteriaRule,
    score_criteria,
)
from fibrotrack.instruments.definition import (
    Answers,
    Domain,
    Instrument,
    Item,
    ItemKind,
    Option,
    number,
)
from fibrotrack.instruments.scores import Score

SOMATIC_ITEM = Item(
    "somatic",
    "Somatic symptoms in general (for example muscle pain, irritable bowel syndrome, "
    "tiredness, thinking or remembering problems, muscle weakness, headache, pain or cramps in "
    "the abdomen, numbness or tingling, dizziness, insomnia, depression, constipation)",
    ItemKind.CHOICE,
    (
        Option(0, "No symptoms"),
        Option(1, "Few symptoms"),
        Option(2, "A moderate number of symptoms"),
        Option(3, "A great deal of symptoms"),
    ),
    domain="sss",
)


def somatic_part_b(answers: Answers) -> int:
    return number(answers, "somatic")


RULE = CriteriaRule(
    lower_branch_minimum_wpi=3,
    needs_generalized_pain=False,
    part_b=somatic_part_b,
    part_b_items=("somatic",),
)


def score_acr2010(answers: Answers) -> Score:
    return score_criteria(RULE, answers)


INSTRUMENT = Instrument(
    id="acr2010",
    name="ACR 2010 preliminary fibromyalgia criteria",
    short_name="ACR 2010",
    version="2010.1",
    recall_period="the past 7 days",
    instructions=(
        "Mark where there has been pain, rate fatigue, waking unrefreshed and cognitive "
        "symptoms, and rate somatic symptoms in general."
    ),
    items=(AREAS_ITEM, *PART_A_ITEMS, SOMATIC_ITEM, DURATION_ITEM),
    scorer=score_acr2010,
    total_label="FS (WPI + SS)",
    total_minimum=0,
    total_maximum=31,
    domains=(
        Domain("wpi", "Widespread Pain Index"),
        Domain("sss", "Symptom Severity Scale", PART_A_INSTRUCTIONS),
        Domain("duration", "Duration"),
    ),
    subscores=FS_SUBSCORES,
    bands=FS_BANDS,
    band_source="Wolfe 2015",
    criteria_name="2010 research criteria",
    criteria_note="The 2010 criteria also require that no other disorder explains the pain; "
    "this form does not ask. The somatic-symptom rating is meant for a clinician.",
    licence=LICENCE,
    wording_note="Wording follows the 2010 criteria (Wolfe 2010); the somatic-symptom list is "
    "abridged.",
    sources=(WOLFE_2010, WOLFE_2015),
)
