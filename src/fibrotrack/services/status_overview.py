"""Everything the Status page and ``/api/v1/status`` show for one person: the status engine's
timeline with the person's flares, in words (``fibrotrack.status.summary``), a flare going on
now, and a recent boom day (overdoing it)."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.insights import FlareView, boom_bust, kept_flares
from fibrotrack.services.status import status_of
from fibrotrack.status import Status
from fibrotrack.status.summary import (
    StatusEvent,
    StatusLine,
    current_lines,
    day_words,
    missing_steps,
    timeline_events,
)
from fibrotrack.storage.models import Person

# A flare whose last elevated day is this close to today is going on (or only just ended).
FLARE_NOW_DAYS = 2
# A boom day this recent may still be followed by a symptom rise (1–3 days later).
RECENT_BOOM_DAYS = 3


@dataclass(frozen=True)
class Overdoing:
    """The latest boom day, if recent, and how often rises followed boom days so far."""

    activity: str
    boom_day: date | None
    busts: int
    judged: int
    rate: float
    chance_rate: float | None


@dataclass(frozen=True)
class StatusOverview:
    status: Status
    current: tuple[StatusLine, ...]
    events: tuple[StatusEvent, ...]
    missing: tuple[tuple[str, str], ...]
    flare_now: FlareView | None
    flares: tuple[FlareView, ...]
    overdoing: Overdoing | None


def _flare_event(flare: FlareView) -> StatusEvent:
    said = {True: "you confirmed it", None: "not reviewed by you"}[flare.confirmed]
    how = f"found in your pain and fatigue, {said}" if flare.detected else "logged by you"
    days = (flare.end - flare.start).days + 1
    return StatusEvent(
        flare.start,
        f"Flare of {days} days, {day_words(flare.start)} to {day_words(flare.end)} ({how}).",
        "flare",
    )


def _overdoing(session: Session, person: Person, today: date) -> Overdoing | None:
    try:
        found = boom_bust(session, person=person)
    except InvalidEntry:
        return None
    result = found.result
    recent = [day for day in result.boom_days if day >= today - timedelta(days=RECENT_BOOM_DAYS)]
    return Overdoing(
        activity=found.activity,
        boom_day=recent[-1] if recent else None,
        busts=len(result.busts),
        judged=result.judged,
        rate=result.rate,
        chance_rate=result.chance_rate,
    )


def status_overview(session: Session, *, person: Person, today: date) -> StatusOverview:
    """The person's status now, its dated changes (newest first) and what is missing."""
    kept = kept_flares(session, person=person)
    status = status_of(session, person=person, flares=kept)
    events = timeline_events(status) + [_flare_event(flare) for flare in kept]
    events.sort(key=lambda event: event.day, reverse=True)
    now = [flare for flare in kept if flare.end >= today - timedelta(days=FLARE_NOW_DAYS)]
    return StatusOverview(
        status=status,
        current=tuple(current_lines(status)),
        events=tuple(events),
        missing=tuple(missing_steps(status)),
        flare_now=now[-1] if now else None,
        flares=tuple(kept),
        overdoing=_overdoing(session, person, today),
    )
