"""Everything the Insights page and ``/api/v1/insights`` show for one person: the insight
engine's findings for a rating, what could not be tested yet and why, the before/after
estimates of what they started, and their self-experiments.

The association analysis (``analyze_person``) takes about 0.3 s on a year of data and 2 s on
five years, so its last result is kept in memory per database, person and rating, with a
digest of everything it depends on; it is used again only while the digest still matches.
The before/after estimates take seconds each and are stored in the database by
``effect_estimates``; reading the page never computes them, it shows the stored ones and says
which are out of date (``estimate_effects`` computes them, on the person's request).
"""

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from fibrotrack import __version__
from fibrotrack.analysis.associations import AssociationReport, EvidenceRules
from fibrotrack.analysis.experiments import ExperimentResult
from fibrotrack.analysis.findings import Finding
from fibrotrack.diary import DayEntry, InvalidEntry, Pillar, VariableKind
from fibrotrack.reports.model import EffectLine
from fibrotrack.services.effect_estimates import (
    StoredEffect,
    effect_lines,
    started_things,
    stored_effects,
)
from fibrotrack.services.experiments import (
    ExperimentStatus,
    active_experiment,
    experiment_result,
    experiment_status,
)
from fibrotrack.services.insights import analyze_person
from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.insights import experiments_of, interventions_of
from fibrotrack.storage.models import Experiment, Person, Variable

DEFAULT_OUTCOME = "pain"
INTERVENTION_PREFIX = "intervention:"
CACHE_SIZE = 256


@dataclass(frozen=True)
class NotTested:
    """A factor that could not be tested at some lags, with the reason for each."""

    factor: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Experiments:
    """The latest self-experiment (its day-by-day status and result so far), the running one
    if any, and the earlier ones."""

    latest: ExperimentStatus | None
    result: ExperimentResult | None
    running: bool
    earlier: tuple[Experiment, ...]


@dataclass(frozen=True)
class InsightsOverview:
    outcome: str
    outcome_label: str
    ratings: tuple[tuple[str, str], ...]
    n_days: int
    min_days: int
    findings: tuple[Finding, ...]
    symptoms: tuple[Finding, ...]
    not_tested: tuple[NotTested, ...]
    warnings: tuple[str, ...]
    tests: int
    fdr: float
    computed_at: datetime
    effects: tuple[StoredEffect, ...]
    experiments: Experiments

    @property
    def days_needed(self) -> int:
        """More days with the rating logged before anything can be tested."""
        return max(0, self.min_days - self.n_days)

    @property
    def effects_out_of_date(self) -> bool:
        return any(not effect.up_to_date for effect in self.effects)


@dataclass
class _Cached:
    digest: str
    report: AssociationReport
    computed_at: datetime


_cache: OrderedDict[tuple[str, int, str], _Cached] = OrderedDict()
_cache_lock = threading.Lock()


def _label(variable: Variable | None, key: str) -> str:
    return variable.label if variable is not None else key.replace("_", " ")


def ratings_of(known: dict[str, Variable]) -> tuple[tuple[str, str], ...]:
    """The ratings (0–10 scales) a person can ask about, pain first."""
    keys = sorted(key for key, variable in known.items() if variable.kind == VariableKind.SCALE)
    keys.sort(key=lambda key: key != DEFAULT_OUTCOME)
    return tuple((key, _label(known[key], key)) for key in keys)


