"""GAD-7: the seven-item generalized anxiety scale (Spitzer et al. 2006).

Items ``q1``–``q7`` rated 0–3 for the last 2 weeks; total 0–21; all seven are needed. Bands
0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe (cut-points 5, 10, 15).
"""

from fractions import Fraction

from fibrotrack.instruments.definition import (
    LOINC,
    Answers,
    Band,
    Code,
    Instrument,
    Item,
    ItemKind,
    Source,
    band_for,
    sum_of,
)
from fibrotrack.instruments.phq_family import FREQUENCY_OPTIONS, PFIZER_LICENCE
from fibrotrack.instruments.scores import Score, incomplete

SCORED_ITEMS = tuple(f"q{number}" for number in range(1, 8))

_QUESTIONS = (
    ("Feeling nervous, anxious, or on edge", "69725-0"),
    ("Not being able to stop or control worrying", "68509-9"),
    ("Worrying too much about different things", "69733-4"),
    ("Trouble relaxing", "69734-2"),
    ("Being so restless that it is hard to sit still", "69735-9"),
    ("Becoming easily annoyed or irritable", "69689-8"),
    ("Feeling afraid, as if something awful might happen", "69736-7"),
)

ITEMS = tuple(
    Item(item_id, text, ItemKind.CHOICE, FREQUENCY_OPTIONS, code=Code(LOINC, loinc, text))
    for item_id, (text, loinc) in zip(SCORED_ITEMS, _QUESTIONS, strict=True)
)

BANDS = (
    Band("minimal", "Minimal", Fraction(4), "0–4"),
    Band("mild", "Mild", Fraction(9), "5–9"),
    Band("moderate", "Moderate", Fraction(14), "10–14"),
    Band("severe", "Severe", None, "15–21"),
)


def score_gad7(answers: Answers) -> Score:
    missing = [item for item in SCORED_ITEMS if item not in answers]
    if missing:
        return incomplete(f"unanswered: {', '.join(missing)}; all seven items are needed")
    total = sum_of(answers, SCORED_ITEMS)
    band = band_for(BANDS, total)
    return Score(valid=True, total=float(total), band=band.id if band else None)


INSTRUMENT = Instrument(
    id="gad7",
    name="Generalized Anxiety Disorder-7",
    short_name="GAD-7",
    version="2006.1",
    recall_period="the last 2 weeks",
    instructions=(
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    ),
    items=ITEMS,
    scorer=score_gad7,
    total_label="Total",
    total_minimum=0,
    total_maximum=21,
    bands=BANDS,
    band_source="Spitzer 2006",
    codes=(Code(LOINC, "69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),),
    total_code=Code(LOINC, "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score"),
    licence=PFIZER_LICENCE,
    wording_note="Verbatim English wording; free to reproduce (Pfizer).",
    sources=(
        Source(
            "Spitzer 2006",
            "Spitzer RL, Kroenke K, Williams JB, Löwe B. A brief measure for assessing "
            "generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092–1097. "
            "doi:10.1001/archinte.166.10.1092",
            "https://doi.org/10.1001/archinte.166.10.1092",
        ),
        Source("LOINC 69729-2", "GAD-7 item and total codes.", "https://loinc.org/69729-2"),
    ),
)
