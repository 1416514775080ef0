"""The instruments fibrotrack knows, keyed by id. Built-in instruments register here exactly as
a new one would: ``register(Instrument(...))``."""

from collections.abc import Mapping

from fibrotrack.instruments.answers import read_answers
from fibrotrack.instruments.definition import Answer, Instrument
from fibrotrack.instruments.errors import UnknownInstrument
from fibrotrack.instruments.scores import Score

_INSTRUMENTS: dict[str, Instrument] = {}


def register(instrument: Instrument) -> Instrument:
    """Make ``instrument`` available under its id. Ids and item ids must be unique."""
    existing = _INSTRUMENTS.get(instrument.id)
    if existing is not None and existing is not instrument:
        raise ValueError(f"an instrument with id {instrument.id!r} is already registered")
    item_ids = [item.id for item in instrument.items]
    if len(set(item_ids)) != len(item_ids):
        raise ValueError(f"{instrument.id} has repeated item ids")
    _INSTRUMENTS[instrument.id] = instrument
    return instrument


def get(instrument_id: str) -> Instrument:
    """The definition of ``instrument_id``, or ``UnknownInstrument`` (an ``InvalidEntry``)."""
    try:
        return _INSTRUMENTS[instrument_id]
    except KeyError:
        raise UnknownInstrument(instrument_id, instrument_ids()) from None


def instrument_ids() -> list[str]:
    """Every registered id, in registration order."""
    return list(_INSTRUMENTS)


def instruments() -> list[Instrument]:
    return list(_INSTRUMENTS.values())


def checked_answers(instrument_id: str, answers: Mapping[str, object]) -> dict[str, Answer]:
    """The answers as stored: checked, typed, missing ones left out.

    Raises ``InvalidAnswers`` naming the item when one is unknown, out of range or of the
    wrong type.
    """
    return read_answers(get(instrument_id), answers)


def score(instrument_id: str, answers: Mapping[str, object]) -> Score:
    """Score ``answers`` (typed values or text) with the instrument ``instrument_id``.

    Malformed answers raise ``InvalidAnswers`` naming the item; well-formed answers too
    incomplete to score give ``Score(valid=False, reason=...)``.
    """
    instrument = get(instrument_id)
    return instrument.scorer(read_answers(instrument, answers))
