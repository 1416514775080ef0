"""The insight engine on a person's stored diary or on a CSV file: associations, flares,
before/after effects of what they started, and boom-bust."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_limits

from fibrotrack.analysis.associations import (
    DEFAULT_LAGS,
    AssociationReport,
    EvidenceRules,
    FactorSeries,
    analyse_associations,
)
from fibrotrack.analysis.baseline import Calendar, FloatArray, on_calendar
from fibrotrack.analysis.flares import (
    DEFAULT_SYMPTOMS,
    FLARE_PRESETS,
    FlareEpisode,
    checkable_days,
    detect_flares,
)
from fibrotrack.analysis.interventions import InterventionEffect, estimate_effect
from fibrotrack.analysis.pacing import BoomBust, BoomRule, find_boom_bust
from fibrotrack.analysis.wide_csv import read_wide_csv
from fibrotrack.diary import InvalidEntry, Pillar, VariableKind, check_day, parse_day
from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.diary import day_entries
from fibrotrack.storage.insights import (
    flare_confirmations,
    interventions_of,
    set_flare_confirmation,
)
from fibrotrack.storage.models import Person, Variable

ACTIVITY_VARIABLES: tuple[str, ...] = ("steps", "activity_minutes")

# The statistics fit thousands of small matrices: OpenBLAS's thread pool makes them slower, not
# faster (docs/benchmarks.md: 3.8 s against 1.4 s for five years × 300 factors on two cores),
# so every entry point of the engine runs with one BLAS thread.
one_blas_thread = threadpool_limits.wrap(limits=1, user_api="blas")


@dataclass(frozen=True)
class DiaryTable:
    """A person's diary on the calendar: numeric variables and tags by key (tags are 1 or 0 on
    days the person checked in, NaN on days they did not)."""

    calendar: Calendar
    values: dict[str, FloatArray]
    tags: dict[str, FloatArray]


def diary_table(session: Session, *, person_id: int) -> DiaryTable | None:
    """The person's diary on the calendar from the first to the last logged day, or None."""
    entries = day_entries(session, person_id=person_id)
    if not entries:
        return None
    known = variables_of(session, person_id=person_id)
    days = [entry.day for entry in entries]
    keys = sorted({key for entry in entries for key in entry.values})
    tags = sorted({tag for entry in entries for tag in entry.tags})
    checked_in = [
        bool(entry.tags)
        or any(key in known and known[key].kind == VariableKind.SCALE for key in entry.values)
        for entry in entries
    ]
    calendar, values = on_calendar(
        days, {key: [entry.values.get(key) for entry in entries] for key in keys}
    )
    _, tag_values = on_calendar(
        days,
        {
            tag: [
                (1.0 if tag in entry.tags else 0.0) if was_checked_in else None
                for entry, was_checked_in in zip(entries, checked_in, strict=True)
            ]
            for tag in tags
        },
    )
    return DiaryTable(calendar=calendar, values=values, tags=tag_values)


def _label(variable: Variable | None, key: str) -> str:
    text = variable.label if variable is not None else key.replace("_", " ")
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


RATING_MAX = 10
"""An outcome of ``analyze --csv`` is a rating from 0 to this, as the diary's are."""


def _scale_outcome(known: dict[str, Variable], outcome: str) -> Variable:
    variable = known.get(outcome)
    if variable is None or variable.kind != VariableKind.SCALE:
        ratings = ", ".join(sorted(k for k, v in known.items() if v.kind == VariableKind.SCALE))
        raise InvalidEntry("outcome", f"{outcome!r} is not a rating; choose one of: {ratings}")
    return variable


@one_blas_thread
def analyze_person(
    session: Session,
    *,
    person: Person,
    outcome: str = "pain",
    lags: Sequence[int] = DEFAULT_LAGS,
    fdr: float = 0.05,
    today: date,
) -> AssociationReport:
    """Every variable, tag and intervention of the person against ``outcome`` at ``lags``."""
    rules = EvidenceRules(fdr=fdr)
    known = variables_of(session, person_id=person.id)
    _scale_outcome(known, outcome)
    table = diary_table(session, person_id=person.id)
    if table is None:
        return analyse_associations(
            np.empty(0), [], first_day=today, outcome_name=outcome, lags=lags, rules=rules
        )
    factors = [
        FactorSeries(
            key,
            values,
            label=_label(known.get(key), key),
            unit=_unit(known, key),
            adjustable=not _is_symptom(known.get(key)),
        )
        for key, values in table.values.items()
        if key != outcome
    ]
    factors += [
        FactorSeries(key, values, label=_label(known.get(key), key))
        for key, values in table.tags.items()
    ]
    factors += _intervention_factors(session, person, table.calendar)
    return analyse_associations(
        table.values.get(outcome, np.full(table.calendar.length, np.nan)),
        factors,
        first_day=table.calendar.first,
        outcome_name=outcome,
        lags=lags,
        rules=rules,
    )


