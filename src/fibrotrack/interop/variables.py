"""Variables that several importers share, and how an app's own trackers become variables.

Where a tracker means the same as a built-in variable (Bearable's sleep duration is hours
asleep) it is recorded as that variable. Where it means the same as a measurement another app
also exports (resting heart rate), every importer uses the one definition below. Everything
else becomes the person's own variable, named after the app, on the app's own scale: a Visible
0–3 symptom rating stays a 0–3 rating.
"""

import hashlib
import re

from fibrotrack.diary import Pillar, TagCategory, VariableDefinition, VariableKind, core_variable

MAX_KEY_LENGTH = 100
MAX_LABEL_NAME = 160
_NON_WORD = re.compile(r"[\W_]+")

RESTING_HEART_RATE = VariableDefinition(
    key="resting_heart_rate",
    label="Resting heart rate",
    kind=VariableKind.NUMBER,
    pillar=Pillar.NERVOUS_SYSTEM,
    unit="bpm",
    minimum=20,
    maximum=250,
    higher_is_worse=True,
    description="Heart rate at rest, beats per minute, as a wearable or app measured it.",
)
HRV_SDNN = VariableDefinition(
    key="hrv_sdnn",
    label="HRV (SDNN)",
    kind=VariableKind.NUMBER,
    pillar=Pillar.NERVOUS_SYSTEM,
    unit="ms",
    minimum=0,
    maximum=1000,
    higher_is_worse=False,
    description="Heart rate variability as the standard deviation of beat-to-beat intervals "
    "(SDNN, Apple Watch), mean of the day's readings.",
)
PERIOD = VariableDefinition(
    key="period",
    label="Period",
    kind=VariableKind.SCALE,
    pillar=Pillar.HORMONES,
    minimum=0,
    maximum=1,
    description="Menstruating on the day: 1 yes, 0 no (recorded as such).",
)
MENSTRUAL_FLOW = VariableDefinition(
    key="menstrual_flow",
    label="Menstrual flow",
    kind=VariableKind.SCALE,
    pillar=Pillar.HORMONES,
    minimum=0,
    maximum=3,
    description="0 none, 1 light, 2 medium, 3 heavy.",
)
FLOW_LEVELS = {"none": 0, "light": 1, "medium": 2, "heavy": 3}


def _core(key: str) -> VariableDefinition:
    definition = core_variable(key)
    if definition is None:
        raise LookupError(f"{key!r} is not a core variable")
    return definition


STEPS = _core("steps")
SLEEP_HOURS = _core("sleep_hours")


def slug(name: str) -> str:
    """A stable identifier for a name as an app wrote it: "Back (lower) pain" -> "back_lower_pain".

    Letters of every script are kept; a name with none gets a short hash of itself.
    """
    text = _NON_WORD.sub("_", name.strip().casefold()).strip("_")
    if not text:
        return "item_" + hashlib.sha256(name.encode()).hexdigest()[:10]
    return text[:MAX_KEY_LENGTH].rstrip("_")


def tracker(
    app: str,
    name: str,
    *,
    kind: VariableKind,
    pillar: Pillar | None,
    minimum: float | None = None,
    maximum: float | None = None,
    unit: str | None = None,
    higher_is_worse: bool | None = None,
    description: str = "",
    key: str | None = None,
) -> VariableDefinition:
    """The person's own variable for an app's tracker: key ``<app>_<slug>``, labelled with the
    app and, for ratings, the app's scale."""
    scale = ""
    if kind == VariableKind.SCALE and minimum is not None and maximum is not None:
        scale = f", {minimum:g}–{maximum:g}"
    shown = name.strip()
    if len(shown) > MAX_LABEL_NAME:
        shown = shown[: MAX_LABEL_NAME - 1] + "…"
    return VariableDefinition(
        key=key or f"{app.casefold()}_{slug(name)}",
        label=f"{shown} ({app}{scale})",
        kind=kind,
        pillar=pillar,
        unit=unit,
        minimum=minimum,
        maximum=maximum,
        higher_is_worse=higher_is_worse,
        description=description,
    )


def tag(name: str, category: TagCategory = TagCategory.OTHER) -> VariableDefinition:
    """A tag as if the person had typed ``name``: imported tags join the person's own tags of
    the same name."""
    pillars = {TagCategory.FOOD: Pillar.GUT, TagCategory.TRIGGER: Pillar.ENVIRONMENT}
    key = slug(name)
    if core_variable(key) is not None:
        key = f"{key}_tag"
    return VariableDefinition(
        key=key,
        label=name.strip(),
        kind=VariableKind.TAG,
        pillar=pillars.get(category),
        minimum=0,
        maximum=1,
        category=category,
    )