def _digest(
    session: Session,
    person: Person,
    outcome: str,
    entries: Sequence[DayEntry],
    known: dict[str, Variable],
) -> str:
    document = {
        "version": __version__,
        "rules": repr(EvidenceRules()),
        "outcome": outcome,
        "days": [
            [entry.day.isoformat(), sorted(entry.values.items()), sorted(entry.tags)]
            for entry in entries
        ],
        "variables": sorted(
            [key, row.label, row.kind, row.unit, row.pillar] for key, row in known.items()
        ),
        "interventions": [
            [row.name, row.start_day.isoformat(), row.end_day and row.end_day.isoformat()]
            for row in interventions_of(session, person_id=person.id)
        ],
    }
    text = json.dumps(document, separators=(",", ":"), sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def association_report(
    session: Session,
    *,
    person: Person,
    outcome: str,
    today: date,
    entries: Sequence[DayEntry],
    known: dict[str, Variable],
) -> tuple[AssociationReport, datetime]:
    """The insight engine's report on ``outcome`` and when it was computed: the last one
    computed for the person in this process while its inputs are unchanged, else a new one."""
    key = (str(session.get_bind().url), person.id, outcome)
    digest = _digest(session, person, outcome, entries, known)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and cached.digest == digest:
            _cache.move_to_end(key)
            return cached.report, cached.computed_at
    report = analyze_person(session, person=person, outcome=outcome, today=today)
    computed_at = datetime.now(UTC)
    with _cache_lock:
        _cache[key] = _Cached(digest, report, computed_at)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return report, computed_at


def _not_tested(lines: Sequence[str], known: dict[str, Variable]) -> tuple[NotTested, ...]:
    """The engine's lines ("KEY (lags 2, 3): reason") grouped by factor, named by label;
    interventions are left out (they are judged by the before/after model)."""
    keys = sorted(known, key=len, reverse=True)
    grouped: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith(INTERVENTION_PREFIX):
            continue
        key = next((k for k in keys if line.startswith(f"{k} (lag")), None)
        name, _, rest = line.partition(" (") if key is None else (key, "", line[len(key) + 2 :])
        lags, _, reason = rest.partition("): ")
        grouped.setdefault(name, []).append(f"{_lag_words(lags)}: {reason}")
    return tuple(
        NotTested(_label(known.get(name), name), tuple(reasons))
        for name, reasons in grouped.items()
    )


def _lag_words(lags: str) -> str:
    """ "lags 0, 1" → "the same day and the day after" """
    words = []
    for part in lags.removeprefix("lags").removeprefix("lag").split(","):
        lag = int(part)
        words.append(
            "the same day" if lag == 0 else "the day after" if lag == 1 else f"{lag} days after"
        )
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def _is_symptom(finding: Finding, known: dict[str, Variable]) -> bool:
    variable = known.get(finding.factor)
    return variable is not None and variable.pillar == Pillar.SYMPTOMS.value


def experiments_view(session: Session, *, person: Person, today: date) -> Experiments:
    experiments = experiments_of(session, person_id=person.id)
    if not experiments:
        return Experiments(None, None, False, ())
    result = None
    if experiments[0].start_day <= today:
        try:
            result = experiment_result(session, person=person, today=today)
        except InvalidEntry:
            result = None
    return Experiments(
        latest=experiment_status(session, person=person, today=today),
        result=result,
        running=active_experiment(session, person=person, today=today) is not None,
        earlier=tuple(experiments[1:]),
    )


def insights_overview(
    session: Session, *, person: Person, today: date, outcome: str = DEFAULT_OUTCOME
) -> InsightsOverview:
    """The Insights page of ``person`` for the rating ``outcome``."""
    known = variables_of(session, person_id=person.id)
    ratings = ratings_of(known)
    if outcome not in dict(ratings):
        choices = ", ".join(key for key, _ in ratings)
        raise InvalidEntry("outcome", f"{outcome!r} is not a rating; choose one of: {choices}")
    entries = day_entries(session, person_id=person.id)
    report, computed_at = association_report(
        session, person=person, outcome=outcome, today=today, entries=entries, known=known
    )
    strongest = [
        finding
        for finding in report.strongest()
        if not finding.factor.startswith(INTERVENTION_PREFIX)
    ]
    too_few = report.n_days < EvidenceRules().min_outcome_days
    return InsightsOverview(
        outcome=outcome,
        outcome_label=_label(known.get(outcome), outcome),
        ratings=ratings,
        n_days=report.n_days,
        min_days=EvidenceRules().min_outcome_days,
        findings=tuple(f for f in strongest if not _is_symptom(f, known)),
        symptoms=tuple(f for f in strongest if _is_symptom(f, known)),
        not_tested=() if too_few else _not_tested(report.not_enough_data, known),
        warnings=tuple(report.warnings),
        tests=len(report.findings),
        fdr=report.fdr,
        computed_at=computed_at,
        effects=tuple(
            stored_effects(
                session,
                person=person,
                started=started_things(session, person=person),
                entries=entries,
                outcome=outcome,
            )
        ),
        experiments=experiments_view(session, person=person, today=today),
    )


def estimate_effects(
    session: Session, *, person: Person, outcome: str = DEFAULT_OUTCOME
) -> list[EffectLine]:
    """Compute (and store) the before/after estimate of everything the person started whose
    stored estimate is missing or out of date; seconds per estimate."""
    known = variables_of(session, person_id=person.id)
    if outcome not in dict(ratings_of(known)):
        raise InvalidEntry("outcome", f"{outcome!r} is not a rating")
    return effect_lines(
        session,
        person=person,
        started=started_things(session, person=person),
        entries=day_entries(session, person_id=person.id),
        outcome=outcome,
    )
