"""The status engine: a person's questionnaires and daily ratings turned into a timeline of
visits, each with its status and the reasons for it.

A visit is the questionnaires taken within ``rules.visit_days`` of the first of them, dated by
the last (product decision). The baseline is the first visit with a FIQR, or the first visit
with a FIQR on or after a date the person chooses; the first visit (on or after that date) when
none has a FIQR. Every label says which rule produced it, and every visit says which labels it
could not determine (docs/status.md).
"""

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from fibrotrack.diary import DayEntry
from fibrotrack.instruments import get
from fibrotrack.status.change import Change, change_since, pain_importance
from fibrotrack.status.inputs import Assessment, FlarePeriod
from fibrotrack.status.measures import (
    CHANGE_MEASURES,
    MEASURE_LABELS,
    mean_daily_pain,
    visit_measures,
)
from fibrotrack.status.remission import RemissionResult, sustained_remission
from fibrotrack.status.responder import ResponderResult, fm30
from fibrotrack.status.rules import StatusRules

LABELS = {
    "before_baseline": "before the baseline",
    "baseline": "baseline",
    "pain_moderately_improved": "pain ≥30% lower than at baseline: moderately important (IMMPACT)",
    "pain_substantially_improved": "pain ≥50% lower than at baseline: substantial (IMMPACT)",
    "fm30_short_responder": "FM30 responder, short version (Arnold 2012)",
    "fm30_long_responder": "FM30 responder, long version (Arnold 2012)",
    "criteria_met": get("acr2016").criteria_statement(True),
    "criteria_not_met": get("acr2016").criteria_statement(False),
    "criteria_no_longer_met": "no longer meets the 2016 research criteria it met at baseline "
    "(self-report; not a diagnosis)",
    "low_impact": "low impact: FIQR in the remission range, 0–23 (Salaffi 2020)",
    "sustained_remission": "sustained remission (study-defined)",
    "flare": "questionnaires taken during a flare",
}
# The labels that compare a visit with the baseline: undetermined at the baseline and before it.
COMPARISON_LABELS = (
    "pain_moderately_improved",
    "pain_substantially_improved",
    "fm30_short_responder",
    "fm30_long_responder",
    "criteria_no_longer_met",
)
FLARES_NOT_AVAILABLE = (
    "Flare detection is not available yet, so no flare episodes are shown and no visit is "
    "marked as taken during a flare."
)


@dataclass(frozen=True)
class FlareEpisode:
    start: date
    end: date


@dataclass(frozen=True)
class StatusPoint:
    """The status at one visit."""

    day: date
    first_day: date
    instruments: tuple[str, ...]
    measures: dict[str, float]
    bands: dict[str, str]
    role: str  # "before_baseline", "baseline" or "follow_up"
    changes: tuple[Change, ...]
    pain_improvement: str | None
    fm30_short: ResponderResult | None
    fm30_long: ResponderResult | None
    criteria_2016_met: bool | None
    low_impact: bool | None
    remission: RemissionResult
    in_flare: bool | None
    labels: tuple[str, ...]
    reasons: tuple[str, ...]
    # Labels this visit could not determine, because a measure they need is missing at this
    # visit or at the baseline: "not measured", never "does not hold".
    undetermined: tuple[str, ...]


@dataclass(frozen=True)
class Status:
    """A person's status over time: one point per visit, oldest first."""

    baseline_day: date | None
    chosen_baseline: date | None
    points: tuple[StatusPoint, ...]
    flares: tuple[FlareEpisode, ...] | None
    notes: tuple[str, ...]

    @property
    def current(self) -> StatusPoint | None:
        return self.points[-1] if self.points else None

    def as_dict(self) -> dict[str, Any]:
        """The status as JSON-ready data (dates as YYYY-MM-DD)."""
        data = _jsonable(dataclasses.asdict(self))
        data["current"] = data["points"][-1] if self.points else None
        data["flare_detection"] = self.flares is not None
        data["labels"] = dict(LABELS)
        return dict(data)


@dataclass
class _Visit:
    first_day: date
    day: date
    assessments: dict[str, Assessment]


