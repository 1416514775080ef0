"""The variable catalogue: the built-in core variables and the rules for a person's own tags.

Every daily observation is of a variable. A variable has a kind (a 0–10 rating, a number with
a unit, a yes/no tag, a count or a duration), an optional unit and range, and the pillar of the
program it belongs to.
"""

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from fibrotrack.diary.errors import InvalidEntry


class VariableKind(StrEnum):
    SCALE = "scale"  # a 0–10 rating (or another bounded rating scale, e.g. Visible's 0–3)
    NUMBER = "number"  # a measurement with a unit (HRV in ms, weight in kg, …)
    TAG = "tag"  # present (1) on a day; absence is only known on a logged day
    COUNT = "count"  # a whole number of things (steps, wakings)
    DURATION = "duration"  # a length of time in the variable's unit (hours or minutes)


class Pillar(StrEnum):
    """The program's pillars (DESIGN.md), plus the symptoms every pillar is measured by."""

    SYMPTOMS = "symptoms"
    NERVOUS_SYSTEM = "nervous_system"
    GUT = "gut"
    HORMONES = "hormones"
    EMOTIONAL = "emotional"
    SLEEP = "sleep"
    STORIES = "stories"
    MOVEMENT = "movement"
    ENVIRONMENT = "environment"


class TagCategory(StrEnum):
    """What a free tag stands for; written as a prefix when logging: ``food:gluten``."""

    FOOD = "food"
    TRIGGER = "trigger"
    PRACTICE = "practice"
    OTHER = "other"


TAG_PILLARS: dict[TagCategory, Pillar | None] = {
    TagCategory.FOOD: Pillar.GUT,
    TagCategory.TRIGGER: Pillar.ENVIRONMENT,
    TagCategory.PRACTICE: None,
    TagCategory.OTHER: None,
}


@dataclass(frozen=True)
class VariableDefinition:
    key: str
    label: str
    kind: VariableKind
    pillar: Pillar | None
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    higher_is_worse: bool | None = None
    description: str = ""
    category: TagCategory | None = None

    @property
    def whole_numbers(self) -> bool:
        return self.kind in {VariableKind.SCALE, VariableKind.COUNT, VariableKind.TAG}


def _rating(key: str, label: str, higher_is_worse: bool, description: str) -> VariableDefinition:
    return VariableDefinition(
        key=key,
        label=label,
        kind=VariableKind.SCALE,
        pillar=Pillar.SYMPTOMS if key != "sleep_quality" else Pillar.SLEEP,
        minimum=0,
        maximum=10,
        higher_is_worse=higher_is_worse,
        description=description,
    )


CORE_VARIABLES: tuple[VariableDefinition, ...] = (
    _rating("pain", "Pain", True, "Average pain today, 0 = no pain, 10 = worst imaginable."),
    _rating("fatigue", "Fatigue", True, "0 = full of energy, 10 = completely exhausted."),
    _rating("sleep_quality", "Sleep quality", False, "Last night's sleep, 0 = awful, 10 = great."),
    _rating("brain_fog", "Brain fog", True, "0 = clear head, 10 = cannot think at all."),
    _rating("mood", "Mood", False, "0 = very low, 10 = very good."),
    _rating("stress", "Stress", True, "0 = calm, 10 = overwhelmed."),
    VariableDefinition(
        key="sleep_hours",
        label="Sleep",
        kind=VariableKind.DURATION,
        pillar=Pillar.SLEEP,
        unit="h",
        minimum=0,
        maximum=24,
        higher_is_worse=False,
        description="Hours asleep last night.",
    ),
    VariableDefinition(
        key="activity_minutes",
        label="Active minutes",
        kind=VariableKind.DURATION,
        pillar=Pillar.MOVEMENT,
        unit="min",
        minimum=0,
        maximum=1440,
        description="Minutes of deliberate movement or exercise.",
    ),
    VariableDefinition(
        key="steps",
        label="Steps",
        kind=VariableKind.COUNT,
        pillar=Pillar.MOVEMENT,
        unit="steps",
        minimum=0,
        maximum=200_000,
        description="Steps walked today.",
    ),
)

_CORE_BY_KEY = {variable.key: variable for variable in CORE_VARIABLES}

# Whole-word identifiers in any script: "Gluten free" -> "gluten_free", "café" -> "café".
_NON_WORD = re.compile(r"[\W_]+")
MAX_TAG_LENGTH = 60


def core_variable(key: str) -> VariableDefinition | None:
    return _CORE_BY_KEY.get(key)


def tag_key(name: str, field: str = "tag") -> str:
    """The stable key of a free tag as the person typed it ("Bright light" -> "bright_light");
    ``field`` names where it was typed in an error (a diet protocol's ``food``)."""
    key = _NON_WORD.sub("_", name.casefold()).strip("_")
    if not key:
        raise InvalidEntry(field, f"{name!r} has no letters or digits")
    if len(key) > MAX_TAG_LENGTH:
        raise InvalidEntry(field, f"{name[:20]!r}… is longer than {MAX_TAG_LENGTH} characters")
    return key


def parse_tag(text: str) -> VariableDefinition:
    """The variable for a tag as logged: ``gluten``, or with a category, ``food:gluten``."""
    category = TagCategory.OTHER
    name = text.strip()
    prefix, separator, rest = name.partition(":")
    if separator and prefix.strip().casefold() in set(TagCategory):
        category = TagCategory(prefix.strip().casefold())
        name = rest.strip()
    key = tag_key(name)
    if key in _CORE_BY_KEY:
        raise InvalidEntry("tag", f"{name!r} is a core variable; record it as a value instead")
    return VariableDefinition(
        key=key,
        label=name,
        kind=VariableKind.TAG,
        pillar=TAG_PILLARS[category],
        minimum=0,
        maximum=1,
        category=category,
    )


def check_value(variable: VariableDefinition, value: float) -> float:
    """``value`` as stored for ``variable``, or ``InvalidEntry`` naming the variable."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidEntry(variable.key, f"{value!r} is not a number")
    if math.isnan(value) or math.isinf(value):
        raise InvalidEntry(variable.key, "must be a finite number")
    if variable.whole_numbers and value != int(value):
        raise InvalidEntry(variable.key, f"{value} must be a whole number")
    low, high = variable.minimum, variable.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidEntry(variable.key, f"{value:g} is outside {describe_range(variable)}")
    return float(value)


def describe_range(variable: VariableDefinition) -> str:
    """The allowed range in words: "0–10", "at least 0 h", "at most 24 h"."""
    unit = f" {variable.unit}" if variable.unit else ""
    low, high = variable.minimum, variable.maximum
    if low is not None and high is not None:
        return f"{low:g}–{high:g}{unit}"
    if low is not None:
        return f"at least {low:g}{unit}"
    if high is not None:
        return f"at most {high:g}{unit}"
    return f"any number{unit}"
