"""``/api/v1/insights``: what goes with a rating, what could not be tested yet, the
before/after estimates of what the person started, and their latest self-experiment."""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from fibrotrack.analysis.findings import Finding
from fibrotrack.services.effect_estimates import StoredEffect
from fibrotrack.services.insights_overview import (
    DEFAULT_OUTCOME,
    InsightsOverview,
    estimate_effects,
    insights_overview,
)
from fibrotrack.web.deps import CsrfHeader, PersonDep, SessionDep
from fibrotrack.web.routes.api.schemas import INVALID
from fibrotrack.web.routes.pages import today_for

router = APIRouter(tags=["insights"])

OutcomeQuery = Annotated[str, Query(description="The 0–10 rating to explain.")]


class FindingOut(BaseModel):
    """A factor's strongest significant lag: the change in the rating in its points (per day
    with a yes/no factor, per unit of a number) with its 95% interval."""

    factor: str
    lag: int = Field(description="Days between the factor and the rating.")
    effect: float
    ci: tuple[float, float]
    q: float = Field(description="Smallest false discovery rate at which it is reported.")
    likely: bool = Field(description="The circular-shift check agrees as well.")
    days: int
    exposed_days: int | None
    sentence: str


class NotTestedOut(BaseModel):
    factor: str
    reasons: list[str]


class EffectOut(BaseModel):
    """The before/after estimate of something started; null fields when not worked out yet
    or not possible (the sentence says why)."""

    name: str
    start: date
    change: float | None
    ci: tuple[float, float] | None
    before_days: int | None
    after_days: int | None
    warnings: list[str]
    sentence: str | None
    up_to_date: bool
    computed_at: datetime | None


class ExperimentOut(BaseModel):
    factor: str
    outcome: str
    start: date
    end: date
    running: bool
    stopped: date | None = Field(description="The day it was stopped early, if it was.")
    instruction: str
    followed: int
    not_followed: int
    unanswered: int
    result: str | None = Field(description="The result so far in words, once it has started.")
    effect: float | None
    ci: tuple[float, float] | None
    p: float | None
    complete: bool = Field(description="The whole schedule ran (not stopped early).")


class InsightsOut(BaseModel):
    outcome: str
    days_logged: int
    days_needed: int = Field(description="More days with the rating needed before any test.")
    computed_at: datetime
    tests: int
    fdr: float
    findings: list[FindingOut]
    symptoms: list[FindingOut] = Field(description="Other ratings that move with this one.")
    not_enough_data: list[NotTestedOut]
    warnings: list[str]
    effects: list[EffectOut]
    experiment: ExperimentOut | None


def _finding(finding: Finding) -> FindingOut:
    return FindingOut(
        factor=finding.factor,
        lag=finding.lag,
        effect=round(finding.effect, 4),
        ci=(round(finding.ci[0], 4), round(finding.ci[1], 4)),
        q=float(f"{finding.q:.4g}"),
        likely=finding.likely,
        days=finding.n,
        exposed_days=finding.exposed,
        sentence=finding.sentence,
    )


def _effect(effect: StoredEffect) -> EffectOut:
    line = effect.line
    return EffectOut(
        name=effect.started.intervention.name,
        start=effect.started.start,
        change=None if line is None else line.change,
        ci=None if line is None else line.ci,
        before_days=None if line is None else line.before_days,
        after_days=None if line is None else line.after_days,
        warnings=[] if line is None else list(line.warnings),
        sentence=None if line is None else line.sentence,
        up_to_date=effect.up_to_date,
        computed_at=effect.computed_at,
    )


def _experiment(overview: InsightsOverview) -> ExperimentOut | None:
    experiments = overview.experiments
    status = experiments.latest
    if status is None:
        return None
    design = status.experiment
    result = experiments.result
    return ExperimentOut(
        factor=design.factor,
        outcome=design.outcome,
        start=design.start,
        end=design.end,
        running=experiments.running,
        stopped=status.stopped,
        instruction=status.instruction,
        followed=status.followed,
        not_followed=status.not_followed,
        unanswered=status.unanswered,
        result=None if result is None else result.sentence,
        effect=None if result is None else result.effect,
        ci=None if result is None else result.ci,
        p=None if result is None else result.p,
        complete=bool(result and result.complete),
    )


def _out(overview: InsightsOverview) -> InsightsOut:
    return InsightsOut(
        outcome=overview.outcome,
        days_logged=overview.n_days,
        days_needed=overview.days_needed,
        computed_at=overview.computed_at,
        tests=overview.tests,
        fdr=overview.fdr,
        findings=[_finding(finding) for finding in overview.findings],
        symptoms=[_finding(finding) for finding in overview.symptoms],
        not_enough_data=[
            NotTestedOut(factor=item.factor, reasons=list(item.reasons))
            for item in overview.not_tested
        ],
        warnings=list(overview.warnings),
        effects=[_effect(effect) for effect in overview.effects],
        experiment=_experiment(overview),
    )


@router.get("/insights", response_model=InsightsOut, responses=INVALID)
def insights(
    session: SessionDep, person: PersonDep, outcome: OutcomeQuery = DEFAULT_OUTCOME
) -> InsightsOut:
    """Findings for ``outcome`` (pain by default), what could not be tested yet and why, the
    stored before/after estimates (``up_to_date`` false when the diary changed since; POST
    ``/insights/effects`` works them out again) and the latest self-experiment."""
    return _out(insights_overview(session, person=person, today=today_for(person), outcome=outcome))


@router.post(
    "/insights/effects", response_model=InsightsOut, dependencies=[CsrfHeader], responses=INVALID
)
def work_out_effects(
    session: SessionDep, person: PersonDep, outcome: OutcomeQuery = DEFAULT_OUTCOME
) -> InsightsOut:
    """Work out the missing and out-of-date before/after estimates (seconds each), then
    answer as GET does."""
    estimate_effects(session, person=person, outcome=outcome)
    session.commit()
    return _out(insights_overview(session, person=person, today=today_for(person), outcome=outcome))
