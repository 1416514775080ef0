"""The status in words: what holds now (each with the date since when it has held), the dated
changes from visit to visit, what each term means, and what is missing for the rest.

Pure: reads the status engine's ``Status`` (``timeline``) and says nothing it does not hold.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fibrotrack.instruments import get
from fibrotrack.status.timeline import Status, StatusPoint

# What each term means, for a patient. Keys are the ``term`` of lines and events.
TERMS: dict[str, tuple[str, str]] = {
    "baseline": (
        "Baseline",
        "Your first visit (a FIQR and the other questionnaires taken within a week), or the "
        "first one on or after a date you choose. Every later visit is compared with it.",
    ),
    "fm30": (
        "FM30 responder",
        "A yardstick from fibromyalgia trials (Arnold 2012): at least 30% less pain, at least "
        "10% better daily function, and at least 30% better in other symptoms than at "
        "baseline. The short version needs sleep or fatigue; the long version two of sleep, "
        "fatigue, depression, anxiety and memory.",
    ),
    "pain_change": (
        "Pain lower than at baseline",
        "Your mean pain over the 7 days before a visit (or the FIQR pain item) compared with "
        "baseline. 30% lower is a moderately important change, 50% lower a substantial one "
        "(IMMPACT, Dworkin 2008).",
    ),
    "fiqr_band": (
        "FIQR bands",
        "The FIQR total (0–100) says how much fibromyalgia affects your week. Bands (Salaffi "
        "2020): 0–23 remission range, >23–40 mild, >40–63 moderate, >63–82 severe, >82 very "
        "severe.",
    ),
    "criteria": (
        "2016 research criteria",
        "The ACR 2016 fibromyalgia criteria, filled in by yourself: widespread pain and "
        "symptom severity above set levels. They are research criteria, not a diagnosis; "
        "no longer meeting them is a sign of improvement, not a verdict.",
    ),
    "low_impact": (
        "Low impact",
        "A FIQR in the remission range (0–23): fibromyalgia affected that week little.",
    ),
    "remission": (
        "Sustained remission (study-defined)",
        "There is no agreed definition. fibrotrack's: a FIQR of 23 or less on every FIQR in "
        "the last 12 weeks, at least two of them at least 4 weeks apart, and the 2016 research "
        "criteria not met on the latest ACR 2016 form.",
    ),
    "flare": (
        "Flare",
        "A run of at least 3 days with pain and fatigue well above your own usual level "
        "(the 90 days before). There is no agreed definition; you can confirm or deny each.",
    ),
}

# Labels followed from visit to visit: (term, what holds now, when gained, when lost). A visit
# that could not determine a label (``StatusPoint.undetermined``) carries its last state.
TRACKED: dict[str, tuple[str, str, str, str]] = {
    "fm30_short_responder": (
        "fm30",
        "FM30 responder (short version)",
        "Became an FM30 responder (short version).",
        "No longer an FM30 responder (short version).",
    ),
    "fm30_long_responder": (
        "fm30",
        "FM30 responder (long version)",
        "Became an FM30 responder (long version).",
        "No longer an FM30 responder (long version).",
    ),
    "pain_substantially_improved": (
        "pain_change",
        "Pain at least 50% lower than at baseline",
        "Pain at least 50% lower than at baseline.",
        "Pain no longer at least 50% lower than at baseline.",
    ),
    "pain_moderately_improved": (
        "pain_change",
        "Pain at least 30% lower than at baseline",
        "Pain at least 30% lower than at baseline.",
        "Pain no longer at least 30% lower than at baseline.",
    ),
    "criteria_no_longer_met": (
        "criteria",
        "No longer meets the 2016 research criteria it met at baseline",
        "No longer meets the 2016 research criteria it met at baseline (self-report).",
        "Meets the 2016 research criteria again (self-report).",
    ),
    "low_impact": (
        "low_impact",
        "Low impact (FIQR 0–23)",
        "Low impact: FIQR in the remission range (0–23).",
        "FIQR above the remission range again.",
    ),
    "sustained_remission": (
        "remission",
        "Sustained remission (study-defined)",
        "Sustained remission (study-defined) reached.",
        "No longer in sustained remission (study-defined).",
    ),
}

# Nested thresholds: the stronger label (key) implies the weaker one (value). Pain 50% lower is
# also 30% lower (IMMPACT), so going from one to the other is one change, not a gain and a loss.
IMPLIES = {"pain_substantially_improved": "pain_moderately_improved"}


@dataclass(frozen=True)
class StatusLine:
    """One statement about the status now, with the term it uses (a key of ``TERMS``)."""

    text: str
    term: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class StatusEvent:
    """A dated change between visits."""

    day: date
    text: str
    term: str | None = None


def day_words(day: date) -> str:
    """12 March 2026"""
    return f"{day.day} {day:%B %Y}"


def holds(point: StatusPoint, label: str) -> bool | None:
    """Whether ``label`` holds at the visit, counting a stronger label that implies it; None
    when the visit could not determine it (a measure missing there or at baseline)."""
    if label in point.undetermined:
        return None
    stronger = [key for key, implied in IMPLIES.items() if implied == label]
    return any(held in point.labels for held in (label, *stronger))


def _last_determined(points: Sequence[StatusPoint], label: str) -> StatusPoint | None:
    return next((point for point in reversed(points) if holds(point, label) is not None), None)


def since(points: Sequence[StatusPoint], label: str) -> date | None:
    """The first visit of the latest run of visits at which ``label`` held, when it still held
    at the last visit that determined it; None otherwise. A visit that could not determine it
    neither breaks the run nor starts it."""
    first = None
    for point in reversed(points):
        held = holds(point, label)
        if held is False:
            break
        if held:
            first = point.day
    return first


def _latest(points: Sequence[StatusPoint], instrument: str) -> StatusPoint | None:
    return next((point for point in reversed(points) if instrument in point.instruments), None)


def _fiqr_line(points: Sequence[StatusPoint]) -> StatusLine | None:
    point = _latest(points, "fiqr")
    if point is None or "fiqr" not in point.bands or "fiqr_total" not in point.measures:
        return None
    band = get("fiqr").band(point.bands["fiqr"])
    total = point.measures["fiqr_total"]
    name = band.label.lower()
    where = f"in the {name}" if name.endswith("range") else f"in the {name} band"
    return StatusLine(
        f"FIQR {total:g} on {day_words(point.day)}: {where} ({band.range_text}).", "fiqr_band"
    )


def _criteria_line(points: Sequence[StatusPoint]) -> StatusLine | None:
    point = next((p for p in reversed(points) if p.criteria_2016_met is not None), None)
    if point is None:
        return None
    met = "met" if point.criteria_2016_met else "not met"
    return StatusLine(
        f"2016 research criteria {met} on the last ACR 2016 form ({day_words(point.day)}); "
        "self-report, not a diagnosis.",
        "criteria",
    )


def _since_line(points: Sequence[StatusPoint], label: str) -> list[StatusLine]:
    first = since(points, label)
    measured = _last_determined(points, label)
    if first is None or measured is None:
        return []
    term, now, _, _ = TRACKED[label]
    carried = measured is not points[-1] and measured.day != first
    last = f" (last measured {day_words(measured.day)})" if carried else ""
    return [StatusLine(f"{now} since {day_words(first)}{last}.", term)]


def _fm30_lines(points: Sequence[StatusPoint]) -> list[StatusLine]:
    lines = []
    for label in ("fm30_short_responder", "fm30_long_responder"):
        lines += _since_line(points, label)
    if lines or points[-1].role != "follow_up":
        return lines
    measured = _last_determined(points, "fm30_short_responder")
    point = measured if measured is not None and measured.role == "follow_up" else points[-1]
    short = point.fm30_short
    if short is None:
        return lines
    verdict = "cannot be told yet" if short.responder is None else "not reached"
    when = (
        f"at the last visit ({day_words(point.day)})"
        if point is points[-1]
        else f"on {day_words(point.day)}, the last visit that measured it"
    )
    return [
        StatusLine(f"FM30 response {verdict} {when}.", "fm30", f"Short version: {short.reason}.")
    ]


def current_lines(status: Status) -> list[StatusLine]:
    """What holds at the latest visit, most telling first."""
    points = status.points
    if not points:
        return []
    current = points[-1]
    lines = []
    if current.role == "before_baseline":
        lines.append(
            StatusLine(f"No visit on or after your chosen baseline {status.chosen_baseline}.")
        )
    elif current.role == "baseline":
        lines.append(
            StatusLine(
                f"Baseline on {day_words(current.day)}: your next questionnaires will be "
                "compared with it.",
                "baseline",
            )
        )
    else:
        lines += _fm30_lines(points)
        lines += _since_line(points, "pain_substantially_improved") or _since_line(
            points, "pain_moderately_improved"
        )
    for line in (_fiqr_line(points), _criteria_line(points)):
        if line is not None:
            lines.append(line)
    lines += _since_line(points, "criteria_no_longer_met")
    remission = current.remission
    lines.append(
        StatusLine(
            "Sustained remission (study-defined): "
            + ("yes" if remission.met else "not yet")
            + f"; {remission.reason}.",
            "remission",
        )
    )
    return lines


def _band_change(before: StatusPoint, after: StatusPoint) -> StatusEvent | None:
    old, new = before.bands.get("fiqr"), after.bands.get("fiqr")
    if old is None or new is None or old == new:
        return None
    fiqr = get("fiqr")
    total = after.measures.get("fiqr_total")
    return StatusEvent(
        after.day,
        f"FIQR moved from the {fiqr.band(old).label.lower()} to the "
        f"{fiqr.band(new).label.lower()} band"
        + (f" (FIQR {total:g})." if total is not None else "."),
        "fiqr_band",
    )


def timeline_events(status: Status) -> list[StatusEvent]:
    """Every change from one visit to the next, oldest first: the baseline, each tracked
    status gained or lost, and FIQR band changes. A visit that could not determine a status
    (its measure missing) changes nothing; of nested statuses only the change that happened is
    said (30% → 50% lower pain is a gain of 50%, not a loss of 30%)."""
    events = []
    last_state: dict[str, bool] = {}
    last_fiqr: StatusPoint | None = None
    for point in status.points:
        if point.role == "baseline":
            total = point.measures.get("fiqr_total")
            what = f" (FIQR {total:g})" if total is not None else ""
            events.append(StatusEvent(point.day, f"Baseline visit{what}.", "baseline"))
        state = {label: held for label in TRACKED if (held := holds(point, label)) is not None}
        gained = {label for label, held in state.items() if held and not last_state.get(label)}
        lost = {label for label, held in state.items() if not held and last_state.get(label)}
        for label, (term, _, gained_text, lost_text) in TRACKED.items():
            if label in gained and not any(IMPLIES.get(other) == label for other in gained):
                events.append(StatusEvent(point.day, gained_text, term))
            elif label in lost and IMPLIES.get(label) not in lost:
                events.append(StatusEvent(point.day, lost_text, term))
        last_state |= state
        if "flare" in point.labels:
            events.append(StatusEvent(point.day, "Questionnaires taken during a flare.", "flare"))
        if "fiqr" in point.bands:
            if last_fiqr is not None:
                change = _band_change(last_fiqr, point)
                if change is not None:
                    events.append(change)
            last_fiqr = point
    return events


def missing_steps(status: Status) -> list[tuple[str, str]]:
    """What the person could fill in for a fuller status: (instrument id, why)."""
    points = status.points
    steps = []
    if not any("fiqr" in point.instruments for point in points):
        steps.append(("fiqr", "fill in the FIQR to get a baseline"))
    elif not any(point.role == "follow_up" and "fiqr" in point.instruments for point in points):
        steps.append(
            ("fiqr", "fill in the FIQR again (about 4 weeks after the baseline) to see a change")
        )
    if not any("acr2016" in point.instruments for point in points):
        steps.append(("acr2016", "fill in the ACR 2016 form to see the 2016 research criteria"))
    return steps
