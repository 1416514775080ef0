"""The status changes of a story, from the status engine's visits (docs/status.md): the
baseline visit, the first visit with pain at least 30% lower (IMMPACT, Dworkin 2008), the first
FM30 response (Arnold 2012), the first FIQR in the mild band and in the remission range
(Salaffi 2020) after a worse one, no longer meeting the 2016 research criteria, sustained
remission (study-defined), and the longest stretch between flares within the days the flare
rule could check: a day without a pain or fatigue rating, or without about a month of earlier
ones, is not known to be flare-free."""

from collections.abc import Callable, Sequence
from datetime import date

from fibrotrack.instruments import get
from fibrotrack.status import Status, StatusPoint
from fibrotrack.stories.model import EventKind, StoryEvent

MILD_OR_BETTER = ("remission", "mild")
FLARES_NOT_CHECKED = (
    "Flares could not be checked, so no flare-free stretch is shown: the rule needs a pain or "
    "fatigue rating and about a month of earlier ratings for each day."
)


def _fiqr(point: StatusPoint) -> str:
    total = point.measures.get("fiqr_total")
    band = point.bands.get("fiqr")
    if total is None:
        return ""
    label = f" ({get('fiqr').band(band).label.lower()})" if band else ""
    return f"FIQR {total:g}{label}"


def _first(
    points: Sequence[StatusPoint], test: Callable[[StatusPoint], bool]
) -> StatusPoint | None:
    return next((point for point in points if test(point)), None)


def status_events(
    status: Status, flares: Sequence[tuple[date, date]], flare_checked: Sequence[date]
) -> tuple[list[StoryEvent], tuple[str, ...]]:
    """The status changes, and notes on what could not be told; ``flare_checked`` are the days
    the flare rule could judge."""
    events: list[StoryEvent] = []
    points = status.points
    flare_free, flare_notes = _flare_free(flares, flare_checked)
    baseline = _first(points, lambda p: p.role == "baseline")
    if baseline is None:
        return flare_free, (
            "No questionnaires yet, so no status changes: take a FIQR and an ACR 2016 form to "
            "start (docs/status.md).",
            *flare_notes,
        )
    events.append(
        StoryEvent(
            baseline.day,
            EventKind.STATUS,
            "Baseline visit",
            f"{_fiqr(baseline) or 'the first questionnaires'}: later visits are compared with it.",
        )
    )
    follow_ups = [point for point in points if point.role == "follow_up"]
    pain = _first(follow_ups, lambda p: p.pain_improvement is not None)
    if pain is not None:
        substantial = pain.pain_improvement == "substantial"
        events.append(
            StoryEvent(
                pain.day,
                EventKind.STATUS,
                f"Pain at least {'50' if substantial else '30'}% lower than at baseline for the "
                "first time",
                f"A {'substantial' if substantial else 'moderately important'} change "
                "(IMMPACT, Dworkin 2008).",
            )
        )
    responder = _first(
        follow_ups,
        lambda p: (
            bool(p.fm30_short and p.fm30_short.responder)
            or bool(p.fm30_long and p.fm30_long.responder)
        ),
    )
    if responder is not None:
        versions = [
            result.version
            for result in (responder.fm30_short, responder.fm30_long)
            if result is not None and result.responder
        ]
        events.append(
            StoryEvent(
                responder.day,
                EventKind.STATUS,
                f"First FM30 response ({' and '.join(versions)} version"
                f"{'s' if len(versions) > 1 else ''})",
                "Pain at least 30% lower, function at least 10% better and other symptoms at "
                "least 30% better than at baseline (Arnold 2012).",
            )
        )
    events += _band_events(points)
    criteria = _first(follow_ups, lambda p: "criteria_no_longer_met" in p.labels)
    if criteria is not None:
        events.append(
            StoryEvent(
                criteria.day,
                EventKind.STATUS,
                "No longer meets the 2016 research criteria it met at baseline",
                "Self-report; research criteria, not a diagnosis.",
            )
        )
    remission = _first(points, lambda p: p.remission.met)
    if remission is not None:
        events.append(
            StoryEvent(
                remission.day,
                EventKind.STATUS,
                "Sustained remission (study-defined) for the first time",
                remission.remission.reason,
            )
        )
    return events + flare_free, flare_notes


def _band_events(points: Sequence[StatusPoint]) -> list[StoryEvent]:
    """The first FIQR in the mild band and the first in the remission range, each only after a
    worse FIQR: a person whose first FIQR was already there has not moved into it."""
    with_fiqr = [point for point in points if "fiqr" in point.bands]
    events = []
    mild = next(
        (i for i, point in enumerate(with_fiqr) if point.bands["fiqr"] in MILD_OR_BETTER), None
    )
    if mild and with_fiqr[mild].bands["fiqr"] == "mild":
        events.append(_band_event(with_fiqr[mild], "First FIQR in the mild band"))
    remission = next(
        (i for i, point in enumerate(with_fiqr) if point.bands["fiqr"] == "remission"), None
    )
    if remission:
        events.append(
            _band_event(with_fiqr[remission], "First FIQR in the remission range (low impact)")
        )
    return events


def _band_event(point: StatusPoint, title: str) -> StoryEvent:
    return StoryEvent(
        point.day, EventKind.STATUS, title, f"{_fiqr(point)}; bands from Salaffi 2020."
    )


def _flare_free(
    flares: Sequence[tuple[date, date]], checked: Sequence[date]
) -> tuple[list[StoryEvent], tuple[str, ...]]:
    """The longest run of days between flares (or before the first, after the last), from its
    first to its last day the flare rule could check, with how many of its days it checked.
    Without a checked day there is no stretch: a day the rule could not judge is not known to
    be flare-free."""
    if not checked:
        return [], (FLARES_NOT_CHECKED,)
    runs = _checked_runs_between_flares(flares, sorted(set(checked)))
    if not runs:
        return [], ()
    run = max(runs, key=lambda days: ((days[-1] - days[0]).days, days[0]))
    start, end = run[0], run[-1]
    length = (end - start).days + 1
    how_many = (
        f"all {length} checked"
        if len(run) == length
        else f"{len(run)} of them checked (the others had no pain or fatigue rating, or too few "
        "earlier ones)"
    )
    what = "no flare was found on any day that could be checked" if not flares else "between flares"
    return [
        StoryEvent(
            start,
            EventKind.STATUS,
            f"Longest stretch without a flare: {length} days",
            f"{how_many}; {what} (flares as found in pain and fatigue, minus those you denied, "
            "plus those you logged).",
            until=end,
        )
    ], ()


def _checked_runs_between_flares(
    flares: Sequence[tuple[date, date]], checked: Sequence[date]
) -> list[list[date]]:
    """The checked days outside every flare, split wherever a flare comes between two."""
    runs: list[list[date]] = []
    for day in checked:
        if any(start <= day <= end for start, end in flares):
            continue
        if runs and not any(runs[-1][-1] < start < day for start, _ in flares):
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs
