"""Trends: each daily variable over a chosen period, with its 7-day mean, as an SVG chart and
the table of the same numbers; on the person's own page also the flares shaded, plan changes
and interventions marked, and questionnaire totals over their severity bands."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from sqlalchemy.orm import Session

from fibrotrack.analysis.flares import DEFAULT_SYMPTOMS, SENSITIVE, detect_flares
from fibrotrack.charts import (
    DailyPoints,
    DayMark,
    DayMarkers,
    DaySpan,
    JoinedPoints,
    Layer,
    MeanLine,
    MeanWindow,
    Scale,
    ShadedSpans,
    ValueBand,
    ValueBands,
    rolling_mean,
    time_chart,
)
from fibrotrack.diary import CORE_VARIABLES, InvalidEntry, VariableDefinition
from fibrotrack.instruments import Instrument, get
from fibrotrack.program import Schedule, catalogue
from fibrotrack.services.assessments import list_responses
from fibrotrack.services.insights import FlareView, flare_views
from fibrotrack.services.plan import plan_history
from fibrotrack.storage.diary import daily_values
from fibrotrack.storage.insights import interventions_of
from fibrotrack.storage.models import Person

MEAN_WINDOW = MeanWindow(days=7, min_days=4)
MAX_PERIOD_DAYS = 5 * 366
FLARE_LEAD_DAYS = SENSITIVE.baseline_days + 30
"""Days read before the period so the flare rule has its baseline (90 days) and its moving
average has settled by the first day shown."""
TRENDED_INSTRUMENTS = ("fiqr", "phq9", "gad7")


@dataclass(frozen=True)
class TrendRow:
    """A row of a chart's table: the day's value and 7-day mean, and as the table shows
    them (worked out here: a 5-year table has thousands of rows)."""

    day: date
    value: float | None
    mean: float | None
    marks: str = ""
    """"flare" on a day in a flare, and the plan changes of the day, in words."""

    @property
    def value_text(self) -> str:
        return "not logged" if self.value is None else f"{self.value:g}"

    @property
    def mean_text(self) -> str:
        return "–" if self.mean is None else f"{self.mean:.1f}"


@dataclass(frozen=True)
class PlanChange:
    """A practice started, changed or stopped in the plan, or another intervention started
    or stopped, on ``day``; ``kind`` is started, changed or stopped."""

    day: date
    kind: str
    text: str


@dataclass(frozen=True)
class Overlays:
    """What is drawn over every daily chart of the period: flares and plan changes."""

    flares: list[FlareView] = field(default_factory=list)
    changes: list[PlanChange] = field(default_factory=list)

    @cached_property
    def marks(self) -> dict[date, str]:
        """What a day's row of a table says: "flare" on the days of a flare (not one the
        person said was none), then the day's changes."""
        by_day: dict[date, list[str]] = defaultdict(list)
        for flare in self.flares:
            if flare.confirmed is not False:
                for offset in range((flare.end - flare.start).days + 1):
                    by_day[flare.start + timedelta(days=offset)].append("flare")
        for change in self.changes:
            by_day[change.day].append(change.text)
        return {day: "; ".join(marks) for day, marks in by_day.items()}

    def layers(self) -> list[Layer]:
        spans = [
            DaySpan(flare.start, flare.end, _flare_text(flare), _flare_kind(flare))
            for flare in self.flares
        ]
        marks = [DayMark(change.day, change.text, change.kind) for change in self.changes]
        return [ShadedSpans(spans, css_class="flares"), DayMarkers(marks)]


@dataclass(frozen=True)
class ScoreRow:
    day: date
    total: float
    band: str | None


@dataclass(frozen=True)
class QuestionnaireTrend:
    instrument: Instrument
    svg: str
    rows: list[ScoreRow]
    summary: str


@dataclass(frozen=True)
class TrendsView:
    """The trends page: daily charts, questionnaire charts and what is drawn over them."""

    trends: list["Trend"]
    questionnaires: list[QuestionnaireTrend]
    overlays: Overlays


@dataclass(frozen=True)
class Trend:
    variable: VariableDefinition
    svg: str
    rows: list[TrendRow]
    logged_days: int
    period_days: int
    summary: str


def check_period(start: date, end: date) -> None:
    if start > end:
        raise InvalidEntry("from", f"{start} is after the end date {end}")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidEntry("from", f"choose a period of at most {MAX_PERIOD_DAYS} days")


