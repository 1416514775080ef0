"""The status changes of a story, from the status engine's visits (docs/status.md): the
baseline visit, the first visit with pain at least 30% lower (IMMPACT, Dworkin 2008), the first
FM30 response (Arnold 2012), the first FIQR in the mild band and in the remission range
(Salaffi 2020) after a worse one, no longer meeting the 2016 research criteria, sustained
remission (study-defined), and the longest stretch between flares within the logged days."""

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from fibrotrack.instruments import get
from fibrotrack.status import Status, StatusPoint
from fibrotrack.stories.model import EventKind, StoryEvent

MILD_OR_BETTER = ("remission", "mild")


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
    status: Status, flares: Sequence[tuple[date, date]], logged: Sequence[date]
) -> tuple[list[StoryEvent], tuple[str, ...]]:
    events: list[StoryEvent] = []
    points = status.points
    baseline = _first(points, lambda p: p.role == "baseline")
    if baseline is None:
        return _flare_free(flares, logged), (
            "No questionnaires yet, so no status changes: take a FIQR and an ACR 2016 form to "
            "start (docs/status.md).",
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
    events += _flare_free(flares, logged)
    return events, ()


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


def _flare_free(flares: Sequence[tuple[date, date]], logged: Sequence[date]) -> list[StoryEvent]:
    """The longest run of days between flares (or before the first, after the last) within
    the logged span, with how many of its days were logged."""
    if not logged:
        return []
    first, last = logged[0], logged[-1]
    starts = [first]
    ends = []
    for start, end in sorted(flares):
        ends.append(start - timedelta(days=1))
        starts.append(end + timedelta(days=1))
    ends.append(last)
    stretches = [
        (start, end) for start, end in zip(starts, ends, strict=True) if start <= end <= last
    ]
    if not stretches:
        return []
    start, end = max(stretches, key=lambda stretch: ((stretch[1] - stretch[0]).days, stretch[0]))
    length = (end - start).days + 1
    logged_in = sum(1 for day in logged if start <= day <= end)
    what = "no flare was found in the whole diary" if not flares else "between flares"
    return [
        StoryEvent(
            start,
            EventKind.STATUS,
            f"Longest stretch without a flare: {length} days",
            f"{logged_in} of them logged; {what} (flares as found in pain and fatigue, minus "
            "those you denied).",
            until=end,
        )
    ]
