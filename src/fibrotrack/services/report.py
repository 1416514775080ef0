"""The clinician report: a person's data for a period, gathered into ``fibrotrack.reports``'
model, ready to render as HTML or PDF.

Scores, status, safety, charts, the body map and completeness are the period's (the status
compares the latest visit up to the end of the period with the baseline visit). The program is
the period's; findings use every logged day (see docs/reports.md).
"""

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.orm import Session

from fibrotrack import __version__
from fibrotrack.diary import (
    CORE_VARIABLES,
    DayEntry,
    InvalidEntry,
    check_day,
    check_not_too_early,
    parse_day,
)
from fibrotrack.instruments import InstrumentKind, get
from fibrotrack.instruments.phq9 import SELF_HARM_ITEM
from fibrotrack.reports.model import (
    METHODS,
    BodyMap,
    Completeness,
    Criteria,
    DailyCharts,
    DailySeries,
    DomainResult,
    FlareSummary,
    Header,
    Marker,
    Measurement,
    Period,
    RedFlagLine,
    Report,
    Responder,
    Safety,
    ScoreLine,
    Scores,
    SelfHarmAnswer,
    StatusSection,
)
from fibrotrack.reports.series import flares_in, on_period, seven_day_means
from fibrotrack.reports.wording import day_text
from fibrotrack.services.assessments import StoredResponse, crisis_resources_shown, list_responses
from fibrotrack.services.effect_estimates import Started, started_things
from fibrotrack.services.insights import flare_checked_days, person_flares
from fibrotrack.services.red_flags import marked_red_flags
from fibrotrack.services.report_findings import findings_of
from fibrotrack.services.report_program import program_of
from fibrotrack.status import (
    MEASURE_LABELS,
    Assessment,
    ResponderResult,
    Status,
    StatusPoint,
    StatusRules,
    evaluate_status,
    mean_daily_pain,
)
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.models import Person

DEFAULT_PERIOD_DAYS = 90
CHART_VARIABLES = ("pain", "fatigue", "sleep_quality")
QUESTIONNAIRES = ("fiqr", "acr2016", "phq9", "gad7")
ACR_FORMS = ("acr2016", "acr2011", "acr2010")
_CORE = {variable.key: variable for variable in CORE_VARIABLES}


def report_period(start: date | None, end: date | None, *, today: date) -> Period:
    """The period asked for: by default the 90 days up to today; never past today."""
    end = check_day(end or today, today, "to")
    start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    return Period(check_not_too_early(start, "from"), end)


def period_of_text(start: str | None, end: str | None, *, today: date) -> Period:
    """The period asked for as YYYY-MM-DD texts (either may be left out)."""
    return report_period(_day(start, "from"), _day(end, "to"), today=today)


