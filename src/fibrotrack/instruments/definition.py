"""What an instrument is: its items, answer options, bands, codes and sources.

One definition serves every use: the terminal walk-through, the web form, the PDF and the FHIR
export render from it, and scoring reads it. Definitions are plain frozen data.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

from fibrotrack.instruments.scores import Score

LOINC = "http://loinc.org"
SNOMED_CT = "http://snomed.info/sct"

# A checked answer: a whole number for a choice, True/False for yes/no, the chosen option
# values (in the definition's order) for a multiple choice such as the ACR body areas.
Answer = int | bool | tuple[str, ...]
Answers = Mapping[str, Answer]


class ItemKind(StrEnum):
    CHOICE = "choice"  # exactly one of the options, whose values are whole numbers
    YES_NO = "yes_no"  # yes (True) or no (False)
    MULTIPLE = "multiple"  # any number of the options (text values), including none


class InstrumentKind(StrEnum):
    QUESTIONNAIRE = "questionnaire"  # taken now and then: a visit's assessment
    DAILY_RATING = "daily_rating"  # one of the diary's 0–10 ratings, treated as an instrument


@dataclass(frozen=True)
class Code:
    """A concept in a terminology (LOINC, SNOMED CT)."""

    system: str
    code: str
    display: str


@dataclass(frozen=True)
class Option:
    """One answer option: the value stored and scored, and its label as printed."""

    value: int | str
    label: str
    code: Code | None = None


@dataclass(frozen=True)
class Item:
    """One question. ``required`` items are needed to score; optional ones are stored only."""

    id: str
    text: str
    kind: ItemKind
    options: tuple[Option, ...] = ()
    domain: str | None = None
    recall: str | None = None  # when it differs from the instrument's recall period
    code: Code | None = None
    required: bool = True

    @cached_property
    def values(self) -> tuple[int | str, ...]:
        return tuple(option.value for option in self.options)

    def option(self, value: int | str) -> Option:
        for option in self.options:
            if option.value == value:
                return option
        raise KeyError(f"{self.id} has no option {value!r}")


@dataclass(frozen=True)
class Domain:
    """A group of items shown under one heading (and often scored together)."""

    id: str
    label: str
    instructions: str = ""


@dataclass(frozen=True)
class Subscore:
    id: str
    label: str
    minimum: float
    maximum: float


@dataclass(frozen=True)
class Band:
    """A severity band: totals up to and including ``maximum`` (no maximum for the top band)
    that are above the previous band's maximum. ``range_text`` is the range as printed."""

    id: str
    label: str
    maximum: Fraction | None
    range_text: str


@dataclass(frozen=True)
class Source:
    """A published source for a definition, a scoring rule or a band."""

    key: str
    citation: str
    url: str | None = None


@dataclass(frozen=True)
class Instrument:
    """A validated instrument, complete enough to administer, score and export."""

    id: str
    name: str
    short_name: str
    version: str
    recall_period: str
    instructions: str
    items: tuple[Item, ...]
    scorer: Callable[[Answers], Score] = field(compare=False, repr=False)
    total_label: str
    total_minimum: float
    total_maximum: float
    licence: str
    sources: tuple[Source, ...]
    kind: InstrumentKind = InstrumentKind.QUESTIONNAIRE
    domains: tuple[Domain, ...] = ()
    subscores: tuple[Subscore, ...] = ()
    bands: tuple[Band, ...] = ()
    band_source: str | None = None
    higher_is_worse: bool = True
    codes: tuple[Code, ...] = ()
    total_code: Code | None = None
    flags: Mapping[str, str] = field(default_factory=dict)
    criteria_name: str | None = None
    criteria_note: str | None = None
    wording_note: str = ""

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item:
        try:
            return self.items_by_id[item_id]
        except KeyError:
            raise KeyError(f"{self.id} has no item {item_id!r}") from None

    def domain(self, domain_id: str) -> Domain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(f"{self.id} has no domain {domain_id!r}")

    def band(self, band_id: str) -> Band:
        for band in self.bands:
            if band.id == band_id:
                return band
        raise KeyError(f"{self.id} has no band {band_id!r}")

    def criteria_statement(self, met: bool) -> str:
        """A classification result in the words fibrotrack shows: research criteria met or
        not met by self-report, never a diagnosis."""
        if self.criteria_name is None:
            raise ValueError(f"{self.id} has no classification criteria")
        verb = "meets" if met else "does not meet"
        return f"{verb} the {self.criteria_name} (self-report; not a diagnosis)"


def band_for(bands: tuple[Band, ...], total: Fraction | int) -> Band | None:
    """The band holding the exact (unrounded) ``total``: the first whose maximum is not below
    it. None when there are no bands."""
    for band in bands:
        if band.maximum is None or total <= band.maximum:
            return band
    return None


def numbered_options(
    low: int, high: int, labels: Mapping[int, str], codes: Mapping[int, Code] | None = None
) -> tuple[Option, ...]:
    """Whole-number options ``low``..``high``; unlabelled values are labelled by their number."""
    return tuple(
        Option(value, labels.get(value, str(value)), (codes or {}).get(value))
        for value in range(low, high + 1)
    )


YES_NO_OPTIONS = (Option(1, "Yes"), Option(0, "No"))


def number(answers: Answers, item_id: str) -> int:
    """The checked whole-number (or yes = 1 / no = 0) answer to ``item_id``."""
    value = answers[item_id]
    if isinstance(value, tuple):
        raise TypeError(f"{item_id} holds a list of options, not a number")
    return int(value)


def sum_of(answers: Answers, item_ids: tuple[str, ...]) -> int:
    """The sum of the answered items among ``item_ids``."""
    return sum(number(answers, item_id) for item_id in item_ids if item_id in answers)


def chosen(answers: Answers, item_id: str) -> tuple[str, ...]:
    """The options chosen for a multiple-choice item."""
    value = answers[item_id]
    if not isinstance(value, tuple):
        raise TypeError(f"{item_id} holds a single answer, not a list of options")
    return value
