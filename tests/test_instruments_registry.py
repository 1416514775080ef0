"""The instrument registry and the public API: definitions rich enough to render forms,
reports and exports, registered the same way built-in and new instruments are."""

import dataclasses
import itertools
from fractions import Fraction

import pytest

import fibrotrack.instruments as instruments_api
from fibrotrack.diary import InvalidEntry
from fibrotrack.instruments import (
    Instrument,
    ItemKind,
    Score,
    UnknownInstrument,
    get,
    instrument_ids,
    instruments,
    register,
    registry,
    score,
)
from fibrotrack.instruments.definition import Band, Item, Option, Source, band_for, number


def test_every_public_name_exists() -> None:
    for name in instruments_api.__all__:
        assert hasattr(instruments_api, name), name


def test_built_in_instruments_are_registered_by_id() -> None:
    ids = instrument_ids()
    for expected in (
        "fiqr",
        "acr2016",
        "acr2011",
        "acr2010",
        "phq9",
        "gad7",
        "pgic",
        "daily_pain",
        "daily_fatigue",
        "daily_sleep_quality",
    ):
        assert expected in ids
    assert instruments_api.DEFAULT_CRITERIA == "acr2016"
    assert [instrument.id for instrument in instruments()] == ids


def test_an_unknown_instrument_is_an_invalid_entry_naming_the_field() -> None:
    with pytest.raises(UnknownInstrument) as raised:
        get("fiq")
    assert isinstance(raised.value, InvalidEntry)
    assert raised.value.field == "instrument"
    assert "fiqr" in raised.value.message
    with pytest.raises(UnknownInstrument):
        score("fiq", {})


@pytest.mark.parametrize("instrument_id", instrument_ids())
def test_every_definition_is_complete(instrument_id: str) -> None:
    instrument = get(instrument_id)
    assert instrument.name and instrument.short_name and instrument.version
    assert instrument.recall_period and instrument.instructions
    assert instrument.licence and instrument.sources
    assert instrument.total_minimum < instrument.total_maximum
    for item in instrument.items:
        assert item.text
        if item.kind is not ItemKind.YES_NO:
            assert item.options and all(option.label for option in item.options)
    maxima = [band.maximum for band in instrument.bands]
    if instrument.bands:
        assert maxima[-1] is None
        assert all(a < b for a, b in itertools.pairwise(maxima[:-1]))
    empty = score(instrument_id, {})
    assert not empty.valid and empty.reason


def test_a_score_round_trips_through_its_stored_form() -> None:
    result = score(
        "fiqr",
        {f"f{n}": 5 for n in range(1, 9)} | {"o1": 1, "o2": 2} | {f"s{n}": 3 for n in range(1, 11)},
    )
    assert Score.from_dict(result.as_dict()) == result
    assert result.flags == ["function_prorated"]


@pytest.fixture
def own_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry as built in, restored after the test."""
    monkeypatch.setattr(registry, "_INSTRUMENTS", dict(registry._INSTRUMENTS))


def _sleepiness_scorer(answers: instruments_api.Answers) -> Score:
    if "dozing" not in answers:
        return Score(valid=False, reason="unanswered: dozing")
    total = number(answers, "dozing")
    band = band_for(BANDS, total)
    return Score(valid=True, total=float(total), band=band.id if band else None)


BANDS = (Band("low", "Low", Fraction(1), "0–1"), Band("high", "High", None, "2–3"))


def test_a_new_instrument_registers_and_scores_like_a_built_in_one(own_registry: None) -> None:
    sleepiness = Instrument(
        id="sleepiness",
        name="A one-question sleepiness check",
        short_name="Sleepiness",
        version="1",
        recall_period="today",
        instructions="Answer the question.",
        items=(
            Item(
                "dozing",
                "How likely are you to doze off?",
                ItemKind.CHOICE,
                tuple(
                    Option(value, label)
                    for value, label in enumerate(["Never", "Slight", "Moderate", "High"])
                ),
            ),
        ),
        scorer=_sleepiness_scorer,
        total_label="Total",
        total_minimum=0,
        total_maximum=3,
        bands=BANDS,
        licence="Written for this test.",
        sources=(Source("test", "This test."),),
    )
    register(sleepiness)
    assert "sleepiness" in instrument_ids()
    assert get("sleepiness") is sleepiness
    assert score("sleepiness", {"dozing": "2"}) == Score(valid=True, total=2.0, band="high")
    register(sleepiness)  # registering the same definition again is harmless
    with pytest.raises(ValueError, match="already registered"):
        register(dataclasses.replace(get("fiqr"), name="Another FIQR"))


def test_answers_with_non_text_item_ids_are_refused() -> None:
    with pytest.raises(InvalidEntry) as raised:
        score("gad7", {1: 2})  # type: ignore[dict-item]
    assert raised.value.field == "1"
