"""Randomised self-experiments (N-of-1 trials): the fair test of a fast-acting change.

A before/after comparison of one person's diary cannot separate an effect from drift and
regression to the mean. A randomised multiple-crossover trial can (Kravitz & Duan 2014, the
AHRQ user's guide to N-of-1 trials; Vohra et al. 2015, CENT reporting guideline; Schork 2015).
fibrotrack's design follows them and the self-experimentation apps built on them (StudyU,
Konigorski et al. 2022; StudyMe, Zenner et al. 2022; TummyTrials, Karkar et al. 2016–2017):

* **Design.** ``pairs`` pairs of periods of ``period_days`` days; within each pair one period is
  "on" (do it) and one "off" (do not), in an order drawn at random per pair. The first
  ``washout_days`` of every period are a washout: followed like the rest, but left out of the
  result, so the previous period's effect can fade. Default: 6 pairs of 7 days with 2 washout
  days, 12 weeks. Periods are 2 to 28 days: a change that needs longer to act and wear off is
  slow-acting, which on/off periods do not suit. An experiment starts today or up to 30 days
  ahead. Six pairs is the least for which a two-sided randomisation test can reach
  p < 0.05 (the smallest possible p is 2/2^pairs = 0.031); shorter trials are allowed with a
  warning (Karkar et al. found people prefer short trials even at some cost in certainty), down
  to 2 pairs, the least that gives an estimate at all (the interval needs df ≥ 1, and with one
  pair the smallest possible p is 2/2 = 1).
* **Daily instruction and adherence.** Each day has its instruction ("today: no coffee"); the
  person logs whether they followed it. The analysis is by assignment (intention to treat),
  which keeps the randomisation test exact; adherence is reported beside it.
* **Result.** Per period, the mean outcome on its logged days after the washout; per pair, the
  on-period mean minus the off-period mean, d_i. The effect is the mean of the d_i, with a
  paired t 95% interval (df = pairs − 1). The p-value is the exact randomisation test
  (Edgington & Onghena 2007; Onghena & Edgington 2005 for pain): under the null hypothesis that
  the change does nothing on any day, swapping the order within a pair only flips the sign of
  d_i, so the 2^pairs equally likely sign patterns give the exact null distribution of the
  mean difference. p = the share of patterns with |mean| at least the observed one.
* **Stopping early.** An experiment stopped before its planned end is analysed as of its stop
  day, and that result is final: it rests on the pairs completed by then, so its interval is
  wider and its smallest possible p larger than planned.
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy import stats

from fibrotrack.analysis.baseline import FloatArray
from fibrotrack.analysis.sentences import points, signed
from fibrotrack.diary.errors import InvalidEntry

MIN_PAIRS = 2
RECOMMENDED_PAIRS = 6
MAX_PAIRS = 16
MIN_PERIOD_DAYS = 2
MAX_PERIOD_DAYS = 28
MAX_DAYS_AHEAD = 30


@dataclass(frozen=True)
class ExperimentDesign:
    """A randomised on/off schedule: ``on_first[i]`` says whether pair i starts "on".

    One pair is a schedule but never a result: new designs need ``MIN_PAIRS``
    (``design_experiment``), while a one-pair experiment stored before that still loads."""

    factor: str
    outcome: str
    start: date
    on_first: tuple[bool, ...]
    period_days: int = 7
    washout_days: int = 2
    on_text: str = ""
    off_text: str = ""

    def __post_init__(self) -> None:
        if not 1 <= len(self.on_first) <= MAX_PAIRS:
            raise InvalidEntry("pairs", f"must be between 1 and {MAX_PAIRS}")
        if self.period_days < MIN_PERIOD_DAYS:
            raise InvalidEntry("period_days", f"must be at least {MIN_PERIOD_DAYS}")
        if not 0 <= self.washout_days < self.period_days - 1:
            raise InvalidEntry("washout_days", "must leave at least 2 measured days in each period")
        if self.days > (date.max - self.start).days + 1:
            raise InvalidEntry("start", f"{self.start} leaves no room for {self.days} days")

    @property
    def pairs(self) -> int:
        return len(self.on_first)

    @property
    def days(self) -> int:
        return 2 * self.pairs * self.period_days

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    def plan(self, day: date) -> "PlannedDay | None":
        """What ``day`` asks for, or None outside the experiment."""
        index = (day - self.start).days
        if not 0 <= index < self.days:
            return None
        period = index // self.period_days
        pair, second = divmod(period, 2)
        on = self.on_first[pair] != bool(second)
        return PlannedDay(
            day=day,
            pair=pair,
            period=period,
            on=on,
            washout=index % self.period_days < self.washout_days,
            day_in_period=index % self.period_days + 1,
        )

    def schedule(self) -> list["PlannedDay"]:
        return [
            plan
            for i in range(self.days)
            if (plan := self.plan(self.start + timedelta(days=i))) is not None
        ]

    def instruction(self, day: date) -> str:
        """The day's instruction in words."""
        plan = self.plan(day)
        if plan is None:
            return f"No experiment on {day}: it runs from {self.start} to {self.end}."
        text = (self.on_text or self.factor) if plan.on else (self.off_text or f"no {self.factor}")
        phase = "on" if plan.on else "off"
        washout = (
            " (washout day: keep to it, it does not count in the result)" if plan.washout else ""
        )
        return (
            f"Today: {text}. Pair {plan.pair + 1} of {self.pairs}, '{phase}' period, day "
            f"{plan.day_in_period} of {self.period_days}{washout}."
        )


