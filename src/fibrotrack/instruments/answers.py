"""Reading answers: typed values (from JSON or code) and text (from a terminal, a CSV cell or a
web form) become checked answers, or ``InvalidAnswers`` naming the item.

A missing answer is ``None``, an empty text or an absent key: it stays missing and is never
read as zero.
"""

import math
import re
from collections.abc import Mapping

from fibrotrack.instruments.definition import Answer, Instrument, Item, ItemKind
from fibrotrack.instruments.errors import InvalidAnswers

YES_WORDS = frozenset({"yes", "y", "true", "1"})
NO_WORDS = frozenset({"no", "n", "false", "0"})
NONE_WORDS = frozenset({"none", "-"})
_SEPARATORS = re.compile(r"[\s,;|]+")


def read_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, Answer]:
    """The checked answers of ``instrument``, missing ones left out, in the item order.

    Raises ``InvalidAnswers`` for an unknown item or a value out of range or of the wrong type.
    """
    items = instrument.items_by_id
    for key in answers:
        if not isinstance(key, str):
            raise InvalidAnswers(str(key), "item ids are text")
        if key not in items:
            raise InvalidAnswers(
                key,
                f"unknown item {key!r} of {instrument.short_name}; "
                f"its items are {', '.join(items)}",
            )
    checked: dict[str, Answer] = {}
    for item in instrument.items:
        value = answers.get(item.id)
        if not is_missing(value):
            checked[item.id] = read_answer(item, value)
    return checked


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_answer(item: Item, value: object) -> Answer:
    """One item's answer, checked; ``value`` must not be missing."""
    if item.kind is ItemKind.CHOICE:
        return _choice(item, value)
    if item.kind is ItemKind.YES_NO:
        return _yes_no(item, value)
    return _multiple(item, value)


def describe_values(item: Item) -> str:
    """The allowed answers in words: "0–3", "yes or no", "any of: …"."""
    if item.kind is ItemKind.YES_NO:
        return "yes or no"
    if item.kind is ItemKind.CHOICE:
        values = [int(value) for value in item.values]
        return f"{min(values)}–{max(values)}"
    return "any of: " + ", ".join(str(value) for value in item.values)


def _choice(item: Item, value: object) -> int:
    number: int
    if isinstance(value, bool):
        raise InvalidAnswers(
            item.id, f"{value!r} is yes/no; expected a number {describe_values(item)}"
        )
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value) or value != int(value):
            raise InvalidAnswers(
                item.id, f"{value!r} is not a whole number {describe_values(item)}"
            )
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            number = int(text)
        except ValueError:
            raise InvalidAnswers(
                item.id, f"{text!r} is not a whole number {describe_values(item)}"
            ) from None
    else:
        raise InvalidAnswers(
            item.id, f"a {type(value).__name__} is not an answer; expected {describe_values(item)}"
        )
    if number not in item.values:
        raise InvalidAnswers(item.id, f"{number} is outside {describe_values(item)}")
    return number


def _yes_no(item: Item, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    raise InvalidAnswers(item.id, f"{value!r} is not yes or no")


def _multiple(item: Item, value: object) -> tuple[str, ...]:
    tokens: list[object]
    if isinstance(value, str):
        text = value.strip()
        tokens = [] if text.casefold() in NONE_WORDS else list(_SEPARATORS.split(text))
    elif isinstance(value, list | tuple | set | frozenset):
        tokens = list(value)
    else:
        raise InvalidAnswers(
            item.id, f"a {type(value).__name__} is not a list of {item.id}; give a list of ids"
        )
    values = [str(option_value) for option_value in item.values]
    chosen: set[str] = set()
    for token in tokens:
        chosen.add(_option_value(item, token, values))
    return tuple(value for value in values if value in chosen)


def _option_value(item: Item, token: object, values: list[str]) -> str:
    """An option named by its value (``neck``, ``Upper-back``) or its number (1 = first)."""
    if isinstance(token, str):
        word = token.strip().casefold().replace("-", "_")
        if word in values:
            return word
        if word.isdigit() and 1 <= int(word) <= len(values):
            return values[int(word) - 1]
    elif isinstance(token, int) and not isinstance(token, bool) and 1 <= token <= len(values):
        return values[token - 1]
    raise InvalidAnswers(
        item.id, f"{token!r} is not one of {', '.join(values)} (or their numbers 1–{len(values)})"
    )
