"""The diary's daily 0–10 ratings as one-item instruments (``daily_pain``, ``daily_fatigue``,
…), so reports, exports and the status engine treat a day's rating like any other score.

The items come from the diary's core variables, so the wording and direction are the diary's
own. Pain is the 0–10 numeric rating scale (LOINC 72514-3). No bands: published pain NRS
categories disagree (HL7 1–3/4–6/7–9/10 against BPI 1–4/5–6/7–10), so none is imposed.
"""

from functools import partial

from fibrotrack.diary import CORE_VARIABLES, VariableDefinition, VariableKind
from fibrotrack.instruments.definition import (
    LOINC,
    Answers,
    Code,
    Instrument,
    InstrumentKind,
    Item,
    ItemKind,
    Source,
    number,
    numbered_options,
)
from fibrotrack.instruments.scores import Score, incomplete

PAIN_NRS = Code(LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
_ANCHORS = {
    "pain": ("No pain", "Worst pain imaginable"),
    "fatigue": ("Full of energy", "Completely exhausted"),
    "sleep_quality": ("Awful", "Great"),
    "brain_fog": ("Clear head", "Cannot think at all"),
    "mood": ("Very low", "Very good"),
    "stress": ("Calm", "Overwhelmed"),
}


def score_rating(item_id: str, answers: Answers) -> Score:
    """A one-item rating: the total is the rating."""
    if item_id not in answers:
        return incomplete(f"unanswered: {item_id}")
    return Score(valid=True, total=float(number(answers, item_id)))


def _rating_instrument(variable: VariableDefinition) -> Instrument:
    low, high = _ANCHORS[variable.key]
    code = PAIN_NRS if variable.key == "pain" else None
    return Instrument(
        id=f"daily_{variable.key}",
        name=f"Daily {variable.label.lower()} rating",
        short_name=f"Daily {variable.label.lower()}",
        version="1.1",
        recall_period="today",
        instructions=variable.description,
        items=(
            Item(
                variable.key,
                variable.description,
                ItemKind.CHOICE,
                numbered_options(0, 10, {0: low, 10: high}),
                code=code,
            ),
        ),
        scorer=partial(score_rating, variable.key),
        kind=InstrumentKind.DAILY_RATING,
        total_label=variable.label,
        total_minimum=0,
        total_maximum=10,
        higher_is_worse=bool(variable.higher_is_worse),
        total_code=code,
        licence="fibrotrack's own wording; free to use.",
        sources=(
            Source(
                "IMMPACT 2008",
                "Dworkin RH, et al. Interpreting the clinical importance of treatment outcomes in "
                "chronic pain clinical trials: IMMPACT recommendations. J Pain 2008;9:105–121 "
                "(0–10 numeric rating scale as the core pain measure).",
            ),
        ),
    )


INSTRUMENTS = tuple(
    _rating_instrument(variable)
    for variable in CORE_VARIABLES
    if variable.kind is VariableKind.SCALE
)
