"""The clinician report as plain data: what each section shows for one person and one period.

A service (``fibrotrack.services.report``) builds a ``Report`` from the person's stored data;
``fibrotrack.reports.html`` and ``fibrotrack.reports.pdf`` render the same ``Report``. Every
section carries ``notes``: what is missing or how to read it, in words both renderers print as
they are, so a person with almost no data gets a report that says what is missing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from fibrotrack.diary import InvalidEntry

MAX_PERIOD_DAYS = 731
METHODS: tuple[tuple[str, str], ...] = (
    ("Scores, bands and the ACR 2016 research criteria", "docs/instruments.md"),
    ("Baseline, change, FM30 responder, remission and flares", "docs/status.md"),
    ("Practices, adherence, graded activity and red flags", "docs/program.md"),
    ("Sleep diary and food verdicts", "docs/body-systems.md"),
    ("Associations, before/after effects, self-experiments and flares", "docs/methods.md"),
    ("This report: each section and how its numbers are computed", "docs/reports.md"),
)


@dataclass(frozen=True)
class Period:
    """The days the report covers, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise InvalidEntry("from", f"{self.start} is after the end of the period {self.end}")
        if self.days > MAX_PERIOD_DAYS:
            raise InvalidEntry(
                "from", f"the period is {self.days} days; a report covers at most two years"
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def each_day(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range(self.days)]


@dataclass(frozen=True)
class Header:
    """``person_name`` is None when the person has no name or it is left out
    (``name_hidden``)."""

    person_name: str | None
    period: Period
    generated_on: date
    version: str
    name_hidden: bool = False


@dataclass(frozen=True)
class Measurement:
    value: float
    day: date


@dataclass(frozen=True)
class ScoreLine:
    """One score: its latest value up to the end of the period, its band, and its change since
    the baseline visit. ``domain`` lines belong to the instrument line above them."""

    label: str
    maximum: float
    latest: Measurement | None
    band: str | None = None
    baseline: Measurement | None = None
    change: float | None = None
    percent: float | None = None
    domain: bool = False


@dataclass(frozen=True)
class Criteria:
    """The 2016 research criteria on the latest ACR 2016 form: met (self-report) or not."""

    day: date
    met: bool


@dataclass(frozen=True)
class Scores:
    lines: tuple[ScoreLine, ...]
    baseline_day: date | None
    criteria: Criteria | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DomainResult:
    """One FM30 domain: how much better than at baseline, and the threshold it needs."""

    domain: str
    improvement_percent: float | None
    threshold_percent: float
    met: bool | None  # None: not measured at both visits
    measure: str | None  # what was compared, e.g. "FIQR pain item (0–10)"


@dataclass(frozen=True)
class Responder:
    version: str
    responder: bool | None  # None: cannot be determined
    domains: tuple[DomainResult, ...]


@dataclass(frozen=True)
class FlareSummary:
    """Flares overlapping the period, their days counted within the period, and how many of
    the period's days the flare rule could judge (``checked_days`` of ``period_days``)."""

    episodes: tuple[tuple[date, date], ...]
    total_days: int
    longest_days: int
    checked_days: int
    period_days: int

    @property
    def count(self) -> int:
        return len(self.episodes)


@dataclass(frozen=True)
class StatusSection:
    visit_day: date | None
    fm30: tuple[Responder, ...]
    pain_improvement: str | None
    low_impact: bool | None
    remission: bool | None
    remission_reason: str | None
    in_flare: bool | None
    flares: FlareSummary
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DailySeries:
    """One daily rating over the period: the value of each day (None when not logged) and the
    mean of the 7 days ending on it (None with fewer than 4 of them logged)."""

    key: str
    label: str
    maximum: float
    higher_is_worse: bool
    values: tuple[float | None, ...]
    means: tuple[float | None, ...]

    @property
    def days_logged(self) -> int:
        return sum(value is not None for value in self.values)


@dataclass(frozen=True)
class Marker:
    """Something started or stopped on a day of the period."""

    day: date
    label: str


@dataclass(frozen=True)
class DailyCharts:
    period: Period
    series: tuple[DailySeries, ...]
    flares: tuple[tuple[date, date], ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class BodyMap:
    """How many of the period's ACR forms marked each of the 19 WPI areas painful."""

    forms: int
    counts: Mapping[str, int]
    first: date | None
    last: date | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PracticeLine:
    name: str
    evidence: str
    schedule: str
    since: date
    until: date | None
    planned_sessions: int
    done_sessions: int
    adherence: float | None


@dataclass(frozen=True)
class ActivityWeek:
    start: date
    target: float
    mean: float | None
    days_logged: int
    complete: bool = True  # False for the week the report's period ends in, before its Sunday


@dataclass(frozen=True)
class Activity:
    """The graded activity plan: its measure, baseline, the target at the end of the period
    with the rule's decision, and the weeks of the period with their targets and what was
    done."""

    measure: str
    unit: str
    weekly_step_percent: float
    baseline: float | None
    target: float | None
    decision: str
    weeks: tuple[ActivityWeek, ...]


@dataclass(frozen=True)
class SleepLine:
    nights: int
    total_sleep_minutes: float
    efficiency_percent: float
    latency_minutes: float
    waso_minutes: float
    quality: float | None


@dataclass(frozen=True)
class FoodLine:
    food: str
    verdict: str
    outcome: str
    difference: float | None
    low: float | None
    high: float | None
    confidence: float = 0.95  # of the interval: 0.975 each when two outcomes are judged
    higher_is_better: bool = False  # mood and sleep quality: a fall is the worsening


@dataclass(frozen=True)
class TreatmentLine:
    """A medication or supplement the person recorded."""

    kind: str
    name: str
    dose: str | None
    start: date
    end: date | None


@dataclass(frozen=True)
class ReviewLine:
    """The person's latest answers to the weekly review in the period, in their own words:
    (question, answer) pairs for the questions they answered."""

    week_start: date
    answers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Program:
    practices: tuple[PracticeLine, ...]
    activity: Activity | None
    sleep: SleepLine | None
    foods: tuple[FoodLine, ...]
    treatments: tuple[TreatmentLine, ...]
    notes: tuple[str, ...] = ()
    food_notes: tuple[str, ...] = ()
    review: ReviewLine | None = None


@dataclass(frozen=True)
class AssociationLine:
    """A significant association with the outcome at its strongest lag: the outcome's points
    with the factor (a yes/no factor: ``exposed`` days of ``days``) or per ``step`` of it."""

    factor: str
    lag: int
    effect: float
    ci: tuple[float, float]
    likely: bool
    days: int
    exposed: int | None = None
    step: float = 1.0
    unit: str | None = None


@dataclass(frozen=True)
class EffectLine:
    """The before/after estimate for something the person started, or why there is none."""

    name: str
    start: date
    change: float | None
    ci: tuple[float, float] | None
    before_days: int
    after_days: int
    warnings: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class ExperimentLine:
    factor: str
    effect: float | None
    ci: tuple[float, float] | None
    p: float | None
    complete: bool
    sentence: str


@dataclass(frozen=True)
class Findings:
    outcome: str
    first: date | None
    last: date | None
    tests: int
    fdr: float
    associations: tuple[AssociationLine, ...]
    effects: tuple[EffectLine, ...]
    experiment: ExperimentLine | None
    notes: tuple[str, ...] = ()

    @property
    def significant(self) -> int:
        return len(self.associations)


@dataclass(frozen=True)
class SelfHarmAnswer:
    """A PHQ-9 whose item 9 (thoughts of being better off dead or of self-harm) was above 0."""

    day: date
    answer: int
    answer_label: str
    total: float | None
    resources_shown: bool


@dataclass(frozen=True)
class RedFlagLine:
    day: date
    label: str
    urgency: str
    note: str | None


@dataclass(frozen=True)
class Safety:
    phq9_forms: int  # those that answered item 9
    self_harm: tuple[SelfHarmAnswer, ...]
    red_flags: tuple[RedFlagLine, ...]
    item9_unanswered: tuple[date, ...] = ()  # days of PHQ-9 forms that skipped item 9

    @property
    def clear(self) -> bool:
        return not self.self_harm and not self.red_flags


@dataclass(frozen=True)
class Completeness:
    days_logged: int
    days_in_period: int
    ratings: tuple[tuple[str, int], ...]
    questionnaires: tuple[tuple[str, int], ...]

    @property
    def share(self) -> float:
        return self.days_logged / self.days_in_period


@dataclass(frozen=True)
class Report:
    header: Header
    safety: Safety
    scores: Scores
    status: StatusSection
    charts: DailyCharts
    body_map: BodyMap
    program: Program
    findings: Findings
    completeness: Completeness
    methods: tuple[tuple[str, str], ...] = METHODS
