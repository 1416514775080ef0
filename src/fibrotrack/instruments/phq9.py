"""PHQ-9: the nine-item depression scale of the Patient Health Questionnaire (Kroenke et al.
2001).

Items ``q1``–``q9`` rated 0–3 for the last 2 weeks; total 0–27; all nine are needed (no
proration rule was found, so none is applied). Bands 0–4 minimal, 5–9 mild, 10–14 moderate,
15–19 moderately severe, 20–27 severe. Item 9 (thoughts of being better off dead or of
self-harm) at 1 or more raises the ``self_harm`` flag whatever the total, even on an incomplete
form: fibrotrack then shows crisis resources at once. A positive item 9 calls for follow-up; it
does not by itself mean imminent risk. The optional item ``q10`` (difficulty) is stored, not
scored.
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
    Option,
    Source,
    band_for,
    number,
    sum_of,
)
from fibrotrack.instruments.phq_family import FREQUENCY_OPTIONS, PFIZER_LICENCE
from fibrotrack.instruments.scores import Score, incomplete

SCORED_ITEMS = tuple(f"q{number}" for number in range(1, 10))
SELF_HARM_ITEM = "q9"

_QUESTIONS = (
    ("Little interest or pleasure in doing things", "44250-9"),
    ("Feeling down, depressed, or hopeless", "44255-8"),
    ("Trouble falling or staying asleep, or sleeping too much", "44259-0"),
    ("Feeling tired or having little energy", "44254-1"),
    ("Poor appetite or overeating", "44251-7"),
    (
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "44258-2",
    ),
    (
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "44252-5",
    ),
    (
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "44253-3",
    ),
    (
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        "44260-8",
    ),
)

ITEMS = (
    *(
        Item(
            item_id,
            text,
            ItemKind.CHOICE,
            FREQUENCY_OPTIONS,
            code=Code(LOINC, loinc, text),
        )
        for item_id, (text, loinc) in zip(SCORED_ITEMS, _QUESTIONS, strict=True)
    ),
    Item(
        "q10",
        "If you checked off any problems, how difficult have these problems made it for you to "
        "do your work, take care of things at home, or get along with other people?",
        ItemKind.CHOICE,
        (
            Option(0, "Not difficult at all"),
            Option(1, "Somewhat difficult"),
            Option(2, "Very difficult"),
            Option(3, "Extremely difficult"),
        ),
        required=False,
    ),
)

BANDS = (
    Band("minimal", "Minimal", Fraction(4), "0–4"),
    Band("mild", "Mild", Fraction(9), "5–9"),
    Band("moderate", "Moderate", Fraction(14), "10–14"),
    Band("moderately_severe", "Moderately severe", Fraction(19), "15–19"),
    Band("severe", "Severe", None, "20–27"),
)


def score_phq9(answers: Answers) -> Score:
    """The PHQ-9 total and band; the self-harm flag whenever item 9 is 1 or more."""
    self_harm = SELF_HARM_ITEM in answers and number(answers, SELF_HARM_ITEM) >= 1
    flags = ["self_harm"] if self_harm else []
    missing = [item for item in SCORED_ITEMS if item not in answers]
    if missing:
        return incomplete(
            f"unanswered: {', '.join(missing)}; all nine items are needed", flags=flags
        )
    total = sum_of(answers, SCORED_ITEMS)
    band = band_for(BANDS, total)
    return Score(valid=True, total=float(total), band=band.id if band else None, flags=flags)


INSTRUMENT = Instrument(
    id="phq9",
    name="Patient Health Questionnaire-9",
    short_name="PHQ-9",
    version="2001.1",
    recall_period="the last 2 weeks",
    instructions=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=ITEMS,
    scorer=score_phq9,
    total_label="Total",
    total_minimum=0,
    total_maximum=27,
    bands=BANDS,
    band_source="Kroenke 2001",
    codes=(Code(LOINC, "44249-1", "PHQ-9 quick depression assessment panel"),),
    total_code=Code(LOINC, "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score"),
    flags={
        "self_harm": "item 9 (thoughts of being better off dead or of self-harm) is 1 or more: "
        "crisis resources are shown and follow-up is needed, whatever the total",
    },
    licence=PFIZER_LICENCE,
    wording_note="Verbatim English wording; free to reproduce (Pfizer).",
    sources=(
        Source(
            "Kroenke 2001",
            "Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression "
            "severity measure. J Gen Intern Med 2001;16(9):606–613. "
            "doi:10.1046/j.1525-1497.2001.016009606.x",
            "https://doi.org/10.1046/j.1525-1497.2001.016009606.x",
        ),
        Source("LOINC 44261-6", "PHQ-9 total score and its bands.", "https://loinc.org/44261-6"),
    ),
)
