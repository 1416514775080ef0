"""Paced breathing: the parameters of a guided session and its breath-by-breath timing.

The default is 6 breaths a minute, near the resonance rate used in heart rate variability
biofeedback (Lehrer & Gevirtz, Front Psychol 2014;5:756), with a longer out-breath than in-breath
(2:3, so 4 s in and 6 s out) for 5 minutes. The rate, the in:out ratio and the length are the
person's to change, within limits that keep every phase long enough to follow and short enough
not to strain.
"""

from dataclasses import dataclass

from fibrotrack.diary import InvalidEntry

DEFAULT_BREATHS_PER_MINUTE = 6.0
DEFAULT_RATIO = "2:3"
DEFAULT_MINUTES = 5
MIN_BREATHS_PER_MINUTE = 3.0
MAX_BREATHS_PER_MINUTE = 12.0
MAX_MINUTES = 30
MIN_PHASE_SECONDS = 1.5
MAX_PHASE_SECONDS = 12.0
MAX_RATIO_PART = 9


@dataclass(frozen=True)
class Phase:
    """One half of a breath: ``"in"`` or ``"out"``, lasting ``seconds``."""

    direction: str
    seconds: float
    breath: int


@dataclass(frozen=True)
class BreathingPattern:
    breaths_per_minute: float = DEFAULT_BREATHS_PER_MINUTE
    inhale_part: int = 2
    exhale_part: int = 3
    minutes: int = DEFAULT_MINUTES

    @property
    def breath_seconds(self) -> float:
        return 60.0 / self.breaths_per_minute

    @property
    def inhale_seconds(self) -> float:
        return self.breath_seconds * self.inhale_part / (self.inhale_part + self.exhale_part)

    @property
    def exhale_seconds(self) -> float:
        return self.breath_seconds - self.inhale_seconds

    @property
    def breaths(self) -> int:
        """Whole breaths in the session (at least one)."""
        return max(1, round(self.minutes * self.breaths_per_minute))

    @property
    def ratio(self) -> str:
        return f"{self.inhale_part}:{self.exhale_part}"

    def phases(self) -> list[Phase]:
        """Every phase of the session in order: in, out, in, out, …"""
        result = []
        for breath in range(1, self.breaths + 1):
            result.append(Phase("in", self.inhale_seconds, breath))
            result.append(Phase("out", self.exhale_seconds, breath))
        return result

    def describe(self) -> str:
        return (
            f"{self.breaths_per_minute:g} breaths a minute, in:out {self.ratio} "
            f"({self.inhale_seconds:.1f} s in, {self.exhale_seconds:.1f} s out), "
            f"{self.minutes} min"
        )


def parse_ratio(text: str) -> tuple[int, int]:
    """An in:out ratio written ``"2:3"``, or ``InvalidEntry('ratio', ...)``."""
    left, separator, right = text.strip().partition(":")
    try:
        inhale, exhale = int(left), int(right)
    except ValueError:
        inhale = exhale = 0
    if not separator or not (1 <= inhale <= MAX_RATIO_PART and 1 <= exhale <= MAX_RATIO_PART):
        raise InvalidEntry(
            "ratio", f"{text!r} is not an in:out ratio such as 1:1 or 2:3 (parts 1 to 9)"
        )
    return inhale, exhale


def breathing_pattern(
    breaths_per_minute: float = DEFAULT_BREATHS_PER_MINUTE,
    ratio: str = DEFAULT_RATIO,
    minutes: int = DEFAULT_MINUTES,
) -> BreathingPattern:
    """A checked session pattern, or ``InvalidEntry`` naming the field that is out of range."""
    if not MIN_BREATHS_PER_MINUTE <= breaths_per_minute <= MAX_BREATHS_PER_MINUTE:
        raise InvalidEntry(
            "breaths_per_minute",
            f"must be from {MIN_BREATHS_PER_MINUTE:g} to {MAX_BREATHS_PER_MINUTE:g}",
        )
    if not 1 <= minutes <= MAX_MINUTES:
        raise InvalidEntry("minutes", f"must be from 1 to {MAX_MINUTES}")
    inhale, exhale = parse_ratio(ratio)
    pattern = BreathingPattern(breaths_per_minute, inhale, exhale, minutes)
    shortest = min(pattern.inhale_seconds, pattern.exhale_seconds)
    longest = max(pattern.inhale_seconds, pattern.exhale_seconds)
    if shortest < MIN_PHASE_SECONDS or longest > MAX_PHASE_SECONDS:
        raise InvalidEntry(
            "ratio",
            f"{pattern.ratio} at {breaths_per_minute:g} a minute gives phases of "
            f"{pattern.inhale_seconds:.1f} s and {pattern.exhale_seconds:.1f} s; each must last "
            f"{MIN_PHASE_SECONDS:g} to {MAX_PHASE_SECONDS:g} seconds",
        )
    return pattern
