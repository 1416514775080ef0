"""A recovery story as plain data: the timeline and the sections a person chose to include.

``fibrotrack.stories.timeline`` builds a ``Story`` from the person's data (through
``fibrotrack.services.story``); ``markdown``, ``html`` and ``pdf`` render the same ``Story``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from fibrotrack.diary import InvalidEntry


class Section(StrEnum):
    MILESTONES = "milestones"
    STATUS = "status"
    PRACTICES = "practices"
    SCORES = "scores"
    FINDINGS = "findings"

    @property
    def heading(self) -> str:
        return SECTION_TITLES[self]


SECTION_TITLES = {
    Section.MILESTONES: "Milestones and journal entries you marked for your story",
    Section.STATUS: "Status changes: first FM30 response, FIQR bands, flare-free stretches",
    Section.PRACTICES: "The practices you followed and for how long",
    Section.SCORES: "Your scores over time, with their bands",
    Section.FINDINGS: "Findings that held up",
}


@dataclass(frozen=True)
class StoryChoices:
    """What the person chose to include, and whether their name appears."""

    sections: frozenset[Section] = frozenset(Section)
    with_name: bool = False

    @classmethod
    def without(cls, names: Iterable[str], *, with_name: bool = False) -> "StoryChoices":
        """Every section except the ones named; an unknown name is an ``InvalidEntry``."""
        left_out = set()
        for name in names:
            try:
                left_out.add(Section(name.strip().casefold()))
            except ValueError:
                choices = ", ".join(section.value for section in Section)
                raise InvalidEntry(
                    "without", f"{name!r} is not a section; choose {choices}"
                ) from None
        return cls(frozenset(Section) - left_out, with_name)

    @classmethod
    def only(cls, names: Iterable[str], *, with_name: bool = False) -> "StoryChoices":
        """Only the sections named (unknown names are ignored, as a web form sends them)."""
        known = {section.value: section for section in Section}
        return cls(frozenset(known[n] for n in names if n in known), with_name)

    def includes(self, section: Section) -> bool:
        return section in self.sections


class EventKind(StrEnum):
    MILESTONE = "milestone"
    JOURNAL = "journal"
    STATUS = "status"
    PRACTICE = "practice"


@dataclass(frozen=True)
class StoryEvent:
    """One moment of the timeline; ``until`` for a stretch of days."""

    day: date
    kind: EventKind
    title: str
    detail: str | None = None
    until: date | None = None


@dataclass(frozen=True)
class PracticeSpan:
    """A practice the person followed: in their plan (with adherence over its complete weeks)
    or only logged (``in_plan`` False: sessions without a plan, such as therapy)."""

    name: str
    evidence: str
    start: date
    end: date | None
    weeks: int
    in_plan: bool
    schedule: str | None
    done_sessions: int
    planned_sessions: int
    adherence: float | None


@dataclass(frozen=True)
class ScoreCell:
    total: float
    band: str | None


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    maximum: float


@dataclass(frozen=True)
class Visit:
    """The questionnaires of one visit: total and band per instrument."""

    day: date
    scores: dict[str, ScoreCell]


@dataclass(frozen=True)
class BandRange:
    label: str
    low: float
    high: float


@dataclass(frozen=True)
class Scores:
    instruments: tuple[Instrument, ...]
    visits: tuple[Visit, ...]
    fiqr_bands: tuple[BandRange, ...]


@dataclass(frozen=True)
class Story:
    person_name: str | None
    first_day: date | None
    last_day: date | None
    days_logged: int
    generated_on: date
    version: str
    sections: tuple[Section, ...]
    events: tuple[StoryEvent, ...]
    practices: tuple[PracticeSpan, ...]
    scores: Scores
    flares: tuple[tuple[date, date], ...]
    findings: tuple[str, ...]
    notes: dict[Section, tuple[str, ...]]

    def includes(self, section: Section) -> bool:
        return section in self.sections

    @property
    def timeline_sections(self) -> tuple[Section, ...]:
        return tuple(
            s for s in (Section.MILESTONES, Section.STATUS, Section.PRACTICES) if s in self.sections
        )

    @property
    def title(self) -> str:
        return f"{self.person_name}: a recovery story" if self.person_name else "A recovery story"
