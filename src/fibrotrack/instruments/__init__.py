"""Validated instruments: items, answer options, validation, scoring, bands, codes, sources.

Pure: no I/O. ``score(instrument_id, answers)`` scores a response; ``get(instrument_id)`` gives
the definition every form, report and export renders from. Built-in instruments: ``fiqr``,
``acr2016`` (the default criteria), ``acr2011``, ``acr2010``, ``phq9``, ``gad7``, ``pgic`` and the
diary's daily ratings ``daily_pain``, ``daily_fatigue``, … A new instrument is one module whose
``Instrument`` is passed to ``register``.
"""

from fibrotrack.instruments import (
    acr2010,
    acr2011,
    acr2016,
    daily,
    fiqr,
    gad7,
    pgic,
    phq9,
)
from fibrotrack.instruments.answers import describe_values
from fibrotrack.instruments.definition import (
    LOINC,
    SNOMED_CT,
    Answer,
    Answers,
    Band,
    Code,
    Domain,
    Instrument,
    InstrumentKind,
    Item,
    ItemKind,
    Option,
    Source,
    Subscore,
)
from fibrotrack.instruments.errors import InvalidAnswers, UnknownInstrument
from fibrotrack.instruments.registry import (
    checked_answers,
    get,
    instrument_ids,
    instruments,
    register,
    score,
)
from fibrotrack.instruments.scores import Score

DEFAULT_CRITERIA = "acr2016"
FIBROMYALGIA = Code(SNOMED_CT, "203082005", "Fibromyalgia (disorder)")

for _instrument in (
    fiqr.INSTRUMENT,
    acr2016.INSTRUMENT,
    acr2011.INSTRUMENT,
    acr2010.INSTRUMENT,
    phq9.INSTRUMENT,
    gad7.INSTRUMENT,
    pgic.INSTRUMENT,
    *daily.INSTRUMENTS,
):
    register(_instrument)

__all__ = [
    "DEFAULT_CRITERIA",
    "FIBROMYALGIA",
    "LOINC",
    "SNOMED_CT",
    "Answer",
    "Answers",
    "Band",
    "Code",
    "Domain",
    "Instrument",
    "InstrumentKind",
    "InvalidAnswers",
    "Item",
    "ItemKind",
    "Option",
    "Score",
    "Source",
    "Subscore",
    "UnknownInstrument",
    "checked_answers",
    "describe_values",
    "get",
    "instrument_ids",
    "instruments",
    "register",
    "score",
]
