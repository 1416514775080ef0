"""ACR 2011: the modification of the 2010 preliminary criteria for self-report in surveys and
clinical research (Wolfe et al. 2011).

Met when (WPI ≥ 7 and SSS ≥ 5) or (WPI 3–6 and SSS ≥ 9) and symptoms have been present at a
similar level for at least 3 months; the published criteria also require that no other
disorder explains the pain, which this form does not ask. No generalized-pain rule. SSS part B
is the three self-reported symptoms (headaches, lower-abdominal pain or cramps, depression).
"""

from fibrotrack.instruments.acr_criteria import (
    AREAS_ITEM,
    DURATION_ITEM,
    FS_BANDS,
    FS_SUBSCORES,
    LICENCE,
    PART_A_INSTRUCTIONS,
    PART_A_ITEMS,
    SELF_REPORTED_PART_B_ITEMS,
    WOLFE_2011,
    WOLFE_2015,
    CriteriaRule,
    score_criteria,
    self_reported_part_b,
)
from fibrotrack.instruments.definition import Answers, Domain, Instrument
from fibrotrack.instruments.scores import Score

RULE = CriteriaRule(
    lower_branch_minimum_wpi=3,
    needs_generalized_pain=False,
    part_b=self_reported_part_b,
    part_b_items=("headache", "abdominal", "depression"),
)


def score_acr2011(answers: Answers) -> Score:
    return score_criteria(RULE, answers)


INSTRUMENT = Instrument(
    id="acr2011",
    name="ACR 2011 modified fibromyalgia criteria (self-report)",
    short_name="ACR 2011",
    version="2011.1",
    recall_period="the past 7 days (headaches, abdominal pain and depression: the past 6 months)",
    instructions=(
        "Mark where you have had pain, then rate fatigue, waking unrefreshed and thinking "
        "problems, and answer three yes/no questions."
    ),
    items=(AREAS_ITEM, *PART_A_ITEMS, *SELF_REPORTED_PART_B_ITEMS, DURATION_ITEM),
    scorer=score_acr2011,
    total_label="FS (WPI + SSS)",
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
    criteria_name="2011 research criteria",
    criteria_note="The 2011 criteria also require that no other disorder explains the pain; "
    "this form does not ask.",
    licence=LICENCE,
    wording_note="Wording follows the 2011 self-report modification (Wolfe 2011).",
    sources=(WOLFE_2011, WOLFE_2015),
)