def _value_ticks(variable: VariableDefinition, highest: float) -> tuple[float, list[float]]:
    if variable.minimum == 0 and variable.maximum == 10:
        return 10.0, [0, 2, 4, 6, 8, 10]
    top = max(highest, 1.0)
    magnitude = 10 ** math.floor(math.log10(top))
    step = next(s * magnitude for s in (0.2, 0.5, 1, 2, 5, 10) if top / (s * magnitude) <= 5)
    high = step * math.ceil(top / step)
    return high, [step * i for i in range(round(high / step) + 1)]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _summary(variable: VariableDefinition, logged: int, days: int, means: list[float]) -> str:
    text = f"{variable.label}: logged on {logged} of {days} days."
    if means:
        text += f" 7-day mean {_fmt(means[0])} at the start, {_fmt(means[-1])} at the end."
    return text


def _flare_kind(flare: FlareView) -> str:
    return {True: "confirmed", False: "denied", None: "detected"}[flare.confirmed]


def _flare_text(flare: FlareView) -> str:
    days = (flare.end - flare.start).days + 1
    text = f"Flare {flare.start:%-d %b %Y} to {flare.end:%-d %b %Y} ({days} days"
    if flare.peak is not None and flare.peak_day is not None:
        text += f", peak {_fmt(flare.peak)} on {flare.peak_day:%-d %b}"
    status = {True: "confirmed by you", False: "you said it was not a flare", None: "detected"}
    return text + f"; {status[flare.confirmed]})"


def _daily_trends(
    logged: dict[str, dict[date, float]], start: date, end: date, overlays: Overlays | None
) -> list[Trend]:
    days = (end - start).days + 1
    found = []
    for variable in CORE_VARIABLES:
        values = logged.get(variable.key, {})
        in_period = {d: v for d, v in values.items() if start <= d <= end}
        if not in_period:
            continue
        means = rolling_mean(values, start, end, MEAN_WINDOW)
        high, ticks = _value_ticks(variable, max(in_period.values()))
        ordered_means = [means[d] for d in sorted(means)]
        summary = _summary(variable, len(in_period), days, ordered_means)
        over: list[Layer] = overlays.layers() if overlays else []
        svg = time_chart(
            chart_id=f"chart-{variable.key}",
            title=f"{variable.label}, {start:%-d %b %Y} to {end:%-d %b %Y}",
            description=summary,
            scale=Scale(start=start, end=end, low=variable.minimum or 0.0, high=high),
            value_ticks=ticks,
            layers=[*over, DailyPoints(in_period), MeanLine(means)],
        )
        marks = overlays.marks if overlays else {}
        rows = [
            TrendRow(day, in_period.get(day), means.get(day), marks.get(day, ""))
            for day in sorted(set(in_period) | set(means), reverse=True)
        ]
        found.append(Trend(variable, svg, rows, len(in_period), days, summary))
    return found


def _core_values(
    session: Session, *, person: Person, start: date, end: date
) -> dict[str, dict[date, float]]:
    """The core variables' values shown on each day in [start, end] (the check-in wins)."""
    return daily_values(
        session,
        person_id=person.id,
        keys=[variable.key for variable in CORE_VARIABLES],
        start=start,
        end=end,
    )


def trends(session: Session, *, person: Person, start: date, end: date) -> list[Trend]:
    """One trend per core variable logged in [start, end]; variables never logged there are
    left out. Missing days stay gaps: no dot, no mean unless 4 of the 7 days were logged."""
    check_period(start, end)
    logged = _core_values(session, person=person, start=start - timedelta(days=6), end=end)
    return _daily_trends(logged, start, end, None)


def trends_view(session: Session, *, person: Person, start: date, end: date) -> TrendsView:
    """The person's trends in [start, end] with flares shaded, plan changes and interventions
    marked, and their FIQR, PHQ-9 and GAD-7 totals over the instruments' bands. One read of
    the core variables from ``FLARE_LEAD_DAYS`` before the period serves the flare rule and
    the charts."""
    check_period(start, end)
    logged = _core_values(
        session, person=person, start=start - timedelta(days=FLARE_LEAD_DAYS), end=end
    )
    overlays = Overlays(
        flares=period_flares(session, person=person, logged=logged, start=start, end=end),
        changes=plan_changes(session, person=person, start=start, end=end),
    )
    return TrendsView(
        trends=_daily_trends(logged, start, end, overlays),
        questionnaires=questionnaire_trends(
            session, person=person, start=start, end=end, overlays=overlays
        ),
        overlays=overlays,
    )


