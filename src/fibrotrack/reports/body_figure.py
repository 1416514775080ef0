"""The body figure of the report's heat map: a front and a back view drawn as rounded
rectangles in a 200 × 420 box each, one shape (or a pair seen from both sides) per WPI area.

The front view faces the reader, so the person's right side is on the reader's left; the back
view shows the person from behind, so their left side is on the reader's left. Limbs, shoulders
and the neck appear in both views; jaw, chest and abdomen only in front; upper back, lower back
and hips only behind.
"""

from dataclasses import dataclass

VIEW_WIDTH, VIEW_HEIGHT = 200.0, 420.0


@dataclass(frozen=True)
class Shape:
    """A rounded rectangle; ``area`` is a WPI area id, or None for the outline."""

    area: str | None
    x: float
    y: float
    width: float
    height: float
    radius: float = 10.0

    def mirrored(self, area: str | None) -> "Shape":
        return Shape(
            area, VIEW_WIDTH - self.x - self.width, self.y, self.width, self.height, self.radius
        )


def _pair(area: str, shape: Shape, *, reader_left: str, reader_right: str) -> list[Shape]:
    left = Shape(f"{area}_{reader_left}", shape.x, shape.y, shape.width, shape.height, shape.radius)
    return [left, shape.mirrored(f"{area}_{reader_right}")]


_OUTLINE = (
    Shape(None, 76, 6, 48, 58, 22),
    Shape(None, 22, 244, 26, 22, 10),
    Shape(None, 152, 244, 26, 22, 10),
    Shape(None, 68, 402, 30, 14, 6),
    Shape(None, 102, 402, 30, 14, 6),
)
_LIMBS = (
    ("shoulder", Shape(None, 40, 84, 36, 26, 10)),
    ("upper_arm", Shape(None, 32, 112, 28, 62, 10)),
    ("lower_arm", Shape(None, 24, 176, 28, 66, 10)),
    ("upper_leg", Shape(None, 70, 232, 29, 80, 10)),
    ("lower_leg", Shape(None, 72, 314, 26, 86, 10)),
)


def _limbs(reader_left: str, reader_right: str) -> list[Shape]:
    return [
        shape
        for area, geometry in _LIMBS
        for shape in _pair(area, geometry, reader_left=reader_left, reader_right=reader_right)
    ]


FRONT: tuple[Shape, ...] = (
    *_OUTLINE,
    Shape(None, 72, 196, 56, 34, 8),
    Shape("jaw_right", 76, 40, 23, 24, 9),
    Shape("jaw_left", 101, 40, 23, 24, 9),
    Shape("neck", 84, 66, 32, 16, 5),
    Shape("chest", 78, 84, 44, 56, 8),
    Shape("abdomen", 78, 142, 44, 52, 8),
    *_limbs("right", "left"),
)
BACK: tuple[Shape, ...] = (
    *_OUTLINE,
    Shape("neck", 84, 62, 32, 20, 6),
    Shape("upper_back", 78, 84, 44, 56, 8),
    Shape("lower_back", 78, 142, 44, 52, 8),
    *_pair("hip", Shape(None, 70, 196, 29, 34, 8), reader_left="left", reader_right="right"),
    *_limbs("left", "right"),
)
VIEWS: tuple[tuple[str, tuple[Shape, ...]], ...] = (("Front", FRONT), ("Back", BACK))

PLURALS = {
    "jaw": "jaws",
    "shoulder": "shoulders",
    "upper_arm": "upper arms",
    "lower_arm": "lower arms",
    "hip": "hips",
    "upper_leg": "upper legs",
    "lower_leg": "lower legs",
}
SINGLE_AREAS = {
    "neck": "neck",
    "upper_back": "upper back",
    "lower_back": "lower back",
    "chest": "chest",
    "abdomen": "abdomen",
}
AREA_ORDER = (
    "neck",
    "upper_back",
    "lower_back",
    "shoulder",
    "upper_arm",
    "lower_arm",
    "hip",
    "upper_leg",
    "lower_leg",
    "jaw",
    "chest",
    "abdomen",
)


def area_names(areas: set[str]) -> list[str]:
    """Short names for a set of WPI area ids, both sides of a pair named once: "neck",
    "shoulders", "left hip"."""
    names = []
    for base in AREA_ORDER:
        if base in SINGLE_AREAS:
            if base in areas:
                names.append(SINGLE_AREAS[base])
            continue
        sides = [side for side in ("left", "right") if f"{base}_{side}" in areas]
        if len(sides) == 2:
            names.append(PLURALS[base])
        elif sides:
            names.append(f"{sides[0]} {PLURALS[base][:-1]}")
    return names