def evaluate_status(
    assessments: Sequence[Assessment],
    days: Sequence[DayEntry],
    *,
    baseline_day: date | None = None,
    flares: Sequence[FlarePeriod] | None = None,
    rules: StatusRules | None = None,
) -> Status:
    """The status timeline of one person.

    ``assessments`` are their stored questionnaires (incomplete ones are ignored), ``days`` their
    diary (for mean daily pain), ``baseline_day`` a baseline date they chose, and ``flares`` the
    flare periods found in their diary, or None when flare detection is not available.
    """
    rules = rules or StatusRules()
    visits = _visits([a for a in assessments if a.score.valid], rules)
    notes: list[str] = []
    if flares is None:
        notes.append(FLARES_NOT_AVAILABLE)
    if not visits:
        notes.insert(0, "No questionnaires yet: take a FIQR and an ACR 2016 form to start.")
        return Status(None, baseline_day, (), _episodes(flares), tuple(notes))

    measures = [
        visit_measures(visit.assessments, mean_daily_pain(days, visit.day, rules))
        for visit in visits
    ]
    baseline_index = _baseline_index(visits, baseline_day)
    if baseline_index is None:
        notes.insert(0, f"No visit on or after the chosen baseline {baseline_day}.")
    else:
        notes.insert(0, _baseline_note(visits[baseline_index], baseline_day))
    fiqr_totals = _totals(assessments, "fiqr")
    criteria = [
        (a.day, bool(a.score.criteria_met))
        for a in assessments
        if a.instrument == "acr2016" and a.score.valid
    ]
    points = tuple(
        _point(
            visit,
            measures[index],
            baseline=None if baseline_index is None else visits[baseline_index],
            baseline_measures=None if baseline_index is None else measures[baseline_index],
            role=_role(index, baseline_index),
            fiqr_totals=fiqr_totals,
            criteria=criteria,
            flares=flares,
            rules=rules,
        )
        for index, visit in enumerate(visits)
    )
    return Status(
        baseline_day=None if baseline_index is None else visits[baseline_index].day,
        chosen_baseline=baseline_day,
        points=points,
        flares=_episodes(flares),
        notes=tuple(notes),
    )


def _visits(assessments: Sequence[Assessment], rules: StatusRules) -> list[_Visit]:
    visits: list[_Visit] = []
    for assessment in sorted(assessments, key=lambda a: a.day):
        last = visits[-1] if visits else None
        if last is not None and (assessment.day - last.first_day).days < rules.visit_days:
            last.assessments[assessment.instrument] = assessment
            last.day = assessment.day
        else:
            visits.append(
                _Visit(assessment.day, assessment.day, {assessment.instrument: assessment})
            )
    return visits


def _baseline_index(visits: Sequence[_Visit], baseline_day: date | None) -> int | None:
    """The first visit with a FIQR, on or after ``baseline_day`` when the person chose one;
    when none of those has a FIQR, the first of them."""
    eligible = [
        index
        for index, visit in enumerate(visits)
        if baseline_day is None or visit.day >= baseline_day
    ]
    with_fiqr = (index for index in eligible if "fiqr" in visits[index].assessments)
    return next(with_fiqr, eligible[0] if eligible else None)


def _baseline_note(baseline: _Visit, baseline_day: date | None) -> str:
    chosen = "" if baseline_day is None else f" on or after your chosen date {baseline_day}"
    if "fiqr" in baseline.assessments:
        return f"Baseline: the first visit with a FIQR{chosen} ({baseline.day})."
    return f"Baseline: the first visit{chosen} ({baseline.day}): none has a FIQR yet."


def _role(index: int, baseline_index: int | None) -> str:
    if baseline_index is None or index < baseline_index:
        return "before_baseline"
    return "baseline" if index == baseline_index else "follow_up"


def _totals(assessments: Sequence[Assessment], instrument: str) -> list[tuple[date, float]]:
    return [
        (a.day, a.score.total)
        for a in assessments
        if a.instrument == instrument and a.score.valid and a.score.total is not None
    ]


def _episodes(flares: Sequence[FlarePeriod] | None) -> tuple[FlareEpisode, ...] | None:
    if flares is None:
        return None
    ordered = sorted((flare.start, flare.end) for flare in flares)
    return tuple(FlareEpisode(start, end) for start, end in ordered)