def _is_symptom(variable: Variable | None) -> bool:
    """Another symptom rating (fatigue beside pain): a parallel outcome, never adjusted for."""
    return variable is not None and variable.pillar == Pillar.SYMPTOMS.value


def _unit(known: dict[str, Variable], key: str) -> str | None:
    variable = known.get(key)
    if variable is None:
        return None
    return "point" if variable.kind == VariableKind.SCALE else variable.unit


def _intervention_factors(
    session: Session, person: Person, calendar: Calendar
) -> list[FactorSeries]:
    """One yes/no factor per intervention name: on the days it was taken or done, every
    period of it together when it was stopped and started again."""
    days = np.arange(calendar.length)
    periods: dict[str, list[tuple[str, date, np.ndarray]]] = {}
    for intervention in interventions_of(session, person_id=person.id):
        first = calendar.index(intervention.start_day)
        last = (
            calendar.index(intervention.end_day)
            if intervention.end_day is not None
            else calendar.length
        )
        active = np.asarray((days >= first) & (days <= last), dtype=np.float64)
        periods.setdefault(intervention.name.casefold(), []).append(
            (intervention.name, intervention.start_day, active)
        )
    factors = []
    for same in periods.values():
        name, since, _ = same[0]
        taken = np.maximum.reduce([active for _, _, active in same])
        times = f"{len(same)} periods since" if len(same) > 1 else "since"
        factors.append(
            FactorSeries(f"intervention:{name}", taken, label=f"{name} ({times} {since})")
        )
    return factors


@one_blas_thread
def analyze_csv(
    path: Path,
    *,
    outcome: str,
    lags: Sequence[int] = DEFAULT_LAGS,
    fdr: float = 0.05,
) -> AssociationReport:
    """Every other column of a wide CSV file against the ``outcome`` column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidEntry("csv", f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidEntry("csv", f"{path} cannot be read as UTF-8 text: {error}") from None
    table = read_wide_csv(text.splitlines(), source=path.name)
    if outcome not in table.columns:
        raise InvalidEntry(
            "outcome",
            f"{path.name} has no column {outcome!r}; columns: {', '.join(table.columns)}",
        )
    rated = [value for value in table.columns[outcome] if value is not None]
    if rated and not 0 <= min(rated) <= max(rated) <= RATING_MAX:
        raise InvalidEntry(
            "outcome",
            f"{outcome!r} runs from {min(rated):g} to {max(rated):g}; the outcome must be a "
            f"0–{RATING_MAX} rating such as pain or fatigue",
        )
    calendar, grid = on_calendar(table.days, table.columns)
    factors = [FactorSeries(name, values) for name, values in grid.items() if name != outcome]
    report = analyse_associations(
        grid[outcome],
        factors,
        first_day=calendar.first,
        outcome_name=outcome,
        lags=lags,
        rules=EvidenceRules(fdr=fdr),
    )
    left_out = [f"The {name!r} column is text and was left out." for name in table.left_out]
    return replace(report, warnings=[*report.warnings, *left_out])


@dataclass(frozen=True)
class FlareView:
    """A flare as shown to the person: detected, logged by them, or both, and their word."""

    start: date
    end: date
    peak_day: date | None
    peak: float | None
    severity: float | None
    detected: bool
    confirmed: bool | None
    logged: bool  # the person logged it themselves

    def as_json(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": (self.end - self.start).days + 1,
            "peak_day": self.peak_day.isoformat() if self.peak_day else None,
            "peak": self.peak,
            "severity": self.severity,
            "detected": self.detected,
            "logged": self.logged,
            "confirmed": self.confirmed,
        }


def _ratings(table: DiaryTable, symptoms: Sequence[str]) -> dict[str, FloatArray]:
    return {name: table.values[name] for name in symptoms if name in table.values}


def detected_flares(
    session: Session, *, person: Person, preset: str = "sensitive"
) -> list[FlareEpisode]:
    """Flares found by the rule in the person's pain and fatigue."""
    if preset not in FLARE_PRESETS:
        raise InvalidEntry("preset", f"{preset!r} is not one of {', '.join(FLARE_PRESETS)}")
    found = _flare_ratings(session, person)
    return detect_flares(*found, rule=FLARE_PRESETS[preset]) if found else []


def flare_checked_days(session: Session, *, person: Person) -> list[date]:
    """The days on which the default flare rule could judge the person's pain and fatigue."""
    found = _flare_ratings(session, person)
    return checkable_days(*found) if found else []


