"""The report's words and numbers as printed, shared by the HTML page and the PDF so the two
say exactly the same thing."""

from datetime import date

from fibrotrack.instruments import get
from fibrotrack.reports.body_figure import area_names
from fibrotrack.reports.model import (
    Activity,
    AssociationLine,
    BodyMap,
    Completeness,
    Criteria,
    DailyCharts,
    EffectLine,
    ExperimentLine,
    Findings,
    FlareSummary,
    FoodLine,
    Header,
    PracticeLine,
    RedFlagLine,
    Responder,
    ReviewLine,
    Safety,
    ScoreLine,
    SelfHarmAnswer,
    SleepLine,
    StatusSection,
    TreatmentLine,
)

MINUS = "−"
LAG_WORDS = {0: "same day", 1: "next day", 2: "2 days later", 3: "3 days later"}
TAG_LAG_WORDS = {0: "On days with", 1: "The day after", 2: "2 days after", 3: "3 days after"}
RESEARCH_CRITERIA_NOTE = (
    "The ACR 2016 criteria here are self-reported research criteria, not a diagnosis."
)
ASSOCIATION_CAVEAT = (
    "Associations are patterns in this person's own diary; they do not show that one thing "
    "causes another."
)


def clip(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters, with an ellipsis when cut."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def day_text(day: date) -> str:
    """27 Nov 2026"""
    return f"{day.day} {day:%b %Y}"


def short_day(day: date) -> str:
    """27 Nov"""
    return f"{day.day} {day:%b}"


def period_text(start: date, end: date) -> str:
    days = (end - start).days + 1
    return f"{day_text(start)} – {day_text(end)} ({days} days)"


def number(value: float, digits: int = 2) -> str:
    """42.17, 13, 0.5; a minus sign for negatives."""
    text = f"{round(value, digits):g}"
    return text.replace("-", MINUS)


def signed(value: float, digits: int = 2) -> str:
    text = f"{round(value, digits):+g}"
    return "0" if text in {"+0", "-0"} else text.replace("-", MINUS)


def percent(value: float, digits: int = 0) -> str:
    return f"{number(value, digits)}%"


def interval(ci: tuple[float, float], digits: int = 1) -> str:
    return f"95% CI {signed(ci[0], digits)} to {signed(ci[1], digits)}"


def score_value(line: ScoreLine) -> str:
    return "–" if line.latest is None else number(line.latest.value)


def baseline_value(line: ScoreLine) -> str:
    return "–" if line.baseline is None else number(line.baseline.value)


def change_text(line: ScoreLine) -> str:
    if line.change is None:
        return "–"
    share = "" if line.percent is None else f" ({signed(line.percent, 1)}%)"
    return f"{signed(line.change)}{share}"


def responder_text(result: Responder) -> str:
    """FM30 long: not a responder — pain 27% better (FIQR pain item (0–10); needs 30%),
    function 24% better (FIQR function (0–30); needs 10%) ✓ …; "cannot be determined" when
    the domains measured at both visits cannot settle it."""
    if result.responder is None:
        verdict = "cannot be determined"
    else:
        verdict = "responder" if result.responder else "not a responder"
    parts = []
    for domain in result.domains:
        if domain.met is None:
            parts.append(f"{domain.domain} not measured at both visits")
            continue
        if domain.improvement_percent is None:
            better = "0 at baseline, nothing to improve"
        elif domain.improvement_percent >= 0:
            better = f"{percent(domain.improvement_percent, 1)} better"
        else:
            better = f"{percent(-domain.improvement_percent, 1)} worse"
        mark = " ✓" if domain.met else ""
        needs = f"{domain.measure}; needs {percent(domain.threshold_percent)}"
        parts.append(f"{domain.domain} {better} ({needs}){mark}")
    return f"FM30 {result.version} (Arnold 2012): {verdict} — {', '.join(parts)}"


def flare_text(flares: FlareSummary) -> str:
    """2 flares in the period (13–21 Jan, 1–9 Feb), 18 days in all; the longest 9 days.

    With how many of the period's days the rule could judge, when not all: a day without a
    pain or fatigue rating, or without enough earlier ones, is not known to be flare-free."""
    if not flares.checked_days and not flares.count:
        return (
            "Flares could not be checked in the period: the rule needs a pain or fatigue "
            "rating and about a month of earlier ratings for each day."
        )
    checked = (
        ""
        if flares.checked_days >= flares.period_days
        else f" {flares.checked_days} of the period's {flares.period_days} days could be "
        "checked (the others had no pain or fatigue rating, or too few earlier ones)."
    )
    return _flares_found(flares) + checked


def _flares_found(flares: FlareSummary) -> str:
    if not flares.count:
        return "No flares in the period."
    dates = ", ".join(
        short_day(start) if start == end else f"{short_day(start)} – {short_day(end)}"
        for start, end in flares.episodes
    )
    days = "day" if flares.total_days == 1 else "days"
    if flares.count == 1:
        return f"1 flare in the period ({dates}), {flares.total_days} {days}."
    return (
        f"{flares.count} flares in the period ({dates}), {flares.total_days} {days} in all; "
        f"the longest {flares.longest_days} days."
    )


def criteria_text(criteria: Criteria) -> str:
    statement = get("acr2016").criteria_statement(criteria.met)
    return f"ACR 2016 on {day_text(criteria.day)}: {statement}."


def status_lines(status: StatusSection) -> list[str]:
    """The status at the latest visit, one line per rule."""
    lines = [responder_text(result) for result in status.fm30]
    if status.pain_improvement:
        lines.append(f"Pain fell by a {status.pain_improvement} amount since baseline (IMMPACT).")
    if status.low_impact is not None:
        lines.append(
            "Low impact: FIQR in the remission range 0–23 (Salaffi 2020)."
            if status.low_impact
            else "FIQR above the remission range 0–23 (Salaffi 2020)."
        )
    if status.remission is not None:
        verdict = "yes" if status.remission else "no"
        lines.append(f"Sustained remission (study-defined): {verdict}; {status.remission_reason}.")
    if status.in_flare:
        lines.append("The latest questionnaires were taken during a flare: expect worse scores.")
    return lines


def association_text(line: AssociationLine, outcome: str) -> str:
    """Days after gluten: pain +1.2 (95% CI +0.9 to +1.4), 78 of 290 days; likely."""
    strength = "likely" if line.likely else "possible"
    if line.exposed is not None:
        when = TAG_LAG_WORDS.get(line.lag, f"{line.lag} days after")
        return (
            f"{when} {line.factor}: {outcome} {signed(line.effect, 1)} "
            f"({interval(line.ci)}), {line.exposed} of {line.days} days; {strength}"
        )
    step = f"{line.step:,.0f}" if line.step >= 1 else f"{line.step:g}"
    unit = f" {line.unit}" if line.unit else ""
    when = LAG_WORDS.get(line.lag, f"{line.lag} days later")
    return (
        f"Per {step}{unit} more {line.factor}: {outcome} {when} "
        f"{signed(line.effect * line.step, 1)} "
        f"({interval((line.ci[0] * line.step, line.ci[1] * line.step))}), {line.days} days; "
        f"{strength}"
    )


def findings_summary(findings: Findings) -> str:
    if findings.first is None or findings.last is None:
        return ""
    if not findings.tests:
        return (
            f"From every logged day, {day_text(findings.first)} – {day_text(findings.last)}: "
            "no association could be tested yet."
        )
    plural = "" if findings.significant == 1 else "s"
    return (
        f"From every logged day, {day_text(findings.first)} – {day_text(findings.last)}. "
        f"{findings.significant} association{plural} survived false-discovery control "
        f"({percent(findings.fdr * 100)} false discovery rate over factors, weighted "
        f"Benjamini–Hochberg) across {findings.tests} tests "
        f"(factors × lags of 0–3 days); effects are in {findings.outcome} points (0–10) with "
        "95% confidence intervals."
    )


def effect_text(line: EffectLine, outcome: str) -> str:
    if line.change is None or line.ci is None:
        return f"{line.name} (from {day_text(line.start)}): not estimated. {line.sentence}"
    clear = line.ci[0] > 0 or line.ci[1] < 0
    verdict = "a change beyond the usual swings" if clear else "no clear change"
    return (
        f"{line.name} (from {day_text(line.start)}): {outcome} level {signed(line.change, 1)} "
        f"({interval(line.ci)}), {verdict}; {line.before_days} days before, "
        f"{line.after_days} after"
    )


def experiment_text(line: ExperimentLine) -> str:
    return line.sentence


def safety_clear_text(safety: Safety) -> str:
    if not safety.phq9_forms:
        where = "answered item 9" if safety.item9_unanswered else ""
        checked = f"No PHQ-9 in the period {where}".rstrip() + ", so item 9 could not be checked"
    else:
        forms = "PHQ-9" if safety.phq9_forms == 1 else f"{safety.phq9_forms} PHQ-9 forms"
        checked = f"No PHQ-9 item 9 answer above 0 ({forms} in the period)"
    unanswered = f"; {item9_unanswered_text(safety)}" if safety.item9_unanswered else ""
    return f"Safety: {checked}{unanswered}; no red-flag symptom marked."


def item9_unanswered_text(safety: Safety) -> str:
    """Item 9 was not answered on 20 Nov 2026: self-harm was not asked about that day."""
    days = ", ".join(day_text(day) for day in safety.item9_unanswered)
    return f"PHQ-9 item 9 was not answered on {days}: not checked that day"


def person_text(header: Header) -> str:
    if header.person_name:
        return header.person_name
    return "Name not shown" if header.name_hidden else ""


def self_harm_text(answer: SelfHarmAnswer) -> str:
    total = "" if answer.total is None else f" (PHQ-9 total {number(answer.total)})"
    shown = "; crisis resources were shown" if answer.resources_shown else ""
    return (
        f"{day_text(answer.day)}: PHQ-9 item 9 answered {answer.answer} "
        f"“{answer.answer_label}”{total}{shown}."
    )


URGENCY_WORDS = {
    "emergency": "advised emergency care",
    "today": "advised to see a doctor the same day",
    "soon": "advised to see a doctor within days",
}


def red_flag_text(line: RedFlagLine) -> str:
    """A red flag the person marked, the advice fibrotrack gave, and their note."""
    note = f" — “{clip(line.note, 120)}”" if line.note else ""
    advice = URGENCY_WORDS.get(line.urgency, line.urgency)
    return f"{day_text(line.day)}: {line.label}; {advice}{note}."


def practice_text(line: PracticeLine) -> str:
    until = f" to {day_text(line.until)}" if line.until else ""
    if line.adherence is None:
        done = "no complete week in the period yet"
    else:
        done = (
            f"{line.done_sessions} of {line.planned_sessions} planned sessions "
            f"({percent(line.adherence * 100)})"
        )
    return (
        f"{line.name}, {line.schedule}, from {day_text(line.since)}{until}: {done}. "
        f"Evidence: {line.evidence[:1].lower()}{line.evidence[1:]}."
    )


DECISION_WORDS = {
    "waiting": "no target yet: waiting for enough days to set a baseline",
    "start": "first target set from the baseline",
    "raise": "target raised this week",
    "hold_flare": "target held: a flare",
    "hold_boom_bust": "target held: a boom-bust pattern",
    "hold_missing_data": "target held: too few days logged last week",
    "hold_not_reached": "target held: last week's target not reached yet",
    "step_back": "target stepped back after a flare",
}


def activity_text(activity: Activity) -> str:
    """Active minutes, +10% a week from a baseline of 10 min: target now 44 min/day (target
    held: …). Last week 38 min/day on 7 logged days."""
    unit = activity.unit
    parts = [f"{activity.measure}, +{number(activity.weekly_step_percent, 0)}% a week"]
    if activity.baseline is not None:
        parts[0] += f" from a baseline of {number(activity.baseline, 0)} {unit}"
    if activity.target is not None:
        parts.append(f"target now {number(activity.target, 0)} {unit}/day")
    decision = DECISION_WORDS.get(activity.decision, activity.decision.replace("_", " "))
    text = f"{': '.join(parts)} ({decision})."
    logged = [week for week in activity.weeks if week.mean is not None]
    complete = [week for week in logged if week.complete]
    if logged:
        last = (complete or logged)[-1]  # the last whole week, else the one going on
        assert last.mean is not None
        so_far = "" if last.complete else " so far"
        days = f"{last.days_logged} logged day{'s' if last.days_logged != 1 else ''}"
        text += (
            f" Week of {short_day(last.start)}{so_far}: {number(last.mean, 0)} {unit}/day on "
            f"{days} (target {number(last.target, 0)})."
        )
    return text


def sleep_text(sleep: SleepLine) -> str:
    quality = "" if sleep.quality is None else f", quality {number(sleep.quality, 1)}/10"
    return (
        f"{sleep.nights} nights in the sleep diary: total sleep "
        f"{hours(sleep.total_sleep_minutes)}, "
        f"efficiency {percent(sleep.efficiency_percent)}, falling asleep "
        f"{number(sleep.latency_minutes, 0)} min, awake after sleep onset "
        f"{number(sleep.waso_minutes, 0)} min{quality} (means)."
    )


def hours(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60} h {whole % 60:02d} min"


def food_text(line: FoodLine) -> str:
    if line.difference is None or line.low is None or line.high is None:
        return f"{line.food}: {line.verdict}"
    """gluten: likely worsens symptoms (mood −5.1, higher is better; 97.5% interval −6.2 to
    −4.0): the interval at the confidence the verdict used (97.5% each of two outcomes)."""
    direction = ", higher is better" if line.higher_is_better else ""
    return (
        f"{line.food}: {line.verdict} ({line.outcome.replace('_', ' ')} "
        f"{signed(line.difference, 1)}{direction}; {percent(line.confidence * 100, 1)} "
        f"interval {signed(line.low, 1)} to {signed(line.high, 1)})"
    )


def treatment_text(line: TreatmentLine) -> str:
    dose = f" {line.dose}" if line.dose else ""
    until = f" to {day_text(line.end)}" if line.end else ""
    return f"{line.name}{dose} ({line.kind}), from {day_text(line.start)}{until}"


def review_heading(line: ReviewLine) -> str:
    return f"Their weekly review, week of {day_text(line.week_start)}"


def review_lines(line: ReviewLine) -> list[str]:
    return [f"{question} {answer}" for question, answer in line.answers]


def completeness_text(completeness: Completeness) -> str:
    share = percent(completeness.share * 100)
    return (
        f"{completeness.days_logged} of {completeness.days_in_period} days logged ({share}). "
        "Days not logged are missing, never counted as zero."
    )


def body_map_lines(body: BodyMap) -> list[str]:
    """The painful areas grouped by how many of the period's forms marked them."""
    by_count: dict[int, set[str]] = {}
    for area, count in body.counts.items():
        if count:
            by_count.setdefault(count, set()).add(area)
    lines = []
    for count in sorted(by_count, reverse=True):
        forms = "every form" if count == body.forms else f"{count} of {body.forms} forms"
        lines.append(f"{forms[:1].upper()}{forms[1:]}: {', '.join(area_names(by_count[count]))}")
    return lines


def daily_chart_text(charts: DailyCharts) -> str:
    """The daily chart in words, for readers who cannot see it."""
    parts = []
    for series in charts.series:
        means = [value for value in series.means if value is not None]
        if means:
            parts.append(
                f"{series.label.lower()} logged on {series.days_logged} days, 7-day mean from "
                f"{number(means[0], 1)} at the start to {number(means[-1], 1)} at the end"
            )
        else:
            parts.append(f"{series.label.lower()} logged on {series.days_logged} days")
    flares = f"; {len(charts.flares)} flares shaded" if charts.flares else ""
    marks = f"; {len(charts.markers)} starts or stops marked" if charts.markers else ""
    return f"Daily ratings: {'; '.join(parts)}{flares}{marks}."


def activity_chart_text(activity: Activity) -> str:
    weeks = [
        f"week of {short_day(week.start)}: "
        + ("not logged" if week.mean is None else f"{number(week.mean, 0)}")
        + f" (target {number(week.target, 0)})"
        for week in activity.weeks
    ]
    return f"{activity.measure} per day, each week against its target: {'; '.join(weeks)}."


def body_map_text(body: BodyMap) -> str:
    lines = body_map_lines(body)
    return "Body map of painful areas. " + ("; ".join(lines) + "." if lines else "")