def period_flares(
    session: Session,
    *,
    person: Person,
    logged: dict[str, dict[date, float]],
    start: date,
    end: date,
) -> list[FlareView]:
    """Flares overlapping [start, end]: found by the flare rule in the symptoms ``logged``
    (from ``FLARE_LEAD_DAYS`` before the period), and those the person logged, with their
    word."""
    symptoms = {key: logged[key] for key in DEFAULT_SYMPTOMS if logged.get(key)}
    days = sorted({day for values in symptoms.values() for day in values})
    episodes = (
        detect_flares(
            days,
            {key: [values.get(day) for day in days] for key, values in symptoms.items()},
            rule=SENSITIVE,
        )
        if days
        else []
    )
    views = flare_views(session, person=person, episodes=episodes)
    return [view for view in views if view.start <= end and view.end >= start]


def plan_changes(session: Session, *, person: Person, start: date, end: date) -> list[PlanChange]:
    """Practices started, changed and stopped in [start, end], and the person's other
    interventions (medicines, diets, supplements) started or stopped then, by day."""
    practices = catalogue()
    changes = []
    items = plan_history(session, person=person)
    for item in items:
        name = practices.practice(item.practice_id).name
        schedule = Schedule(days_per_week=item.days_per_week, minutes=item.minutes).describe()
        if item.replaces_id is None:
            changes.append(PlanChange(item.start_day, "started", f"Started {name} ({schedule})"))
        else:
            changes.append(PlanChange(item.start_day, "changed", f"Changed {name} to {schedule}"))
        if item.stop_day is not None and item.end_reason != "changed":
            changes.append(PlanChange(item.stop_day, "stopped", f"Stopped {name} (last day)"))
    in_plan = {item.intervention_id for item in items}
    for intervention in interventions_of(session, person_id=person.id):
        if intervention.id in in_plan:
            continue
        dose = f" ({intervention.dose})" if intervention.dose else ""
        what = f"{intervention.kind} {intervention.name}{dose}"
        changes.append(PlanChange(intervention.start_day, "started", f"Started {what}"))
        if intervention.end_day is not None:
            changes.append(
                PlanChange(intervention.end_day, "stopped", f"Stopped {what} (last day)")
            )
    return sorted(
        (change for change in changes if start <= change.day <= end),
        key=lambda change: (change.day, change.text),
    )


def _bands(instrument: Instrument) -> list[ValueBand]:
    bands = []
    low = instrument.total_minimum
    for level, band in enumerate(instrument.bands, start=1):
        high = instrument.total_maximum if band.maximum is None else float(band.maximum)
        bands.append(ValueBand(low, high, f"{band.label} ({band.range_text})", level))
        low = high
    return bands


def questionnaire_trends(
    session: Session,
    *,
    person: Person,
    start: date,
    end: date,
    overlays: Overlays | None = None,
) -> list[QuestionnaireTrend]:
    """The FIQR, PHQ-9 and GAD-7 totals taken in [start, end], each over its bands."""
    responses = list_responses(session, person=person, start=start, end=end)
    found = []
    for instrument_id in TRENDED_INSTRUMENTS:
        instrument = get(instrument_id)
        scored = [
            r
            for r in responses
            if r.instrument == instrument_id and r.score.valid and r.score.total is not None
        ]
        if not scored:
            continue
        labels = {band.id: f"{band.label} ({band.range_text})" for band in instrument.bands}
        rows = [
            ScoreRow(r.day, r.score.total, labels.get(r.score.band or ""))
            for r in reversed(scored)
            if r.score.total is not None
        ]
        latest = rows[0]
        summary = (
            f"{instrument.short_name}: {len(rows)} "
            f"{'response' if len(rows) == 1 else 'responses'} in the period; the latest, on "
            f"{latest.day:%-d %b %Y}, totals {_fmt(latest.total)}"
            + (f", {latest.band}." if latest.band else ".")
        )
        low, high = instrument.total_minimum, instrument.total_maximum
        over: list[Layer] = overlays.layers() if overlays else []
        svg = time_chart(
            chart_id=f"chart-{instrument.id}",
            title=f"{instrument.short_name} total, {start:%-d %b %Y} to {end:%-d %b %Y}",
            description=summary,
            scale=Scale(start=start, end=end, low=low, high=high),
            value_ticks=[low, *(b.high for b in _bands(instrument))],
            layers=[
                ValueBands(_bands(instrument)),
                *over,
                JoinedPoints({row.day: row.total for row in rows}),
            ],
        )
        found.append(QuestionnaireTrend(instrument, svg, rows, summary))
    return found
