"""A person's recovery story: their own data gathered into ``fibrotrack.stories``, and the
choice of which journal entries and milestones it shows."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from fibrotrack import __version__
from fibrotrack.analysis.findings import Finding
from fibrotrack.diary import Pillar
from fibrotrack.instruments import InstrumentKind, get
from fibrotrack.services.assessments import list_responses
from fibrotrack.services.insights import analyze_person, flare_checked_days, person_flares
from fibrotrack.services.plan import period_of, plan_history, practice_sessions
from fibrotrack.services.recovery import MILESTONE, journal
from fibrotrack.status import Assessment, FlareEpisode, evaluate_status
from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import Person
from fibrotrack.stories import Section, Story, StoryChoices, StoryInputs, StoryNote, tell_story

OUTCOME = "pain"
INTERVENTION_PREFIX = "intervention:"


def choose_story_entries(session: Session, *, person: Person, entry_ids: Iterable[int]) -> int:
    """Put exactly the journal entries and milestones ``entry_ids`` in the story (ids of other
    people's notes, or of check-in notes, are ignored). Returns how many are in it now."""
    wanted = set(entry_ids)
    count = 0
    for note in journal(session, person=person):
        note.in_story = note.id in wanted
        count += note.in_story
    session.flush()
    return count


def build_story(session: Session, *, person: Person, today: date, choices: StoryChoices) -> Story:
    """The person's story as of ``today`` with the sections and name they chose."""
    entries = day_entries(session, person_id=person.id)
    flares = [
        (view.start, view.end)
        for view in person_flares(session, person=person)
        if view.confirmed is not False
    ]
    assessments = [
        Assessment(response.instrument, response.day, response.score, response.answers)
        for response in list_responses(session, person=person)
        if get(response.instrument).kind is InstrumentKind.QUESTIONNAIRE
    ]
    status = evaluate_status(
        assessments, entries, flares=[FlareEpisode(start, end) for start, end in flares]
    )
    notes = [
        StoryNote(note.day, note.kind == MILESTONE, note.text)
        for note in journal(session, person=person)
        if note.in_story
    ]
    return tell_story(
        StoryInputs(
            person_name=person.name,
            generated_on=today,
            version=__version__,
            notes=notes,
            status=status,
            logged_days=[entry.day for entry in entries if entry.values or entry.tags],
            flares=flares,
            flare_checked_days=flare_checked_days(session, person=person),
            periods=[period_of(item) for item in plan_history(session, person=person)],
            sessions=practice_sessions(session, person=person, end=today),
            findings=_findings(session, person, today)
            if choices.includes(Section.FINDINGS)
            else [],
        ),
        choices,
    )


def _findings(session: Session, person: Person, today: date) -> list[Finding]:
    """The strongest lag of each significant factor, without the person's other symptoms
    (pain goes with fatigue on the same day; that is not a finding about what helps) and
    without practices (judged by the before/after model, not as factors)."""
    report = analyze_person(session, person=person, outcome=OUTCOME, today=today)
    known = variables_of(session, person_id=person.id)
    return [
        finding
        for finding in report.strongest()
        if not finding.factor.startswith(INTERVENTION_PREFIX)
        and not (finding.factor in known and known[finding.factor].pillar == Pillar.SYMPTOMS.value)
    ]


def add_demo_story(session: Session, *, person: Person) -> None:
    """The demo person's story shows their journal entries as well as their milestones."""
    choose_story_entries(
        session,
        person=person,
        entry_ids=[note.id for note in journal(session, person=person)],
    )