def _day(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return parse_day(text)
    except InvalidEntry as invalid:
        raise InvalidEntry(field, invalid.message) from None


def build_report(
    session: Session, *, person: Person, period: Period, today: date, with_name: bool = True
) -> Report:
    """The report of ``person`` for ``period``; each section says what is missing. (The
    insight engine's entry points run with one BLAS thread: ``services.insights``.)"""
    entries = day_entries(session, person_id=person.id)
    upto_end = [entry for entry in entries if entry.day <= period.end]
    responses = list_responses(session, person=person, end=period.end)
    flares = [view for view in person_flares(session, person=person) if view.confirmed is not False]
    flare_summary = flares_in(
        period,
        [(view.start, view.end) for view in flares],
        flare_checked_days(session, person=person),
    )
    status = evaluate_status(
        [
            Assessment(response.instrument, response.day, response.score, response.answers)
            for response in responses
            if get(response.instrument).kind is InstrumentKind.QUESTIONNAIRE
        ],
        upto_end,
        flares=flares,
    )
    started = [item for item in started_things(session, person=person) if item.start <= period.end]
    return Report(
        header=Header(
            person_name=person.name if with_name else None,
            period=period,
            generated_on=today,
            version=__version__,
            name_hidden=not with_name,
        ),
        safety=_safety(session, person, period, responses),
        scores=_scores(status, responses, upto_end, period),
        status=_status(status, flare_summary, period),
        charts=_charts(period, upto_end, flare_summary.episodes, started),
        body_map=_body_map(period, responses),
        program=program_of(session, person=person, period=period, entries=upto_end),
        findings=findings_of(session, person=person, entries=entries, started=started, today=today),
        completeness=_completeness(period, upto_end, responses),
        methods=METHODS,
    )


def _valid(responses: Sequence[StoredResponse], instrument: str) -> list[StoredResponse]:
    return [r for r in responses if r.instrument == instrument and r.score.valid]


def _band_label(instrument: str, band: str | None) -> str | None:
    return None if band is None else get(instrument).band(band).label


def _baseline_response(
    status: Status, responses: Sequence[StoredResponse], instrument: str
) -> StoredResponse | None:
    point = next((p for p in status.points if p.role == "baseline"), None)
    if point is None or instrument not in point.instruments:
        return None
    found = [r for r in _valid(responses, instrument) if point.first_day <= r.day <= point.day]
    return found[-1] if found else None


def _line(
    label: str,
    maximum: float,
    latest: Measurement | None,
    baseline: Measurement | None,
    *,
    band: str | None = None,
    domain: bool = False,
) -> ScoreLine:
    change = percent = None
    if latest is not None and baseline is not None and latest.day > baseline.day:
        difference = latest.value - baseline.value
        change = round(difference, 2)
        percent = None if baseline.value == 0 else round(difference / baseline.value * 100, 1)
    return ScoreLine(label, maximum, latest, band, baseline, change, percent, domain)


def _scores(
    status: Status,
    responses: Sequence[StoredResponse],
    entries: Sequence[DayEntry],
    period: Period,
) -> Scores:
    lines: list[ScoreLine] = []
    notes: list[str] = []
    criteria: Criteria | None = None
    missing, incomplete = [], []
    for instrument_id in QUESTIONNAIRES:
        instrument = get(instrument_id)
        taken = _valid(responses, instrument_id)
        if not taken:
            started = any(r.instrument == instrument_id for r in responses)
            (incomplete if started else missing).append(instrument.short_name)
            continue
        latest = taken[-1]
        baseline = _baseline_response(status, responses, instrument_id)
        total_label = "FS (WPI + SSS)" if instrument_id == "acr2016" else "total"
        lines.append(
            _line(
                f"{instrument.short_name} {total_label}",
                instrument.total_maximum,
                _measurement(latest.score.total, latest.day),
                None if baseline is None else _measurement(baseline.score.total, baseline.day),
                band=_band_label(instrument_id, latest.score.band),
            )
        )
        for subscore in instrument.subscores:
            if subscore.id == "regions":
                continue
            lines.append(
                _line(
                    subscore.label,
                    subscore.maximum,
                    _measurement(latest.score.subscores.get(subscore.id), latest.day),
                    None
                    if baseline is None
                    else _measurement(baseline.score.subscores.get(subscore.id), baseline.day),
                    domain=True,
                )
            )
        if instrument_id == "acr2016":
            criteria = Criteria(latest.day, bool(latest.score.criteria_met))
    lines.append(_daily_pain_line(status, entries, period))
    if missing:
        notes.append(f"Not taken up to {day_text(period.end)}: {', '.join(missing)}.")
    if incomplete:
        notes.append(
            f"Taken only incomplete up to {day_text(period.end)}, so not scored: "
            f"{', '.join(incomplete)}."
        )
    if status.baseline_day is None:
        notes.append("No baseline visit yet: change needs a first and a later visit.")
    return Scores(tuple(lines), status.baseline_day, criteria, tuple(notes))


def _measurement(value: float | None, day: date) -> Measurement | None:
    return None if value is None else Measurement(value, day)


def _daily_pain_line(status: Status, entries: Sequence[DayEntry], period: Period) -> ScoreLine:
    latest = mean_daily_pain(entries, period.end, StatusRules())
    baseline_point = next((p for p in status.points if p.role == "baseline"), None)
    baseline = None
    if baseline_point is not None and "daily_pain_7d" in baseline_point.measures:
        baseline = Measurement(baseline_point.measures["daily_pain_7d"], baseline_point.day)
    return _line(
        "Mean daily pain, 7 days",
        10,
        _measurement(None if latest is None else round(latest, 2), period.end),
        baseline,
    )


def _responder(result: ResponderResult) -> Responder:
    return Responder(
        version=result.version,
        responder=result.responder,
        domains=tuple(
            DomainResult(
                d.domain,
                d.improvement_percent,
                d.threshold_percent,
                d.met,
                None if d.measure is None else MEASURE_LABELS[d.measure],
            )
            for d in result.domains
        ),
    )


def _status(status: Status, summary: FlareSummary, period: Period) -> StatusSection:
    point: StatusPoint | None = status.current
    if point is None:
        return StatusSection(
            None, (), None, None, None, None, None, summary, notes=status.notes[:1]
        )
    notes = []
    if point.role == "baseline":
        notes.append(
            f"The latest visit ({day_text(point.day)}) is the baseline: response and change "
            "need a later visit."
        )
    if point.day < period.start:
        notes.append(f"The latest visit ({day_text(point.day)}) is before this period.")
    return StatusSection(
        visit_day=point.day,
        fm30=tuple(_responder(r) for r in (point.fm30_short, point.fm30_long) if r is not None),
        pain_improvement=point.pain_improvement,
        low_impact=point.low_impact,
        remission=point.remission.met,
        remission_reason=point.remission.reason,
        in_flare=point.in_flare,
        flares=summary,
        notes=tuple(notes),
    )


def _charts(
    period: Period,
    entries: Sequence[DayEntry],
    flares: Sequence[tuple[date, date]],
    started: Sequence[Started],
) -> DailyCharts:
    series = []
    for key in CHART_VARIABLES:
        by_day = {entry.day: entry.values[key] for entry in entries if key in entry.values}
        variable = _CORE[key]
        series.append(
            DailySeries(
                key=key,
                label=variable.label,
                maximum=variable.maximum or 10,
                higher_is_worse=bool(variable.higher_is_worse),
                values=on_period(period, by_day),
                means=seven_day_means(period, by_day),
            )
        )
    markers = [Marker(item.start, item.intervention.name) for item in started]
    markers += [
        Marker(item.end, f"{item.intervention.name} stopped")
        for item in started
        if item.end is not None
    ]
    return DailyCharts(
        period=period,
        series=tuple(series),
        flares=tuple(flares),
        markers=tuple(
            sorted((m for m in markers if period.covers(m.day)), key=lambda m: (m.day, m.label))
        ),
    )


def _body_map(period: Period, responses: Sequence[StoredResponse]) -> BodyMap:
    forms = [
        response
        for response in responses
        if response.instrument in ACR_FORMS and isinstance(response.answers.get("areas"), tuple)
    ]
    in_period = [response for response in forms if period.covers(response.day)]
    counts: Counter[str] = Counter()
    for response in in_period:
        areas = response.answers["areas"]
        assert isinstance(areas, tuple)
        counts.update(set(areas))
    notes = []
    if not in_period:
        before = [response.day for response in forms if response.day < period.start]
        notes.append(
            "No ACR form with painful areas in this period"
            + (f"; the last one was on {day_text(before[-1])}." if before else ".")
        )
    return BodyMap(
        forms=len(in_period),
        counts=dict(counts),
        first=in_period[0].day if in_period else None,
        last=in_period[-1].day if in_period else None,
        notes=tuple(notes),
    )


def _safety(
    session: Session, person: Person, period: Period, responses: Sequence[StoredResponse]
) -> Safety:
    phq9 = [r for r in responses if r.instrument == "phq9" and period.covers(r.day)]
    answered = [r for r in phq9 if isinstance(r.answers.get(SELF_HARM_ITEM), int)]
    shown = {
        record.response_id
        for record in crisis_resources_shown(session, person=person)
        if record.response_id is not None
    }
    item = get("phq9").item(SELF_HARM_ITEM)
    answers = []
    for response in answered:
        answer = response.answers.get(SELF_HARM_ITEM)
        if isinstance(answer, int) and answer > 0:
            answers.append(
                SelfHarmAnswer(
                    day=response.day,
                    answer=answer,
                    answer_label=item.option(answer).label,
                    total=response.score.total,
                    resources_shown=response.id in shown,
                )
            )
    flags = [
        RedFlagLine(report.day, flag.label, flag.urgency.value, report.note)
        for flag, report in marked_red_flags(session, person=person)
        if period.covers(report.day)
    ]
    return Safety(
        phq9_forms=len(answered),
        self_harm=tuple(answers),
        item9_unanswered=tuple(r.day for r in phq9 if r not in answered),
        red_flags=tuple(sorted(flags, key=lambda line: line.day)),
    )


def _completeness(
    period: Period, entries: Sequence[DayEntry], responses: Sequence[StoredResponse]
) -> Completeness:
    logged = [e for e in entries if period.covers(e.day) and (e.values or e.tags)]
    taken = Counter(r.instrument for r in responses if period.covers(r.day))
    return Completeness(
        days_logged=len(logged),
        days_in_period=period.days,
        ratings=tuple(
            (_CORE[key].label, sum(key in entry.values for entry in logged))
            for key in CHART_VARIABLES
        ),
        questionnaires=tuple(
            (get(instrument).short_name, taken[instrument]) for instrument in QUESTIONNAIRES
        ),
    )
