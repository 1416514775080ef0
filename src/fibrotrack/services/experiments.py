"""Randomised self-experiments: start one, follow it day by day, log adherence, read the
result."""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy.orm import Session

from fibrotrack.analysis.experiments import (
    ExperimentDesign,
    ExperimentResult,
    PlannedDay,
    analyse_experiment,
    check_start,
    design_experiment,
    design_warnings,
)
from fibrotrack.diary import InvalidEntry, VariableKind
from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.insights import experiment_day, experiment_days, experiments_of
from fibrotrack.storage.models import Experiment, ExperimentDay, Person

MAX_TEXT = 200


def design_of(experiment: Experiment) -> ExperimentDesign:
    return ExperimentDesign(
        factor=experiment.factor,
        outcome=experiment.outcome,
        start=experiment.start_day,
        on_first=tuple(bool(flag) for flag in experiment.on_first),
        period_days=experiment.period_days,
        washout_days=experiment.washout_days,
        on_text=experiment.on_text,
        off_text=experiment.off_text,
    )


def _text(field: str, text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT:
        raise InvalidEntry(field, f"is longer than {MAX_TEXT} characters")
    return cleaned


def start_experiment(
    session: Session,
    *,
    person: Person,
    factor: str,
    today: date,
    outcome: str = "pain",
    start: date | None = None,
    pairs: int = 6,
    period_days: int = 7,
    washout_days: int = 2,
    on_text: str = "",
    off_text: str = "",
    rng: np.random.Generator | None = None,
) -> Experiment:
    """Start a randomised self-experiment on ``factor`` (from ``start``, default today, at most
    30 days ahead). Refuses while another experiment is running."""
    name = _text("factor", factor)
    if not name:
        raise InvalidEntry("factor", "name what you will test, e.g. coffee")
    known = variables_of(session, person_id=person.id)
    if outcome not in known or known[outcome].kind != VariableKind.SCALE:
        ratings = ", ".join(sorted(k for k, v in known.items() if v.kind == VariableKind.SCALE))
        raise InvalidEntry("outcome", f"{outcome!r} is not a rating; choose one of: {ratings}")
    first = check_start(start or today, today)
    running = active_experiment(session, person=person, today=today)
    if running is not None:
        raise InvalidEntry(
            "experiment",
            f"the experiment on {running.factor!r} runs until {design_of(running).end}; "
            "stop it first",
        )
    design = design_experiment(
        rng or np.random.default_rng(),
        factor=name,
        outcome=outcome,
        start=first,
        pairs=pairs,
        period_days=period_days,
        washout_days=washout_days,
        on_text=_text("on", on_text),
        off_text=_text("off", off_text),
    )
    experiment = Experiment(
        person_id=person.id,
        factor=design.factor,
        outcome=design.outcome,
        on_text=design.on_text,
        off_text=design.off_text,
        start_day=design.start,
        period_days=design.period_days,
        washout_days=design.washout_days,
        on_first=list(design.on_first),
    )
    session.add(experiment)
    session.flush()
    session.add_all(
        ExperimentDay(
            person_id=person.id,
            experiment_id=experiment.id,
            day=plan.day,
            assigned_on=plan.on,
            washout=plan.washout,
        )
        for plan in design.schedule()
    )
    session.flush()
    return experiment


def active_experiment(session: Session, *, person: Person, today: date) -> Experiment | None:
    """The experiment not stopped whose schedule has not ended by ``today``."""
    for experiment in experiments_of(session, person_id=person.id):
        if experiment.stopped_day is None and design_of(experiment).end >= today:
            return experiment
    return None


def latest_experiment(session: Session, *, person: Person) -> Experiment:
    """The experiment started last (whatever its start day): one stopped before it began
    never hides the one started after it."""
    experiments = experiments_of(session, person_id=person.id)
    if not experiments:
        raise InvalidEntry("experiment", "no self-experiment yet; start one first")
    return experiments[0]


@dataclass(frozen=True)
class ExperimentStatus:
    """Where an experiment stands on a day: the day's instruction and adherence so far."""

    experiment: ExperimentDesign
    today: PlannedDay | None
    instruction: str
    day_number: int
    followed: int
    not_followed: int
    unanswered: int
    stopped: date | None
    warnings: list[str]

    def as_json(self) -> dict[str, object]:
        design = self.experiment
        return {
            "factor": design.factor,
            "outcome": design.outcome,
            "start": design.start.isoformat(),
            "end": design.end.isoformat(),
            "pairs": design.pairs,
            "period_days": design.period_days,
            "washout_days": design.washout_days,
            "day": self.day_number,
            "days": design.days,
            "today": None
            if self.today is None
            else {"on": self.today.on, "washout": self.today.washout, "pair": self.today.pair + 1},
            "instruction": self.instruction,
            "followed": self.followed,
            "not_followed": self.not_followed,
            "unanswered": self.unanswered,
            "stopped": self.stopped.isoformat() if self.stopped else None,
            "warnings": self.warnings,
        }


def experiment_status(session: Session, *, person: Person, today: date) -> ExperimentStatus:
    """The latest experiment's instruction for ``today`` and its adherence so far."""
    experiment = latest_experiment(session, person=person)
    design = design_of(experiment)
    rows = experiment_days(session, person_id=person.id, experiment_id=experiment.id)
    last = min(today, experiment.stopped_day or today)
    past = [row for row in rows if row.day <= last]
    plan = design.plan(today)
    return ExperimentStatus(
        experiment=design,
        today=plan,
        instruction=(
            f"Stopped on {experiment.stopped_day}."
            if experiment.stopped_day is not None
            else design.instruction(today)
        ),
        day_number=(today - design.start).days + 1 if plan else 0,
        followed=sum(row.followed is True for row in past),
        not_followed=sum(row.followed is False for row in past),
        unanswered=sum(row.followed is None for row in past),
        stopped=experiment.stopped_day,
        warnings=design_warnings(design),
    )


def log_adherence(
    session: Session,
    *,
    person: Person,
    day: date,
    followed: bool,
    today: date,
    note: str | None = None,
) -> ExperimentDay:
    """Record whether the person followed the instruction of ``day``."""
    if day > today:
        raise InvalidEntry("date", f"{day} is in the future (today is {today})")
    experiment = latest_experiment(session, person=person)
    if experiment.stopped_day is not None and day > experiment.stopped_day:
        raise InvalidEntry(
            "date", f"{day} is after the experiment was stopped on {experiment.stopped_day}"
        )
    row = experiment_day(session, person_id=person.id, experiment_id=experiment.id, day=day)
    if row is None:
        design = design_of(experiment)
        raise InvalidEntry(
            "date", f"{day} is not a day of the experiment ({design.start} to {design.end})"
        )
    row.followed = followed
    row.note = _text("note", note) if note else None
    session.flush()
    return row


def stop_experiment(session: Session, *, person: Person, today: date) -> Experiment:
    experiment = active_experiment(session, person=person, today=today)
    if experiment is None:
        raise InvalidEntry("experiment", "no experiment is running")
    experiment.stopped_day = today
    session.flush()
    return experiment


def experiment_result(session: Session, *, person: Person, today: date) -> ExperimentResult:
    """The result of the latest experiment: an interim look until its schedule ends, final
    once it has ended or was stopped (then as of its stop day)."""
    experiment = latest_experiment(session, person=person)
    design = design_of(experiment)
    last = min(today, experiment.stopped_day or today, design.end)
    entries = day_entries(session, person_id=person.id, start=design.start, end=last)
    outcome = {
        entry.day: entry.values[design.outcome]
        for entry in entries
        if design.outcome in entry.values
    }
    rows = experiment_days(session, person_id=person.id, experiment_id=experiment.id)
    followed = {row.day: row.followed for row in rows if row.followed is not None}
    return analyse_experiment(
        design, outcome, followed, today=today, stopped=experiment.stopped_day
    )


def add_demo_experiment(session: Session, *, person: Person, today: date) -> Experiment:
    """The demo person's finished self-experiment: 12 weeks of magnesium on and off, ended
    two weeks before ``today``, kept to on all but a few days. Their pain does not depend on
    it, so the result is an honest "no clear effect"."""
    first = today - timedelta(days=2 * 6 * 7 + 13)
    experiment = start_experiment(
        session,
        person=person,
        factor="magnesium",
        today=first,
        on_text="take magnesium (300 mg) with dinner",
        off_text="no magnesium",
        rng=np.random.default_rng(11),
    )
    skipped = np.random.default_rng(12)
    for row in experiment_days(session, person_id=person.id, experiment_id=experiment.id):
        row.followed = bool(skipped.random() > 0.05)
    session.flush()
    return experiment