def _point(
    visit: _Visit,
    measures: Mapping[str, float],
    *,
    baseline: _Visit | None,
    baseline_measures: Mapping[str, float] | None,
    role: str,
    fiqr_totals: Sequence[tuple[date, float]],
    criteria: Sequence[tuple[date, bool]],
    flares: Sequence[FlarePeriod] | None,
    rules: StatusRules,
) -> StatusPoint:
    labels: list[str] = [role] if role != "follow_up" else []
    undetermined: set[str] = set()
    reasons: list[str] = []
    changes: tuple[Change, ...] = ()
    pain_words = None
    short = long = None
    if role == "baseline":
        reasons.append(f"Baseline visit ({visit.day}): later visits are compared with it.")
    if role != "follow_up" or baseline_measures is None:
        undetermined.update(COMPARISON_LABELS)
    else:
        changes = tuple(
            change_since(measure, MEASURE_LABELS[measure], baseline_measures[measure], value)
            for measure in CHANGE_MEASURES
            if measure in baseline_measures and (value := measures.get(measure)) is not None
        )
        pain = _pain_at_both(baseline_measures, measures)
        if pain is None:
            undetermined.update(("pain_moderately_improved", "pain_substantially_improved"))
        else:
            pain_words = pain_importance(*pain, rules)
        if pain_words is not None:
            labels.append(
                "pain_substantially_improved"
                if pain_words == "substantial"
                else "pain_moderately_improved"
            )
            reasons.append(f"Pain fell by a {pain_words} amount since baseline (IMMPACT).")
        short, long = fm30(baseline_measures, measures, rules)
        for result in (short, long):
            if result.responder:
                labels.append(f"fm30_{result.version}_responder")
            elif result.responder is None:
                undetermined.add(f"fm30_{result.version}_responder")
            reasons.append(
                f"FM30 {result.version} (Arnold 2012): {result.verdict}; {result.reason}."
            )

    criteria_met = _criteria_at(visit)
    baseline_met = _criteria_at(baseline) if baseline is not None else None
    if criteria_met is None or baseline_met is None:
        undetermined.add("criteria_no_longer_met")
    if criteria_met is None:
        undetermined.update(("criteria_met", "criteria_not_met"))
    else:
        labels.append("criteria_met" if criteria_met else "criteria_not_met")
        reasons.append(f"ACR 2016: {get('acr2016').criteria_statement(criteria_met)}.")
        if role == "follow_up" and baseline_met and not criteria_met:
            labels.append("criteria_no_longer_met")

    low_impact = None
    fiqr_response = visit.assessments.get("fiqr")
    if fiqr_response is None:
        undetermined.add("low_impact")
    else:
        low_impact = fiqr_response.score.band == "remission"
        if low_impact:
            labels.append("low_impact")
            reasons.append(
                f"FIQR {fiqr_response.score.total:g} is in the remission range (0–23, "
                "Salaffi 2020): low impact."
            )

    remission = sustained_remission(fiqr_totals, criteria, visit.day, rules)
    if remission.met:
        labels.append("sustained_remission")
    reasons.append(
        f"Sustained remission (study-defined): {'yes' if remission.met else 'no'}, "
        f"{remission.reason}."
    )

    in_flare = None
    if flares is None:
        undetermined.add("flare")
    else:
        overlapping = [f for f in flares if f.start <= visit.day and f.end >= visit.first_day]
        in_flare = bool(overlapping)
        if overlapping:
            labels.append("flare")
            flare = overlapping[0]
            reasons.append(
                f"Taken during a flare ({flare.start} to {flare.end}): scores are expected to be "
                "worse, and the improvement after a flare is expected anyway."
            )

    return StatusPoint(
        day=visit.day,
        first_day=visit.first_day,
        instruments=tuple(sorted(visit.assessments)),
        measures={key: round(value, 2) for key, value in measures.items()},
        bands={
            instrument: assessment.score.band
            for instrument, assessment in sorted(visit.assessments.items())
            if assessment.score.band is not None
        },
        role=role,
        changes=changes,
        pain_improvement=pain_words,
        fm30_short=short,
        fm30_long=long,
        criteria_2016_met=criteria_met,
        low_impact=low_impact,
        remission=remission,
        in_flare=in_flare,
        labels=tuple(labels),
        reasons=tuple(reasons),
        undetermined=tuple(label for label in LABELS if label in undetermined),
    )


def _pain_at_both(
    baseline: Mapping[str, float], follow_up: Mapping[str, float]
) -> tuple[float, float] | None:
    """Pain at baseline and at the visit, by the first pain measure taken at both."""
    for measure in ("daily_pain_7d", "fiqr_pain"):
        if measure in baseline and measure in follow_up:
            return baseline[measure], follow_up[measure]
    return None


def _criteria_at(visit: _Visit) -> bool | None:
    response = visit.assessments.get("acr2016")
    return None if response is None else response.score.criteria_met


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
