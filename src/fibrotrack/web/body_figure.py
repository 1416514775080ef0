"""The body figure the body map and the heat map draw: a front and a back view, each a set of
rounded rectangles in a 200 × 420 drawing, every WPI area a shape of its own.

The front view faces you, so the person's right side is on your left; the back view shows the
person from behind, so their left side is on your left. Both views are labelled in the page.
"""

from dataclasses import dataclass

VIEW_WIDTH, VIEW_HEIGHT = 200, 420


@dataclass(frozen=True)
class Shape:
    area: str | None  # a WPI area id, or None for the outline (head, hands, pelvis, feet)
    x: float
    y: float
    width: float
    height: float
    radius: float = 10


def _mirror(shape: Shape, area: str | None) -> Shape:
    return Shape(
        area, VIEW_WIDTH - shape.x - shape.width, shape.y, shape.width, shape.height, shape.radius
    )


def _sides(on_viewer_left: str, on_viewer_right: str, *shapes: Shape) -> list[Shape]:
    """Each shape drawn on the viewer's left, and its mirror image on the viewer's right."""
    pairs = []
    for shape in shapes:
        assert shape.area is not None
        pairs.append(Shape(f"{shape.area}_{on_viewer_left}", *_geometry(shape)))
        pairs.append(_mirror(shape, f"{shape.area}_{on_viewer_right}"))
    return pairs


def _geometry(shape: Shape) -> tuple[float, float, float, float, float]:
    return shape.x, shape.y, shape.width, shape.height, shape.radius


_OUTLINE = [
    Shape(None, 76, 8, 48, 60, 24),
    Shape(None, 24, 242, 26, 22, 11),
    Shape(None, 150, 242, 26, 22, 11),
    Shape(None, 70, 402, 30, 14, 7),
    Shape(None, 100, 402, 30, 14, 7),
]
_LIMBS = (
    Shape("shoulder", 42, 86, 34, 26),
    Shape("upper_arm", 34, 114, 28, 60),
    Shape("lower_arm", 26, 176, 28, 64),
    Shape("upper_leg", 72, 232, 27, 80),
    Shape("lower_leg", 74, 314, 25, 86),
)

FRONT: list[Shape] = [
    *_OUTLINE,
    Shape(None, 74, 196, 52, 34, 8),
    Shape("jaw_right", 74, 40, 25, 28, 10),
    Shape("jaw_left", 101, 40, 25, 28, 10),
    Shape("neck", 84, 70, 32, 15, 5),
    Shape("chest", 78, 86, 44, 54),
    Shape("abdomen", 78, 142, 44, 52),
    *_sides("right", "left", *_LIMBS),
]
BACK: list[Shape] = [
    *_OUTLINE,
    Shape("neck", 84, 64, 32, 20, 6),
    Shape("upper_back", 78, 86, 44, 56),
    Shape("lower_back", 78, 144, 44, 50),
    *_sides("left", "right", *_LIMBS, Shape("hip", 72, 196, 27, 34)),
]
VIEWS: dict[str, list[Shape]] = {"front": FRONT, "back": BACK}
