"""FIQR: the Revised Fibromyalgia Impact Questionnaire (Bennett et al. 2009).

21 items rated 0–10 for the past 7 days, higher is worse for every item (no reverse scoring):
function ``f1``–``f9``, overall impact ``o1``–``o2``, symptoms ``s1``–``s10``.

Scoring (Bennett 2009; fiqr.info "Scoring"): function sum ÷ 3 (0–30) + overall sum (0–20) +
symptom sum ÷ 2 (0–50) = total 0–100. Missing items (fiqr.info rule, fibrotrack's choice of
the two published readings): one missing function item is prorated (function sum × 9/8); two or
more missing function items, or any missing overall or symptom item, make the form invalid.
Bands (Salaffi et al. 2020) apply to the unrounded total; totals are reported to 2 decimals.
"""

from fractions import Fraction

from fibrotrack.instruments.definition import (
    Answers,
    Band,
    Domain,
    Instrument,
    Item,
    ItemKind,
    Source,
    Subscore,
    band_for,
    numbered_options,
    sum_of,
)
from fibrotrack.instruments.scores import Score, incomplete, reported

FUNCTION_ITEMS = tuple(f"f{number}" for number in range(1, 10))
OVERALL_ITEMS = ("o1", "o2")
SYMPTOM_ITEMS = tuple(f"s{number}" for number in range(1, 11))

# The symptom items in form order, by what they rate (the status engine reads these).
SYMPTOM_ITEM_OF = {
    "pain": "s1",
    "energy": "s2",
    "stiffness": "s3",
    "sleep": "s4",
    "depression": "s5",
    "memory": "s6",
    "anxiety": "s7",
    "tenderness": "s8",
    "balance": "s9",
    "sensitivity": "s10",
}

_FUNCTION_TEXTS = (
    "Brush or comb your hair",
    "Walk continuously for 20 minutes",
    "Prepare a homemade meal",
    "Vacuum, scrub or sweep floors",
    "Lift and carry a bag full of groceries",
    "Climb one flight of stairs",
    "Change bed sheets",
    "Sit in a chair for 45 minutes",
    "Go shopping for groceries",
)
_OVERALL_TEXTS = (
    "Fibromyalgia prevented me from accomplishing goals for the week",
    "I was completely overwhelmed by my fibromyalgia symptoms",
)
# (what is rated, anchor at 0, anchor at 10)
_SYMPTOMS = (
    ("your level of pain", "No pain", "Unbearable pain"),
    ("your level of energy", "Lots of energy", "No energy"),
    ("your level of stiffness", "No stiffness", "Severe stiffness"),
    ("the quality of your sleep", "Awoke well rested", "Awoke very tired"),
    ("your level of depression", "Not depressed", "Very depressed"),
    ("your level of memory problems", "Good memory", "Very poor memory"),
    ("your level of anxiety", "Not anxious", "Very anxious"),
    ("your level of tenderness to touch", "No tenderness", "Very tender"),
    ("your level of balance problems", "No imbalance", "Severe imbalance"),
    (
        "your level of sensitivity to loud noises, bright lights, odors and cold",
        "No sensitivity",
        "Extreme sensitivity",
    ),
)

DOMAINS = (
    Domain(
        "function",
        "Function",
        "For each of the following 9 questions, choose the number that best indicates how much "
        "your fibromyalgia made it difficult to perform each of the following activities over "
        "the past 7 days. If you did not perform a particular activity in the last 7 days, rate "
        "the difficulty for the last time you performed the activity. If you can't perform an "
        "activity, choose the last number.",
    ),
    Domain(
        "overall",
        "Overall impact",
        "For each of the two questions below, choose the number that best describes the "
        "overall impact of your fibromyalgia over the last 7 days.",
    ),
    Domain(
        "symptoms",
        "Symptoms",
        "For each of the following 10 questions, choose the number that best indicates the "
        "intensity of your fibromyalgia symptoms over the past 7 days.",
    ),
)

ITEMS = (
    *(
        Item(
            item_id,
            text,
            ItemKind.CHOICE,
            numbered_options(0, 10, {0: "No difficulty", 10: "Very difficult"}),
            domain="function",
        )
        for item_id, text in zip(FUNCTION_ITEMS, _FUNCTION_TEXTS, strict=True)
    ),
    *(
        Item(
            item_id,
            text,
            ItemKind.CHOICE,
            numbered_options(0, 10, {0: "Never", 10: "Always"}),
            domain="overall",
        )
        for item_id, text in zip(OVERALL_ITEMS, _OVERALL_TEXTS, strict=True)
    ),
    *(
        Item(
            item_id,
            f"Please rate {rated}",
            ItemKind.CHOICE,
            numbered_options(0, 10, {0: low, 10: high}),
            domain="symptoms",
        )
        for item_id, (rated, low, high) in zip(SYMPTOM_ITEMS, _SYMPTOMS, strict=True)
    ),
)

