"""PGIC: the Patient Global Impression of Change, one item rated 1–7 (public domain, NINDS
Common Data Elements).

1 very much improved … 4 no change … 7 very much worse. The total is the rating itself and the
band its category. IMMPACT reads "minimally improved" as a minimal, "much improved" as a
moderate and "very much improved" as a substantial improvement (Dworkin et al. 2008).
"""

from fractions import Fraction

from fibrotrack.instruments.definition import (
    Answers,
    Band,
    Instrument,
    Item,
    ItemKind,
    Option,
    Source,
    band_for,
    number,
)
from fibrotrack.instruments.scores import Score, incomplete

CATEGORIES = (
    ("very_much_improved", "Very much improved"),
    ("much_improved", "Much improved"),
    ("minimally_improved", "Minimally improved"),
    ("no_change", "No change"),
    ("minimally_worse", "Minimally worse"),
    ("much_worse", "Much worse"),
    ("very_much_worse", "Very much worse"),
)

ITEM = Item(
    "change",
    "Since you started, how would you describe the change, if any, in your activity "
    "limitations, symptoms, emotions and overall quality of life related to your fibromyalgia?",
    ItemKind.CHOICE,
    tuple(Option(value, label) for value, (_, label) in enumerate(CATEGORIES, start=1)),
)

BANDS = tuple(
    Band(band_id, label, Fraction(value) if value < 7 else None, str(value))
    for value, (band_id, label) in enumerate(CATEGORIES, start=1)
)


def score_pgic(answers: Answers) -> Score:
    if "change" not in answers:
        return incomplete("unanswered: change")
    value = number(answers, "change")
    band = band_for(BANDS, value)
    return Score(valid=True, total=float(value), band=band.id if band else None)


INSTRUMENT = Instrument(
    id="pgic",
    name="Patient Global Impression of Change",
    short_name="PGIC",
    version="1.1",
    recall_period="since the start of the practice or treatment being judged",
    instructions="Choose the one answer that best describes the change.",
    items=(ITEM,),
    scorer=score_pgic,
    total_label="Rating",
    total_minimum=1,
    total_maximum=7,
    bands=BANDS,
    band_source="NINDS CDE",
    licence="Public domain (NINDS Common Data Elements).",
    wording_note="Seven categories as in the CGI-I format; the question is worded for "
    "fibromyalgia.",
    sources=(
        Source(
            "NINDS CDE",
            "NINDS Common Data Elements: Patient Global Impression of Change scale.",
            "https://www.commondataelements.ninds.nih.gov/report-viewer/25166/"
            "Patient%20Global%20Impression%20of%20Change%20Scale",
        ),
        Source(
            "Dworkin 2008",
            "Dworkin RH, Turk DC, Wyrwich KW, et al. Interpreting the clinical importance of "
            "treatment outcomes in chronic pain clinical trials: IMMPACT recommendations. "
            "J Pain 2008;9(2):105–121.",
        ),
    ),
)
