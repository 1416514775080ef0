"""What the status engine reads: scored questionnaires, and flare periods from elsewhere."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from fibrotrack.instruments import Answer, Score


@dataclass(frozen=True)
class Assessment:
    """One stored questionnaire response: which instrument, the person's local date, the score
    as stored, and the checked answers (the FIQR symptom items are read individually)."""

    instrument: str
    day: date
    score: Score
    answers: Mapping[str, Answer] = field(default_factory=dict)


class FlarePeriod(Protocol):
    """A flare episode from any detector: its first and last day (inclusive)."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...