BANDS = (
    Band("remission", "Remission range", Fraction(23), "0–23"),
    Band("mild", "Mild", Fraction(40), ">23–40"),
    Band("moderate", "Moderate", Fraction(63), ">40–63"),
    Band("severe", "Severe", Fraction(82), ">63–82"),
    Band("very_severe", "Very severe", None, ">82–100"),
)

SOURCES = (
    Source(
        "Bennett 2009",
        "Bennett RM, Friend R, Jones KD, Ward R, Han BK, Ross RL. The Revised Fibromyalgia "
        "Impact Questionnaire (FIQR): validation and psychometric properties. Arthritis Res Ther "
        "2009;11(4):R120. doi:10.1186/ar2783",
        "https://doi.org/10.1186/ar2783",
    ),
    Source(
        "fiqr.info scoring",
        "FIQR scoring instructions, fiqr.info (Bennett, Friend): domain weights and the rule "
        "that a form with 2 or more missing function items, or any missing overall or symptom "
        "item, is invalid.",
        "http://www.fiqr.info/Scoring.htm",
    ),
    Source(
        "Salaffi 2020",
        "Salaffi F, et al. Definition of fibromyalgia severity: findings from a cross-sectional "
        "survey of 2339 Italian patients. Rheumatology (Oxford) 2020: FIQR bands 0–23 "
        "(remission), 24–40 (mild), 41–63 (moderate), 64–82 (severe), above (very severe).",
    ),
)


def score_fiqr(answers: Answers) -> Score:
    """The FIQR score of checked answers (see the module docstring for the rules)."""
    missing_function = [item for item in FUNCTION_ITEMS if item not in answers]
    missing_other = [item for item in OVERALL_ITEMS + SYMPTOM_ITEMS if item not in answers]
    if len(missing_function) >= 2:
        return incomplete(
            f"{len(missing_function)} function items are unanswered "
            f"({', '.join(missing_function)}); the FIQR allows at most one"
        )
    if missing_other:
        return incomplete(
            f"unanswered: {', '.join(missing_other)}; the FIQR is scored only when every "
            "overall impact and symptom item is answered"
        )
    function_sum = Fraction(sum_of(answers, FUNCTION_ITEMS))
    flags = []
    if missing_function:
        function_sum = function_sum * 9 / 8
        flags.append("function_prorated")
    function = function_sum / 3
    overall = Fraction(sum_of(answers, OVERALL_ITEMS))
    symptoms = Fraction(sum_of(answers, SYMPTOM_ITEMS), 2)
    total = function + overall + symptoms
    band = band_for(BANDS, total)
    return Score(
        valid=True,
        total=reported(total),
        subscores={
            "function": reported(function),
            "overall": reported(overall),
            "symptoms": reported(symptoms),
        },
        band=band.id if band else None,
        flags=flags,
    )


INSTRUMENT = Instrument(
    id="fiqr",
    name="Revised Fibromyalgia Impact Questionnaire",
    short_name="FIQR",
    version="2009.1",
    recall_period="the past 7 days",
    instructions="Rate each item from 0 to 10 for the past 7 days. Higher numbers are worse.",
    items=ITEMS,
    scorer=score_fiqr,
    total_label="Total",
    total_minimum=0,
    total_maximum=100,
    domains=DOMAINS,
    subscores=(
        Subscore("function", "Function", 0, 30),
        Subscore("overall", "Overall impact", 0, 20),
        Subscore("symptoms", "Symptoms", 0, 50),
    ),
    bands=BANDS,
    band_source="Salaffi 2020",
    flags={"function_prorated": "one function item was unanswered; the function sum was × 9/8"},
    licence=(
        "The FIQR is the copyright of its authors (Bennett et al.). Its licence terms are "
        "unverified: the validation article is open access (CC BY 2.0), which does not clearly "
        "license the questionnaire itself. fibrotrack reproduces the items for individual, "
        "non-commercial use and cites Bennett 2009; commercial users must obtain permission "
        "from the authors (the FIQ is licensed commercially through Mapi Research Trust)."
    ),
    wording_note=(
        "Item wording from Bennett 2009; the symptom anchors are as commonly printed and are "
        "unverified against the original form."
    ),
    sources=SOURCES,
)