@dataclass(frozen=True)
class PlannedDay:
    day: date
    pair: int
    period: int
    on: bool
    washout: bool
    day_in_period: int


def check_start(start: date, today: date) -> date:
    """``start`` if a new experiment can begin then: today, or up to ``MAX_DAYS_AHEAD`` days
    ahead to plan it; one that has not begun can be stopped, which cancels it."""
    if start < today:
        raise InvalidEntry("start", f"{start} is in the past; an experiment starts today or later")
    if start > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidEntry(
            "start", f"{start} is more than {MAX_DAYS_AHEAD} days ahead; plan it nearer the time"
        )
    return start


def design_experiment(
    rng: np.random.Generator,
    *,
    factor: str,
    outcome: str,
    start: date,
    pairs: int = RECOMMENDED_PAIRS,
    period_days: int = 7,
    washout_days: int = 2,
    on_text: str = "",
    off_text: str = "",
) -> ExperimentDesign:
    """A new design with the order within each pair drawn at random from ``rng``; refuses one
    that could never give a result, or whose periods are too long for an on/off change."""
    if not MIN_PAIRS <= pairs <= MAX_PAIRS:
        raise InvalidEntry(
            "pairs",
            f"must be between {MIN_PAIRS} and {MAX_PAIRS}: the result compares the pairs with "
            f"one another, so it needs at least {MIN_PAIRS} pairs",
        )
    if period_days > MAX_PERIOD_DAYS:
        raise InvalidEntry(
            "period_days",
            f"must be between {MIN_PERIOD_DAYS} and {MAX_PERIOD_DAYS}: a change that needs "
            "longer periods to act and wear off does not suit an on/off experiment",
        )
    return ExperimentDesign(
        factor=factor,
        outcome=outcome,
        start=start,
        on_first=tuple(bool(flip) for flip in rng.integers(0, 2, pairs)),
        period_days=period_days,
        washout_days=washout_days,
        on_text=on_text,
        off_text=off_text,
    )


def smallest_p(pairs: int) -> float:
    """The smallest p-value the exact randomisation test can give with ``pairs`` pairs: only
    the observed sign pattern and its mirror image are as extreme."""
    return 2 / 2.0**pairs


def design_warnings(design: ExperimentDesign) -> list[str]:
    notes = []
    if design.pairs < RECOMMENDED_PAIRS:
        notes.append(
            f"With {design.pairs} pairs the smallest possible p-value is "
            f"{smallest_p(design.pairs):.3g}: the result cannot reach p < 0.05. "
            f"{RECOMMENDED_PAIRS} pairs or more can."
        )
    return notes


@dataclass(frozen=True)
class ExperimentResult:
    """The effect of "on" versus "off" in the outcome's points, its interval, the exact
    randomisation p-value, and how well the schedule was kept. ``complete``: the whole schedule
    ran; ``stopped``: the day it was stopped before its planned end. Either makes it final."""

    factor: str
    outcome: str
    pairs_used: int
    pair_differences: list[float]
    effect: float | None
    ci: tuple[float, float] | None
    p: float | None
    on_days: int
    off_days: int
    adherence: float | None
    complete: bool
    stopped: date | None
    notes: list[str]
    sentence: str

    @property
    def final(self) -> bool:
        return self.complete or self.stopped is not None

    def as_json(self) -> dict[str, object]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else float(f"{value:.4g}")

        return {
            "factor": self.factor,
            "outcome": self.outcome,
            "pairs_used": self.pairs_used,
            "pair_differences": [rounded(d) for d in self.pair_differences],
            "effect": rounded(self.effect),
            "ci": None if self.ci is None else [rounded(self.ci[0]), rounded(self.ci[1])],
            "p": rounded(self.p),
            "on_days": self.on_days,
            "off_days": self.off_days,
            "adherence": rounded(self.adherence),
            "complete": self.complete,
            "stopped": None if self.stopped is None else self.stopped.isoformat(),
            "notes": self.notes,
            "sentence": self.sentence,
        }


def randomisation_p(differences: FloatArray) -> float:
    """Exact two-sided p of the mean pair difference over all 2^m sign patterns."""
    m = len(differences)
    observed = abs(float(np.mean(differences)))
    signs = np.array(list(itertools.product((1.0, -1.0), repeat=m)))
    means = np.abs(signs @ differences) / m
    return float(np.mean(means >= observed - 1e-12))


