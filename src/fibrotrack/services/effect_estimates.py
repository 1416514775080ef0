"""Before/after estimates of what a person started, for the clinician report.

Each estimate is the insight engine's (``fibrotrack.services.insights.intervention_effect``,
the level model calibrated on placebo starts). It takes seconds per intervention, so each one is
stored with a SHA-256 digest of everything it depends on: the fibrotrack version and the
model's rules, the outcome, every logged day's pain and fatigue (the outcome and the flare
rule's inputs), the interventions and the person's flare reviews. A stored estimate is used
only while the digest still matches; any change to those inputs computes it again.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from fibrotrack import __version__
from fibrotrack.analysis.flares import DEFAULT_SYMPTOMS
from fibrotrack.analysis.interventions import EffectRules
from fibrotrack.diary import DayEntry, InvalidEntry
from fibrotrack.reports.model import EffectLine
from fibrotrack.reports.wording import day_text
from fibrotrack.services.insights import intervention_effect
from fibrotrack.storage.insights import flare_confirmations, interventions_of
from fibrotrack.storage.models import Intervention, Person
from fibrotrack.storage.reports import effect_estimates_of, store_effect_estimate


@dataclass(frozen=True)
class Started:
    """Something the person started, as one line however many times its schedule changed:
    the first of its interventions, its first day and its last (None while it goes on)."""

    intervention: Intervention
    start: date
    end: date | None


def started_things(session: Session, *, person: Person) -> list[Started]:
    """The person's interventions grouped by name, oldest first."""
    groups: dict[str, list[Intervention]] = {}
    for row in interventions_of(session, person_id=person.id):
        groups.setdefault(row.name.casefold(), []).append(row)
    started = []
    for rows in groups.values():
        ends = [row.end_day for row in rows]
        started.append(
            Started(
                intervention=rows[0],
                start=rows[0].start_day,
                end=None if None in ends else max(day for day in ends if day is not None),
            )
        )
    return sorted(started, key=lambda item: (item.start, item.intervention.id))


def inputs_digest(
    session: Session, *, person: Person, entries: Sequence[DayEntry], outcome: str
) -> str:
    """The digest of everything a before/after estimate of ``outcome`` depends on."""
    keys = sorted({outcome, *DEFAULT_SYMPTOMS})
    document = {
        "version": __version__,
        "rules": repr(EffectRules()),
        "outcome": outcome,
        "days": [
            [entry.day.isoformat(), *(entry.values.get(key) for key in keys)]
            for entry in entries
            if entry.values or entry.tags
        ],
        "interventions": [
            [row.name, row.practice_id, row.start_day.isoformat(), _iso(row.end_day)]
            for row in interventions_of(session, person_id=person.id)
        ],
        "flare_reviews": [
            [row.start_day.isoformat(), _iso(row.end_day), row.confirmed, row.source]
            for row in flare_confirmations(session, person_id=person.id)
        ],
    }
    text = json.dumps(document, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def effect_lines(
    session: Session,
    *,
    person: Person,
    started: Sequence[Started],
    entries: Sequence[DayEntry],
    outcome: str = "pain",
) -> list[EffectLine]:
    """The before/after estimate of each started thing on ``outcome`` (``entries`` are all
    the person's logged days), reusing stored estimates whose inputs have not changed."""
    digest = inputs_digest(session, person=person, entries=entries, outcome=outcome)
    stored = effect_estimates_of(session, person_id=person.id, outcome=outcome)
    first = next((entry.day for entry in entries if outcome in entry.values), None)
    lines = []
    for item in started:
        if first is None or item.start <= first:
            lines.append(_before_the_diary(item, outcome, first))
            continue
        row = stored.get(item.intervention.id)
        if row is not None and row.inputs_digest == digest:
            lines.append(_line(row.estimate))
            continue
        line = _estimate(session, person, item, outcome)
        store_effect_estimate(
            session,
            person_id=person.id,
            intervention_id=item.intervention.id,
            outcome=outcome,
            inputs_digest=digest,
            estimate=_json(line),
        )
        lines.append(line)
    return lines


@dataclass(frozen=True)
class StoredEffect:
    """A started thing's last stored estimate (None if never computed), whether its inputs
    are unchanged since, and when it was computed."""

    started: Started
    line: EffectLine | None
    up_to_date: bool
    computed_at: datetime | None


def stored_effects(
    session: Session,
    *,
    person: Person,
    started: Sequence[Started],
    entries: Sequence[DayEntry],
    outcome: str = "pain",
) -> list[StoredEffect]:
    """What ``effect_lines`` would show, without computing anything: each started thing's
    stored estimate, marked out of date when its inputs changed since (``effect_lines``
    computes those again). A thing started before the diary needs no computing."""
    digest = inputs_digest(session, person=person, entries=entries, outcome=outcome)
    stored = effect_estimates_of(session, person_id=person.id, outcome=outcome)
    first = next((entry.day for entry in entries if outcome in entry.values), None)
    found = []
    for item in started:
        if first is None or item.start <= first:
            found.append(StoredEffect(item, _before_the_diary(item, outcome, first), True, None))
            continue
        row = stored.get(item.intervention.id)
        if row is None:
            found.append(StoredEffect(item, None, False, None))
        else:
            found.append(
                StoredEffect(
                    item, _line(row.estimate), row.inputs_digest == digest, row.computed_at
                )
            )
    return found


def _before_the_diary(item: Started, outcome: str, first: date | None) -> EffectLine:
    when = "" if first is None else f" ({day_text(first)})"
    return EffectLine(
        name=item.intervention.name,
        start=item.start,
        change=None,
        ci=None,
        before_days=0,
        after_days=0,
        warnings=(),
        sentence=(
            f"Started before the first day with {outcome} logged{when}: there is nothing "
            "before it to compare with."
        ),
    )


def _estimate(session: Session, person: Person, item: Started, outcome: str) -> EffectLine:
    name = item.intervention.name
    try:
        effect = intervention_effect(
            session, person=person, target=name, outcome=outcome, with_slope=False
        )
    except InvalidEntry as reason:
        return EffectLine(
            name=name,
            start=item.start,
            change=None,
            ci=None,
            before_days=0,
            after_days=0,
            warnings=(),
            sentence=f"{reason.message[:1].upper()}{reason.message[1:]}.",
        )
    return EffectLine(
        name=name,
        start=item.start,
        change=effect.change,
        ci=effect.ci,
        before_days=effect.before_days,
        after_days=effect.after_days,
        warnings=tuple(effect.warnings),
        sentence=effect.sentence,
    )


def _json(line: EffectLine) -> dict[str, Any]:
    return {
        "name": line.name,
        "start": line.start.isoformat(),
        "change": line.change,
        "ci": None if line.ci is None else list(line.ci),
        "before_days": line.before_days,
        "after_days": line.after_days,
        "warnings": list(line.warnings),
        "sentence": line.sentence,
    }


def _line(data: dict[str, Any]) -> EffectLine:
    ci = data["ci"]
    return EffectLine(
        name=str(data["name"]),
        start=date.fromisoformat(data["start"]),
        change=data["change"],
        ci=None if ci is None else (float(ci[0]), float(ci[1])),
        before_days=int(data["before_days"]),
        after_days=int(data["after_days"]),
        warnings=tuple(str(text) for text in data["warnings"]),
        sentence=str(data["sentence"]),
    )
