"""The report's findings: significant associations with pain, the before/after estimate of each
thing the person started, and their latest self-experiment.

Associations are the insight engine's (``analyze_person``) over every logged day, with the
Benjamini–Hochberg false discovery rate across all its tests. Interventions appear there as
on/off factors, but the report judges them only by the before/after model, whose interval is
calibrated on the person's own swings; so intervention factors are left out of the association
list (they still count among the tests).
"""

from collections.abc import Sequence
from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from fibrotrack.analysis.findings import Finding
from fibrotrack.analysis.sentences import display_step
from fibrotrack.diary import DayEntry, InvalidEntry, VariableKind
from fibrotrack.reports.model import AssociationLine, ExperimentLine, Findings
from fibrotrack.services.effect_estimates import Started, effect_lines
from fibrotrack.services.experiments import experiment_result
from fibrotrack.services.insights import analyze_person
from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.insights import experiments_of
from fibrotrack.storage.models import Person, Variable

OUTCOME = "pain"
INTERVENTION_PREFIX = "intervention:"


def findings_of(
    session: Session,
    *,
    person: Person,
    entries: Sequence[DayEntry],
    started: Sequence[Started],
    today: date,
) -> Findings:
    """Findings over all of ``entries`` (every logged day of the person)."""
    report = analyze_person(session, person=person, outcome=OUTCOME, today=today)
    known = variables_of(session, person_id=person.id)
    associations = tuple(
        _association(finding, known, entries)
        for finding in report.strongest()
        if not finding.factor.startswith(INTERVENTION_PREFIX)
    )
    logged = [entry.day for entry in entries if OUTCOME in entry.values]
    return Findings(
        outcome=OUTCOME,
        first=logged[0] if logged else None,
        last=logged[-1] if logged else None,
        tests=len(report.findings),
        fdr=report.fdr,
        associations=associations,
        effects=tuple(
            effect_lines(session, person=person, started=started, entries=entries, outcome=OUTCOME)
        ),
        experiment=_experiment(session, person, today),
        notes=tuple(report.warnings),
    )


def _label(variable: Variable | None, key: str) -> str:
    text = variable.label if variable is not None else key.split(":")[-1].replace("_", " ")
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _association(
    finding: Finding, known: dict[str, Variable], entries: Sequence[DayEntry]
) -> AssociationLine:
    variable = known.get(finding.factor)
    step, unit = 1.0, None
    if finding.exposed is None:
        values = [
            entry.values[finding.factor] for entry in entries if finding.factor in entry.values
        ]
        step = display_step(float(np.std(values))) if values else 1.0
        if variable is not None:
            unit = "point" if variable.kind == VariableKind.SCALE else variable.unit
    return AssociationLine(
        factor=_label(variable, finding.factor),
        lag=finding.lag,
        effect=finding.effect,
        ci=finding.ci,
        likely=finding.likely,
        days=finding.n,
        exposed=finding.exposed,
        step=step,
        unit=unit,
    )


def _experiment(session: Session, person: Person, today: date) -> ExperimentLine | None:
    experiments = experiments_of(session, person_id=person.id)
    if not experiments or experiments[0].start_day > today:
        return None
    try:
        result = experiment_result(session, person=person, today=today)
    except InvalidEntry:
        return None
    return ExperimentLine(
        factor=result.factor,
        effect=result.effect,
        ci=result.ci,
        p=result.p,
        complete=result.complete,
        sentence=result.sentence,
    )