def analyse_experiment(
    design: ExperimentDesign,
    outcome: dict[date, float],
    followed: dict[date, bool],
    *,
    today: date,
    stopped: date | None = None,
) -> ExperimentResult:
    """The result from the outcome logged on each day (missing days absent) and the days the
    person said they followed (True) or did not follow (False) the instruction. Until the
    schedule ends it is an interim look; an experiment ``stopped`` before then is judged on its
    days up to the stop day, and that result is final."""
    early = stopped if stopped is not None and stopped < design.end else None
    seen = today if early is None else min(today, early)
    schedule = [plan for plan in design.schedule() if plan.day <= (early or design.end)]
    sums: dict[int, list[float]] = {}
    on_days = off_days = 0
    for plan in schedule:
        if plan.washout or plan.day not in outcome:
            continue
        sums.setdefault(plan.period, []).append(outcome[plan.day])
        on_days += plan.on
        off_days += not plan.on
    differences: list[float] = []
    notes = design_warnings(design)
    for pair in range(design.pairs):
        first, second = sums.get(2 * pair), sums.get(2 * pair + 1)
        if not first or not second:
            if design.start + timedelta(days=(2 * pair + 2) * design.period_days - 1) <= seen:
                notes.append(f"Pair {pair + 1} is left out: a period has no logged days.")
            continue
        on_mean, off_mean = (
            (np.mean(first), np.mean(second))
            if design.on_first[pair]
            else (np.mean(second), np.mean(first))
        )
        differences.append(float(on_mean - off_mean))
    logged_plans = [plan for plan in schedule if plan.day in followed]
    adherence = (
        sum(followed[plan.day] for plan in logged_plans) / len(logged_plans)
        if logged_plans
        else None
    )
    if adherence is not None and adherence < 0.8:
        notes.append(
            f"The schedule was followed on {adherence:.0%} of the days logged; the result "
            "compares what was planned, so poor adherence shrinks any difference."
        )
    m = len(differences)
    complete = early is None and today >= design.end
    if early is not None:
        notes.append(_stopped_note(design, m))
    elif not complete:
        notes.append(f"The experiment runs until {design.end}; this is an interim look.")
    if m < MIN_PAIRS:
        return ExperimentResult(
            factor=design.factor,
            outcome=design.outcome,
            pairs_used=m,
            pair_differences=differences,
            effect=None,
            ci=None,
            p=None,
            on_days=on_days,
            off_days=off_days,
            adherence=adherence,
            complete=complete,
            stopped=early,
            notes=notes,
            sentence=_too_few(design, m, early=early, complete=complete),
        )
    d = np.array(differences)
    effect = float(d.mean())
    spread = float(d.std(ddof=1))
    half = float(stats.t.ppf(0.975, m - 1)) * spread / np.sqrt(m)
    ci = (effect - half, effect + half)
    p = randomisation_p(d)
    return ExperimentResult(
        factor=design.factor,
        outcome=design.outcome,
        pairs_used=m,
        pair_differences=differences,
        effect=effect,
        ci=ci,
        p=p,
        on_days=on_days,
        off_days=off_days,
        adherence=adherence,
        complete=complete,
        stopped=early,
        notes=notes,
        sentence=_sentence(design, effect, ci, p, m, early=early),
    )


def _stopped_note(design: ExperimentDesign, m: int) -> str:
    """What stopping early means for the test, with the ``m`` pairs it left."""
    head = (
        f"It was stopped before its planned end on {design.end}, so this result is final, "
        f"from {m} of the {design.pairs} planned pairs: "
    )
    if m < MIN_PAIRS:
        return f"{head}too few for an estimate or a test."
    if smallest_p(m) > 0.05:
        return (
            f"{head}with {m} pairs the smallest possible p-value is {smallest_p(m):.3g}, so the "
            "test cannot show a clear effect (p < 0.05) however large the difference."
        )
    return f"{head}a shorter experiment gives a wider interval and a less sensitive test."


def _too_few(design: ExperimentDesign, m: int, *, early: date | None, complete: bool) -> str:
    counted = f"{m} complete pair{'s' if m != 1 else ''} with {design.outcome} logged"
    needed = f"at least {MIN_PAIRS} are needed for an estimate"
    if early is not None:
        return f"Stopped early on {early} with {counted}; {needed}, so there is no estimate."
    if complete:
        return f"The experiment ended with {counted}; {needed}, so there is no estimate."
    return f"Not enough data yet: {counted}; {needed}."


def _sentence(
    design: ExperimentDesign,
    effect: float,
    ci: tuple[float, float],
    p: float,
    m: int,
    *,
    early: date | None,
) -> str:
    direction = "higher" if effect >= 0 else "lower"
    interval = f"95% CI {signed(ci[0])} to {signed(ci[1])}"
    pairs = (
        f"In {m} randomised pairs"
        if early is None
        else f"Stopped early on {early}: in {m} of the {design.pairs} planned randomised pairs"
    )
    head = (
        f"{pairs}, your {design.outcome} was {points(effect)} points "
        f"{direction} in '{design.factor}' periods than without ({interval}; randomisation "
        f"test p = {p:.3g})."
    )
    if p <= 0.05:
        tail = (
            "The order was random, so drift and chance are unlikely to explain this; "
            "it is evidence about you, during these weeks."
        )
    else:
        tail = "This is within what chance alone produces, so the test found no clear effect."
    return f"{head} {tail}"