def _flare_ratings(
    session: Session, person: Person
) -> tuple[Sequence[date], dict[str, FloatArray]] | None:
    """The logged days and the pain and fatigue the flare rule reads, or None without them."""
    table = diary_table(session, person_id=person.id)
    if table is None:
        return None
    ratings = _ratings(table, DEFAULT_SYMPTOMS)
    return (table.calendar.days, ratings) if ratings else None


def person_flares(
    session: Session, *, person: Person, preset: str = "sensitive"
) -> list[FlareView]:
    """Detected flares with the person's confirmations, plus flares they logged themselves."""
    episodes = detected_flares(session, person=person, preset=preset)
    return flare_views(session, person=person, episodes=episodes)


def flare_views(
    session: Session, *, person: Person, episodes: Sequence[FlareEpisode]
) -> list[FlareView]:
    """``episodes`` with the person's confirmations, plus flares they logged themselves.

    A flare the person logged and still stands by is one flare with every detected episode
    that overlaps it (and that they have not denied): shown once, from the earlier of the
    first days to the later of the last days, with the peak and rise found in the ratings.
    Confirming or denying it acts on whichever starts on its first day: denying a detected
    episode lists the two apart again."""
    reviews = {row.start_day: row for row in flare_confirmations(session, person_id=person.id)}
    detected_starts = {episode.start for episode in episodes}
    own = sorted(
        (
            row
            for row in reviews.values()
            if row.source == "person" and row.start_day not in detected_starts
        ),
        key=lambda row: row.start_day,
    )
    absorbed: set[date] = set()
    views = []
    for row in own:
        last = row.end_day or row.start_day
        overlapping = [
            episode
            for episode in episodes
            if row.confirmed
            and episode.start not in absorbed
            and episode.start <= last
            and row.start_day <= episode.end
            and (episode.start not in reviews or reviews[episode.start].confirmed is not False)
        ]
        absorbed.update(episode.start for episode in overlapping)
        highest = max(overlapping, key=lambda episode: episode.peak, default=None)
        views.append(
            FlareView(
                start=min([row.start_day, *(episode.start for episode in overlapping)]),
                end=max([last, *(episode.end for episode in overlapping)]),
                peak_day=highest.peak_day if highest else None,
                peak=highest.peak if highest else None,
                severity=highest.severity if highest else None,
                detected=highest is not None,
                confirmed=row.confirmed,
                logged=True,
            )
        )
    for episode in episodes:
        if episode.start in absorbed:
            continue
        review = reviews.get(episode.start)
        views.append(
            FlareView(
                start=episode.start,
                end=episode.end,
                peak_day=episode.peak_day,
                peak=episode.peak,
                severity=episode.severity,
                detected=True,
                confirmed=review.confirmed if review else None,
                logged=review is not None and review.source == "person",
            )
        )
    return sorted(views, key=lambda view: view.start)


def kept_flares(session: Session, *, person: Person) -> list[FlareView]:
    """The person's flares without those they denied: what the status engine is given."""
    return [view for view in person_flares(session, person=person) if view.confirmed is not False]


def review_flare(
    session: Session,
    *,
    person: Person,
    start: date,
    confirmed: bool,
    end: date | None = None,
    note: str | None = None,
    today: date,
) -> FlareView:
    """Confirm or deny the flare starting on ``start``: a detected one, or one the person
    logged (denying it keeps it, marked "not a flare"). Confirming a start that was neither
    detected nor logged logs the person's own flare, from ``start`` to ``end`` (default the
    same day). Bad input raises ``InvalidEntry`` naming ``start`` or ``end``; nothing is
    written then."""
    check_day(start, today, "start")
    if end is not None:
        check_day(end, today, "end")
    if end is not None and end < start:
        raise InvalidEntry("end", f"{end} is before the first day {start}")
    detected = {episode.start: episode for episode in detected_flares(session, person=person)}
    episode = detected.get(start)
    reviews = flare_confirmations(session, person_id=person.id)
    existing = next((row for row in reviews if row.start_day == start), None)
    logged = existing if existing is not None and existing.source == "person" else None
    if episode is None and logged is None and not confirmed:
        starts = ", ".join(day.isoformat() for day in sorted(detected)) or "none"
        raise InvalidEntry(
            "start",
            f"no detected flare starts on {start} and you logged none that day; detected "
            f"flares start on: {starts}",
        )
    if episode is not None:
        last = end or episode.end
    elif logged is not None:
        last = end or logged.end_day or start
    else:
        last = end or start
    set_flare_confirmation(
        session,
        person_id=person.id,
        start=start,
        end=last,
        confirmed=confirmed,
        source="detected" if episode else "person",
        note=note if note is not None or existing is None else existing.note,
    )
    views = person_flares(session, person=person)
    # A detected flare inside one the person logged is shown as part of theirs.
    return min(
        (view for view in views if view.start <= start <= view.end),
        key=lambda view: view.start != start,
    )


