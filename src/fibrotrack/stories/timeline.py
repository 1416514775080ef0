"""A person's recovery story, generated from their own data: nothing in it is written by hand
except the journal entries and milestones they marked for it.

- **Milestones and journal entries** the person marked (``in_story``), on their days.
- **Status changes** from the status engine (docs/status.md): the baseline visit, the first
  visit with pain at least 30% lower (IMMPACT), the first FM30 response (Arnold 2012), the first
  FIQR in the mild band and in the remission range (Salaffi 2020) after a worse one, no longer
  meeting the 2016 research criteria, sustained remission (study-defined), and the longest
  stretch between flares within the days the flare rule could check.
- **Practices**: each practice from the plan with its weeks in the plan and its adherence over
  complete weeks (docs/program.md), and practices only logged (therapy sessions).
- **Scores** at every visit with their bands, and the FIQR over time.
- **Findings that held up**: associations the insight engine calls *likely* (significant after
  false-discovery control and confirmed by the circular-shift check; docs/methods.md).

The person chooses which of these sections appear and whether their name does.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fibrotrack.analysis.findings import Finding
from fibrotrack.instruments import get
from fibrotrack.program import PlanPeriod, PracticeSession
from fibrotrack.status import Status
from fibrotrack.stories.model import (
    BandRange,
    EventKind,
    Instrument,
    PracticeSpan,
    ScoreCell,
    Scores,
    Section,
    Story,
    StoryChoices,
    StoryEvent,
    Visit,
)
from fibrotrack.stories.practices import practice_events, practice_spans
from fibrotrack.stories.status_changes import status_events as status_changes

TOTAL_NAMES = {"acr2016": " FS"}
QUESTIONNAIRES = {"fiqr": "fiqr_total", "acr2016": "fs", "phq9": "phq9_total", "gad7": "gad7_total"}


@dataclass(frozen=True)
class StoryNote:
    """A journal entry or milestone the person marked for their story."""

    day: date
    milestone: bool
    text: str


@dataclass(frozen=True)
class StoryInputs:
    """Everything a story is generated from (the service gathers it); ``flare_checked_days``
    are the days the flare rule could judge (``fibrotrack.analysis.flares.checkable_days``)."""

    person_name: str | None
    generated_on: date
    version: str
    notes: Sequence[StoryNote]
    status: Status
    logged_days: Sequence[date]
    flares: Sequence[tuple[date, date]]
    flare_checked_days: Sequence[date]
    periods: Sequence[PlanPeriod]
    sessions: Sequence[PracticeSession]
    findings: Sequence[Finding]


def tell_story(inputs: StoryInputs, choices: StoryChoices) -> Story:
    """The story of ``inputs`` with the sections and name the person chose."""
    logged = sorted(set(inputs.logged_days))
    first, last = (logged[0], logged[-1]) if logged else (None, None)
    events: list[StoryEvent] = []
    notes: dict[Section, tuple[str, ...]] = {}
    if choices.includes(Section.MILESTONES):
        events += _note_events(inputs.notes)
        if not inputs.notes:
            notes[Section.MILESTONES] = (
                "No journal entry or milestone is marked for your story yet: add a milestone "
                "(fibrotrack journal add --milestone) or tick one in your story's entries.",
            )
    if choices.includes(Section.STATUS):
        status_events, status_notes = status_changes(
            inputs.status, inputs.flares, inputs.flare_checked_days
        )
        events += status_events
        notes[Section.STATUS] = status_notes
    practices: tuple[PracticeSpan, ...] = ()
    if choices.includes(Section.PRACTICES):
        practices = practice_spans(inputs.periods, inputs.sessions, inputs.generated_on)
        events += practice_events(practices)
        if not practices:
            notes[Section.PRACTICES] = ("No practice in your plan or logged yet.",)
    scores = Scores((), (), ())
    if choices.includes(Section.SCORES):
        scores = _scores(inputs.status)
        if not scores.visits:
            notes[Section.SCORES] = ("No questionnaires yet: take a FIQR to start.",)
    findings: tuple[str, ...] = ()
    if choices.includes(Section.FINDINGS):
        findings = tuple(finding.sentence for finding in inputs.findings if finding.likely)
        notes[Section.FINDINGS] = (
            (
                "No finding has held up yet: a likely finding needs enough days and has to pass "
                "both false-discovery control and the circular-shift check.",
            )
            if not findings
            else ()
        ) + (
            "Findings are patterns in your own data, not proof that one thing leads to "
            "another; something else that changes at the same time can explain any of them.",
        )
    return Story(
        person_name=inputs.person_name if choices.with_name else None,
        first_day=first,
        last_day=last,
        days_logged=len(logged),
        generated_on=inputs.generated_on,
        version=inputs.version,
        sections=tuple(section for section in Section if choices.includes(section)),
        events=tuple(sorted(events, key=lambda event: (event.day, _ORDER[event.kind]))),
        practices=practices,
        scores=scores,
        flares=tuple(sorted(inputs.flares)),
        findings=findings,
        notes={section: lines for section, lines in notes.items() if lines},
    )


_ORDER = {EventKind.STATUS: 0, EventKind.PRACTICE: 1, EventKind.MILESTONE: 2, EventKind.JOURNAL: 3}


def _note_events(notes: Sequence[StoryNote]) -> list[StoryEvent]:
    return [
        StoryEvent(
            note.day,
            EventKind.MILESTONE if note.milestone else EventKind.JOURNAL,
            note.text,
        )
        for note in notes
    ]


def _scores(status: Status) -> Scores:
    present = [
        instrument
        for instrument in QUESTIONNAIRES
        if any(instrument in point.instruments for point in status.points)
    ]
    visits = []
    for point in status.points:
        cells = {}
        for instrument in present:
            value = point.measures.get(QUESTIONNAIRES[instrument])
            if instrument in point.instruments and value is not None:
                band = point.bands.get(instrument)
                cells[instrument] = ScoreCell(
                    value, get(instrument).band(band).label if band else None
                )
        if cells:
            visits.append(Visit(point.day, cells))
    fiqr = get("fiqr")
    bands = []
    low = fiqr.total_minimum
    for fiqr_band in fiqr.bands:
        high = float(fiqr_band.maximum) if fiqr_band.maximum is not None else fiqr.total_maximum
        bands.append(BandRange(fiqr_band.label, low, high))
        low = high
    return Scores(
        instruments=tuple(
            Instrument(i, f"{get(i).short_name}{TOTAL_NAMES.get(i, '')}", get(i).total_maximum)
            for i in present
        ),
        visits=tuple(visits),
        fiqr_bands=tuple(bands),
    )
