"""The elimination → reintroduction protocol: its schedule and what each day asks.

The protocol tests one person's suspicion that some foods worsen their symptoms; no diet has
strong evidence in fibromyalgia (see docs/body-systems.md). Its shape is the usual one for
food elimination and challenge:

1. a baseline week of usual eating, logging symptoms;
2. an elimination phase (default 3 weeks) avoiding every suspect food;
3. for each food in turn, challenge days eating it (default 3), then washout days avoiding
   every suspect food again (default 4) before the next food, one food at a time.

The verdict compares each food's response window (its challenge days and the first
``REACTION_DAYS`` of the washout after them, since reactions can come a day or two later)
with the elimination baseline (the elimination days after its first ``ADAPTATION_DAYS``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from fibrotrack.diary import InvalidEntry, tag_key

DEFAULT_BASELINE_DAYS = 7
DEFAULT_ELIMINATION_DAYS = 21
DEFAULT_CHALLENGE_DAYS = 3
DEFAULT_WASHOUT_DAYS = 4
ADAPTATION_DAYS = 7
REACTION_DAYS = 2
MAX_FOODS = 10
CATCH_UP_DAYS = 7
MAX_DAYS_AHEAD = 30
LIMITS = {
    "baseline_days": (3, 28),
    "elimination_days": (14, 56),
    "challenge_days": (1, 7),
    "washout_days": (REACTION_DAYS, 14),
}


class Phase(StrEnum):
    NOT_STARTED = "not started"
    BASELINE = "baseline"
    ELIMINATION = "elimination"
    CHALLENGE = "challenge"
    WASHOUT = "washout"
    FINISHED = "finished"


@dataclass(frozen=True)
class ProtocolPlan:
    start: date
    foods: tuple[str, ...]
    baseline_days: int = DEFAULT_BASELINE_DAYS
    elimination_days: int = DEFAULT_ELIMINATION_DAYS
    challenge_days: int = DEFAULT_CHALLENGE_DAYS
    washout_days: int = DEFAULT_WASHOUT_DAYS


@dataclass(frozen=True)
class Stage:
    """One block of the schedule, from ``first`` to ``last`` inclusive."""

    phase: Phase
    first: date
    last: date
    food: str | None = None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class ProtocolDay:
    """What a day of the protocol is and what it asks of the person."""

    day: date
    phase: Phase
    food: str | None
    day_number: int
    days_in_phase: int
    instruction: str


def check_start(start: date, today: date) -> date:
    """``start`` if a protocol can begin then: at most ``CATCH_UP_DAYS`` back, to catch up on
    days already followed, and at most ``MAX_DAYS_AHEAD`` ahead, to plan it (after a holiday,
    say); a protocol that has not begun can be cancelled."""
    if start < today - timedelta(days=CATCH_UP_DAYS):
        raise InvalidEntry(
            "start", f"{start} is more than {CATCH_UP_DAYS} days ago; start from today"
        )
    if start > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidEntry(
            "start", f"{start} is more than {MAX_DAYS_AHEAD} days ahead; plan it nearer the time"
        )
    return start


def check_plan(plan: ProtocolPlan) -> ProtocolPlan:
    """The plan with food names tidied, or ``InvalidEntry`` naming what is wrong."""
    foods = tuple(food.strip() for food in plan.foods if food.strip())
    if not foods:
        raise InvalidEntry("food", "choose at least one suspect food, e.g. gluten")
    if len(foods) > MAX_FOODS:
        raise InvalidEntry("food", f"{len(foods)} foods; test at most {MAX_FOODS} in one protocol")
    keys = [tag_key(food, "food") for food in foods]
    if len(set(keys)) != len(keys):
        raise InvalidEntry("food", "each food can be tested only once in a protocol")
    for field, (low, high) in LIMITS.items():
        value = getattr(plan, field)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidEntry(
                field, f"{value!r} must be a whole number of days from {low} to {high}"
            )
    return ProtocolPlan(
        start=plan.start,
        foods=foods,
        baseline_days=plan.baseline_days,
        elimination_days=plan.elimination_days,
        challenge_days=plan.challenge_days,
        washout_days=plan.washout_days,
    )


def schedule(plan: ProtocolPlan) -> list[Stage]:
    """Every stage of the protocol in order."""
    stages = []
    cursor = plan.start

    def add(phase: Phase, days: int, food: str | None = None) -> None:
        nonlocal cursor
        stages.append(Stage(phase, cursor, cursor + timedelta(days=days - 1), food))
        cursor += timedelta(days=days)

    add(Phase.BASELINE, plan.baseline_days)
    add(Phase.ELIMINATION, plan.elimination_days)
    for food in plan.foods:
        add(Phase.CHALLENGE, plan.challenge_days, food)
        add(Phase.WASHOUT, plan.washout_days, food)
    return stages


def end_of(plan: ProtocolPlan) -> date:
    return schedule(plan)[-1].last


def _instruction(stage: Stage, plan: ProtocolPlan) -> str:
    foods = ", ".join(plan.foods)
    if stage.phase == Phase.BASELINE:
        return f"Eat as you usually do (including {foods}) and log your symptoms every day."
    if stage.phase == Phase.ELIMINATION:
        return f"Avoid {foods} completely and log your symptoms every day."
    others = [food for food in plan.foods if food != stage.food]
    keep_avoiding = f"; keep avoiding {', '.join(others)}" if others else ""
    if stage.phase == Phase.CHALLENGE:
        return (
            f"Eat a normal portion of {stage.food} at least once today{keep_avoiding}. "
            "Log your symptoms."
        )
    return (
        f"Stop {stage.food} again and avoid every suspect food ({foods}); watch for a delayed "
        "reaction and log your symptoms."
    )


def protocol_day(plan: ProtocolPlan, day: date) -> ProtocolDay:
    """What ``day`` is in the protocol: its phase, which food, which day of the phase, and
    what to do."""
    if day < plan.start:
        return ProtocolDay(
            day, Phase.NOT_STARTED, None, 0, 0, f"The protocol starts on {plan.start}."
        )
    for stage in schedule(plan):
        if stage.first <= day <= stage.last:
            return ProtocolDay(
                day=day,
                phase=stage.phase,
                food=stage.food,
                day_number=(day - stage.first).days + 1,
                days_in_phase=stage.days,
                instruction=_instruction(stage, plan),
            )
    return ProtocolDay(
        day,
        Phase.FINISHED,
        None,
        0,
        0,
        "The protocol is finished. Look at the verdicts and discuss any change of diet with "
        "your clinician or a dietitian.",
    )


def baseline_days(plan: ProtocolPlan) -> tuple[date, date]:
    """The elimination baseline: elimination days after the first ``ADAPTATION_DAYS``."""
    elimination = schedule(plan)[1]
    return elimination.first + timedelta(days=ADAPTATION_DAYS), elimination.last


def response_window(plan: ProtocolPlan, food: str) -> tuple[date, date]:
    """A food's response window: its challenge days and the first ``REACTION_DAYS`` after."""
    for stage in schedule(plan):
        if stage.phase == Phase.CHALLENGE and stage.food == food:
            return stage.first, stage.last + timedelta(days=REACTION_DAYS)
    raise InvalidEntry("food", f"{food!r} is not tested in this protocol")


def excluded_days(slips: Sequence[date]) -> set[date]:
    """Days left out of every comparison: each day the plan was not followed and the
    ``REACTION_DAYS`` after it, whose symptoms it may have changed."""
    return {slip + timedelta(days=offset) for slip in slips for offset in range(REACTION_DAYS + 1)}
