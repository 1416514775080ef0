"""ACR 2016: the 2016 revision of the 2010/2011 fibromyalgia criteria (Wolfe et al. 2016), in
its self-report form. fibrotrack's default criteria version.

Met when generalized pain is present in at least 4 of 5 regions, (WPI ≥ 7 and SSS ≥ 5) or
(WPI 4–6 and SSS ≥ 9), and symptoms have been present at a similar level for at least 3 months.
Jaw, chest and abdomen count toward the WPI, never toward the regions. The total is the FS
scale (WPI + SSS, 0–31) with the Wolfe 2015 band. A self-reported result is research criteria,
never a diagnosis (Wolfe 2016: "not valid for clinical diagnosis in individual patients").
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
    WOLFE_2016,
    CriteriaRule,
    score_criteria,
    self_reported_part_b,
)
from fibrotrack.instruments.definition import Answers, Domain, Instrument
from fibrotrack.instruments.scores import Score

RULE = CriteriaRule(
    lower_branch_minimum_wpi=4,
    needs_generalized_pain=True,
    part_b=self_reported_part_b,
    part_b_items=("headache", "abdominal", "depression"),
)


def score_acr2016(answers: Answers) -> Score:
    return score_criteria(RULE, answers)


INSTRUMENT = Instrument(
    id="acr2016",
    name="ACR 2016 fibromyalgia criteria (self-report)",
    short_name="ACR 2016",
    version="2016.1",
    recall_period="the past 7 days (headaches, abdominal pain and depression: the past 6 months)",
    instructions=(
        "Mark where you have had pain, then rate fatigue, waking unrefreshed and thinking "
        "problems, and answer three yes/no questions."
    ),
    items=(AREAS_ITEM, *PART_A_ITEMS, *SELF_REPORTED_PART_B_ITEMS, DURATION_ITEM),
    scorer=score_acr2016,
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
    criteria_name="2016 research criteria",
    licence=LICENCE,
    wording_note="Wording follows the 2016 self-report form (Wolfe 2016, 2011 modification).",
    sources=(WOLFE_2016, WOLFE_2011, WOLFE_2015),
)
