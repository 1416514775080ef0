"""The result of scoring one response, the same shape for every instrument."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class Score:
    """A scored response.

    ``valid`` is False when the answers are well-formed but too incomplete to score; ``reason``
    then says why, and ``total``, ``subscores`` and ``band`` are empty. ``flags`` are raised
    even on an incomplete form (a positive PHQ-9 item 9 is never hidden). ``criteria_met`` is
    set by the classification criteria (ACR) only.
    """

    valid: bool
    total: float | None = None
    subscores: dict[str, float] = field(default_factory=dict)
    band: str | None = None
    criteria_met: bool | None = None
    flags: list[str] = field(default_factory=list)
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "total": self.total,
            "subscores": dict(self.subscores),
            "band": self.band,
            "criteria_met": self.criteria_met,
            "flags": list(self.flags),
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Score":
        """The score stored by :meth:`as_dict`."""
        total = data.get("total")
        return cls(
            valid=bool(data["valid"]),
            total=None if total is None else float(total),
            subscores={str(k): float(v) for k, v in dict(data.get("subscores") or {}).items()},
            band=data.get("band"),
            criteria_met=data.get("criteria_met"),
            flags=[str(flag) for flag in data.get("flags") or []],
            reason=data.get("reason"),
        )


def incomplete(reason: str, flags: list[str] | None = None) -> Score:
    """A well-formed response that cannot be scored, with the reason in words."""
    return Score(valid=False, flags=list(flags or []), reason=reason)


def reported(value: Fraction | int) -> float:
    """A score as reported: two decimals, halves rounded up (61.333… → 61.33)."""
    exact = Fraction(value)
    quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
    return float(quotient.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