@one_blas_thread
def intervention_effect(
    session: Session,
    *,
    person: Person,
    target: str,
    outcome: str = "pain",
    with_slope: bool = True,
) -> InterventionEffect:
    """The before/after effect of the intervention named ``target`` (a name or a practice id),
    or of a change on the date ``target`` (YYYY-MM-DD)."""
    wanted = target.strip().casefold()
    if not wanted:
        raise InvalidEntry("target", "name an intervention (e.g. walking) or give a date")
    known = variables_of(session, person_id=person.id)
    _scale_outcome(known, outcome)
    interventions = interventions_of(session, person_id=person.id)
    starts = [(row.name, row.start_day) for row in interventions]
    chosen = next(
        (
            row
            for row in interventions
            if wanted in {row.name.casefold(), (row.practice_id or "").casefold()}
        ),
        None,
    )
    end = None
    if chosen is not None:
        name, start, end = chosen.name, chosen.start_day, chosen.end_day
    elif wanted[:1].isdigit():
        start = parse_day(target)
        name = "a change"
    else:
        names = ", ".join(sorted({name for name, _ in starts})) or "none recorded yet"
        raise InvalidEntry(
            "target", f"{target!r} is neither a recorded intervention ({names}) nor a date"
        )
    table = diary_table(session, person_id=person.id)
    if table is None or outcome not in table.values:
        raise InvalidEntry("outcome", f"no {outcome} has been logged yet")
    if not table.calendar.first < start <= table.calendar.last:
        raise InvalidEntry(
            "target",
            f"{start} is outside the logged days ({table.calendar.first} to {table.calendar.last})",
        )
    flares = [
        (view.start, view.end)
        for view in person_flares(session, person=person)
        if view.confirmed is not False
    ]
    return estimate_effect(
        table.values[outcome],
        first_day=table.calendar.first,
        start=start,
        name=name,
        outcome_name=outcome,
        other_starts=starts,
        flares=flares,
        with_slope=with_slope,
        end=end,
    )


@dataclass(frozen=True)
class Pacing:
    """Boom-bust in the activity variable used."""

    activity: str
    result: BoomBust

    def as_json(self) -> dict[str, object]:
        result = self.result
        return {
            "activity": self.activity,
            "boom_days": [day.isoformat() for day in result.boom_days],
            "busts": [day.isoformat() for day in result.busts],
            "rate": round(result.rate, 3),
            "chance_rate": None if result.chance_rate is None else round(result.chance_rate, 3),
            "typical_lag": result.typical_lag,
            "judged": result.judged,
            "lag_counts": {str(lag): count for lag, count in result.lag_counts.items()},
        }


@one_blas_thread
def boom_bust(session: Session, *, person: Person, activity: str | None = None) -> Pacing:
    """Boom days in steps or active minutes (the one logged more, unless ``activity`` is
    given) and the pain and fatigue rises 1–3 days after them. A boom day is judged against at
    least ``BoomRule.min_baseline_days`` earlier logged days, so fewer are not enough data."""
    if activity is not None and activity not in ACTIVITY_VARIABLES:
        raise InvalidEntry(
            "activity",
            f"{activity!r} is not an activity measure; choose {' or '.join(ACTIVITY_VARIABLES)}",
        )
    table = diary_table(session, person_id=person.id)
    if table is None:
        raise InvalidEntry("activity", "nothing has been logged yet")
    candidates = [activity] if activity else list(ACTIVITY_VARIABLES)
    logged = {
        key: int(np.sum(~np.isnan(table.values[key]))) for key in candidates if key in table.values
    }
    if not logged or max(logged.values()) == 0:
        raise InvalidEntry("activity", f"no {' or '.join(candidates)} logged yet")
    chosen = max(logged, key=lambda key: logged[key])
    usual = BoomRule().min_baseline_days
    if logged[chosen] <= usual:
        raise InvalidEntry(
            "activity",
            f"not enough data yet: {logged[chosen]} days of {chosen} logged; a boom day is "
            f"compared with at least {usual} earlier days, so {usual + 1} are needed",
        )
    ratings = _ratings(table, DEFAULT_SYMPTOMS)
    if not ratings:
        raise InvalidEntry("symptoms", "no pain or fatigue logged yet")
    return Pacing(chosen, find_boom_bust(table.calendar.days, table.values[chosen], ratings))
