"""The program catalogue: every practice, grouped by pillar, with its evidence grade and source.

The content lives in ``catalogue.toml`` next to this module, so it can be read and reviewed
without reading code; this module loads it once and checks every entry. Evidence grades follow
the EULAR 2016 revised recommendations (Macfarlane et al., Ann Rheum Dis 2017;76:318–328) where
a practice was graded; otherwise they say whether trials exist at all.
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

from fibrotrack.diary import InvalidEntry, Pillar
from fibrotrack.program.plan import MAX_DAYS_PER_WEEK, MAX_MINUTES

PRACTICE_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
Choice = TypeVar("Choice", bound=StrEnum)


class Evidence(StrEnum):
    """How strong the evidence for a practice is, never overstated."""

    STRONG_FOR = "strong_for"
    WEAK_FOR = "weak_for"
    WEAK_AGAINST = "weak_against"
    STRONG_AGAINST = "strong_against"
    TRIALS_MIXED = "trials_mixed"
    NO_TRIALS = "no_trials"

    @property
    def label(self) -> str:
        return EVIDENCE_LABELS[self]


EVIDENCE_LABELS = {
    Evidence.STRONG_FOR: "Strong for (EULAR 2016)",
    Evidence.WEAK_FOR: "Weak for (EULAR 2016)",
    Evidence.WEAK_AGAINST: "Weak against (EULAR 2016)",
    Evidence.STRONG_AGAINST: "Strong against (EULAR 2016)",
    Evidence.TRIALS_MIXED: "Not graded: trials with mixed or limited results",
    Evidence.NO_TRIALS: "No trials found",
}


class InterventionKind(StrEnum):
    """What starting a practice amounts to, as the insight engine records it."""

    PRACTICE = "practice"
    DIET = "diet"
    SUPPLEMENT = "supplement"
    MEDICATION = "medication"


class CatalogueError(ValueError):
    """The catalogue data file is malformed; names the entry and what is wrong."""


@dataclass(frozen=True)
class PillarInfo:
    pillar: Pillar
    title: str
    focus: str


@dataclass(frozen=True)
class Practice:
    """One practice of the program and what is known about it."""

    id: str
    name: str
    pillar: Pillar
    kind: InterventionKind
    summary: str
    dose: str
    safety: str
    evidence: Evidence
    evidence_note: str
    source: str
    days_per_week: int | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class Catalogue:
    pillars: tuple[PillarInfo, ...]
    practices: tuple[Practice, ...]

    def practice(self, practice_id: str) -> Practice:
        """The practice with ``practice_id``, or ``InvalidEntry('practice', ...)``."""
        for practice in self.practices:
            if practice.id == practice_id:
                return practice
        raise InvalidEntry(
            "practice",
            f"unknown practice {practice_id!r}; see `fibrotrack program catalogue` for the ids",
        )

    def in_pillar(self, pillar: Pillar) -> tuple[Practice, ...]:
        return tuple(practice for practice in self.practices if practice.pillar == pillar)

    def pillar_info(self, pillar: Pillar) -> PillarInfo:
        return next(info for info in self.pillars if info.pillar == pillar)


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: {key!r} must be non-empty text")
    return value.strip()


def _whole(entry: Mapping[str, Any], key: str, where: str, upper: int) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= upper:
        raise CatalogueError(f"{where}: {key!r} must be a whole number from 1 to {upper}")
    return value


def _choice(enum: type[Choice], entry: Mapping[str, Any], key: str, where: str) -> Choice:
    value = _text(entry, key, where)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise CatalogueError(f"{where}: {key} {value!r} is not one of {allowed}") from None


def sentence_count(text: str) -> int:
    return len(SENTENCE_END.findall(text))


def _practice(entry: Mapping[str, Any], index: int) -> Practice:
    where = f"practice {entry.get('id', index)!r}"
    practice_id = _text(entry, "id", where)
    if not PRACTICE_ID.match(practice_id):
        raise CatalogueError(f"{where}: id must be lower-case letters, digits and underscores")
    summary = _text(entry, "summary", where)
    if sentence_count(summary) != 2:
        raise CatalogueError(f"{where}: summary must be two plain sentences")
    days = _whole(entry, "days_per_week", where, MAX_DAYS_PER_WEEK)
    minutes = _whole(entry, "minutes", where, MAX_MINUTES)
    if minutes is not None and days is None:
        raise CatalogueError(f"{where}: minutes need days_per_week")
    return Practice(
        id=practice_id,
        name=_text(entry, "name", where),
        pillar=_choice(Pillar, entry, "pillar", where),
        kind=_choice(InterventionKind, entry, "kind", where),
        summary=summary,
        dose=_text(entry, "dose", where),
        safety=_text(entry, "safety", where),
        evidence=_choice(Evidence, entry, "evidence", where),
        evidence_note=_text(entry, "evidence_note", where),
        source=_text(entry, "source", where),
        days_per_week=days,
        minutes=minutes,
    )


def parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    """A checked catalogue from the parsed data file; ``CatalogueError`` names what is wrong.

    Every pillar needs a title and at least one practice, ids are unique, and every practice has
    an evidence grade and a source.
    """
    raw_pillars = data.get("pillars")
    if not isinstance(raw_pillars, Mapping):
        raise CatalogueError("the [pillars] table is missing")
    pillars = []
    for pillar in Pillar:
        entry = raw_pillars.get(pillar.value)
        if not isinstance(entry, Mapping):
            raise CatalogueError(f"pillar {pillar.value!r} has no [pillars.{pillar.value}] table")
        where = f"pillar {pillar.value!r}"
        pillars.append(
            PillarInfo(pillar, _text(entry, "title", where), _text(entry, "focus", where))
        )
    unknown = set(raw_pillars) - {pillar.value for pillar in Pillar}
    if unknown:
        raise CatalogueError(f"unknown pillars: {', '.join(sorted(unknown))}")

    raw_practices = data.get("practice")
    if not isinstance(raw_practices, list) or not raw_practices:
        raise CatalogueError("there are no [[practice]] entries")
    practices = []
    seen: set[str] = set()
    for index, entry in enumerate(raw_practices):
        if not isinstance(entry, Mapping):
            raise CatalogueError(f"practice {index} is not a table")
        practice = _practice(entry, index)
        if practice.id in seen:
            raise CatalogueError(f"practice {practice.id!r} appears twice")
        seen.add(practice.id)
        practices.append(practice)
    empty = [pillar.value for pillar in Pillar if not any(p.pillar == pillar for p in practices)]
    if empty:
        raise CatalogueError(f"pillars without practices: {', '.join(empty)}")
    return Catalogue(pillars=tuple(pillars), practices=tuple(practices))


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with fibrotrack, read and checked once."""
    text = (files("fibrotrack.program") / "catalogue.toml").read_text(encoding="utf-8")
    return parse_catalogue(tomllib.loads(text))
