"""Lab results: the analytes fibrotrack knows, their units and conversions, and where a value
stands against the lab's own reference range.

Each analyte has a standard unit (SI where labs use it) that trends are drawn in, whatever
unit each lab reported. Mass-to-molar factors are 1000 / molar mass, as in the SI conversion
tables of the AMA Manual of Style (JAMA "SI conversion factors"); molar masses from PubChem.
HbA1c uses the IFCC–NGSP master equation NGSP% = 0.09148 × IFCC + 2.152 (Hoelzel W et al.,
Clin Chem 2004;50(1):166–174).

A value outside the lab's range is shown as exactly that, with "discuss with your clinician":
never a diagnosis, never a dose. Reference ranges differ between labs, methods and (for the
sex hormones) the phase of the menstrual cycle, so only the lab's own range is used.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

from fibrotrack.diary import InvalidEntry

DISCUSS = "discuss with your clinician"
# Above any result of the analytes here in any of their units (a ferritin of 100,000 ng/mL is
# already extreme): a larger number is a typing slip.
MAX_VALUE = 10_000_000.0


@dataclass(frozen=True)
class Unit:
    """A unit an analyte is reported in: standard value = value × scale + offset. A unit whose
    conversion can go wrong (an offset turns a small value negative) has the ``plausible``
    range a result in it can have."""

    name: str
    scale: float = 1.0
    offset: float = 0.0
    plausible: tuple[float, float] | None = None

    def to_standard(self, value: float) -> float:
        return value * self.scale + self.offset

    def from_standard(self, value: float) -> float:
        return (value - self.offset) / self.scale


@dataclass(frozen=True)
class Analyte:
    key: str
    label: str
    units: tuple[Unit, ...]
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def standard(self) -> Unit:
        return self.units[0]

    @property
    def unit_names(self) -> list[str]:
        return [unit.name for unit in self.units]


def _molar(molar_mass: float, ng_per_litre: float, *, picomolar: bool = False) -> float:
    """The factor from a mass unit worth ``ng_per_litre`` ng/L to nmol/L (or pmol/L):
    ng/L ÷ molar mass (g/mol) = nmol/L."""
    return ng_per_litre / molar_mass * (1000 if picomolar else 1)


# Molar masses (g/mol): 25-hydroxyvitamin D3 400.64; thyroxine 776.87; cortisol 362.46;
# cyanocobalamin 1355.37; estradiol 272.38; progesterone 314.46; testosterone 288.42.
ANALYTES: tuple[Analyte, ...] = (
    Analyte(
        "tsh",
        "TSH",
        (Unit("mIU/L"), Unit("µIU/mL"), Unit("mU/L")),
        ("thyroid stimulating hormone", "thyrotropin"),
    ),
    Analyte(
        "free_t4",
        "Free T4",
        (
            Unit("pmol/L"),
            Unit("ng/dL", _molar(776.87, 10, picomolar=True)),
            Unit("ng/L", _molar(776.87, 1, picomolar=True)),
        ),
        ("ft4", "free thyroxine"),
    ),
    Analyte(
        "vitamin_d",
        "25-OH vitamin D",
        (
            Unit("nmol/L"),
            Unit("ng/mL", _molar(400.64, 1000)),
            Unit("µg/L", _molar(400.64, 1000)),
        ),
        ("25-oh vitamin d", "25-hydroxyvitamin d", "25ohd", "vitamin d", "calcidiol"),
    ),
    Analyte("ferritin", "Ferritin", (Unit("µg/L"), Unit("ng/mL")), ("serum ferritin",)),
    Analyte(
        "cortisol_morning",
        "Morning cortisol",
        (
            Unit("nmol/L"),
            Unit("µg/dL", _molar(362.46, 10_000)),
            Unit("µg/L", _molar(362.46, 1000)),
        ),
        ("cortisol", "morning cortisol", "am cortisol"),
        note="Cortisol follows the time of day: compare only morning samples with a morning range.",
    ),
    Analyte(
        "crp",
        "CRP",
        (Unit("mg/L"), Unit("mg/dL", 10.0)),
        ("c-reactive protein", "hs-crp", "hscrp"),
    ),
    Analyte(
        "vitamin_b12",
        "Vitamin B12",
        (
            Unit("pmol/L"),
            Unit("pg/mL", _molar(1355.37, 1, picomolar=True)),
            Unit("ng/L", _molar(1355.37, 1, picomolar=True)),
        ),
        ("b12", "cobalamin"),
    ),
    Analyte(
        "hba1c",
        "HbA1c",
        # Plausible ranges (product decision): above the master equation's intercept 2.152 %,
        # where IFCC would be 0 or less, and at most 25 % (250 mmol/mol), far above the
        # diabetic range (48 mmol/mol, 6.5 %): a larger number is a typing slip.
        (
            Unit("mmol/mol", plausible=(1.0, 250.0)),
            Unit("%", 1 / 0.09148, -2.152 / 0.09148, plausible=(2.2, 25.0)),
        ),
        ("a1c", "glycated haemoglobin", "glycated hemoglobin"),
    ),
    Analyte(
        "estradiol",
        "Estradiol",
        (
            Unit("pmol/L"),
            Unit("pg/mL", _molar(272.38, 1, picomolar=True)),
            Unit("ng/L", _molar(272.38, 1, picomolar=True)),
        ),
        ("oestradiol", "e2"),
        note="Ranges depend on the cycle phase: compare with the range for the day of your cycle.",
    ),
    Analyte(
        "progesterone",
        "Progesterone",
        (
            Unit("nmol/L"),
            Unit("ng/mL", _molar(314.46, 1000)),
            Unit("µg/L", _molar(314.46, 1000)),
        ),
        note="Ranges depend on the cycle phase: compare with the range for the day of your cycle.",
    ),
    Analyte(
        "testosterone",
        "Testosterone",
        (
            Unit("nmol/L"),
            Unit("ng/dL", _molar(288.42, 10)),
            Unit("ng/mL", _molar(288.42, 1000)),
        ),
        ("total testosterone",),
    ),
)
_BY_KEY = {analyte.key: analyte for analyte in ANALYTES}


def _plain(text: str) -> str:
    return " ".join(text.replace("_", " ").casefold().split())


def find_analyte(text: str) -> Analyte:
    """The analyte named by its key, label or a common alias, or ``InvalidEntry('analyte')``."""
    wanted = _plain(text)
    for analyte in ANALYTES:
        names = {_plain(analyte.key), _plain(analyte.label), *map(_plain, analyte.aliases)}
        if wanted in names:
            return analyte
    known = ", ".join(analyte.key for analyte in ANALYTES)
    raise InvalidEntry("analyte", f"{text!r} is not an analyte fibrotrack knows; known: {known}")


def _fold(text: str) -> str:
    """Spaces removed and case folded; casefold turns the micro sign into Greek mu."""
    return text.replace(" ", "").casefold()


def _spellings(name: str) -> set[str]:
    base = _fold(name)
    return {base.replace("μ", micro) for micro in ("μ", "u", "mc")}


def find_unit(analyte: Analyte, text: str) -> Unit:
    """The unit ``text`` of ``analyte`` (µ may be written u, mc or μ; case is ignored), or
    ``InvalidEntry('unit')`` listing the units it can be given in."""
    wanted = _fold(text)
    for unit in analyte.units:
        if wanted in _spellings(unit.name):
            return unit
    raise InvalidEntry(
        "unit",
        f"{text!r} is not a unit fibrotrack can convert for {analyte.label}; use one of "
        f"{', '.join(analyte.unit_names)}",
    )


def convert(analyte: Analyte, value: float, source: Unit, target: Unit) -> float:
    return target.from_standard(source.to_standard(value))


class RangeStatus(StrEnum):
    BELOW = "below the lab's range"
    WITHIN = "within the lab's range"
    ABOVE = "above the lab's range"
    NO_RANGE = "no range given"


@dataclass(frozen=True)
class LabResult:
    """A result as the lab reported it: value, unit and the lab's own reference range."""

    analyte: Analyte
    value: float
    unit: Unit
    low: float | None = None
    high: float | None = None

    @property
    def standard_value(self) -> float:
        return self.unit.to_standard(self.value)

    @property
    def status(self) -> RangeStatus:
        if self.low is None and self.high is None:
            return RangeStatus.NO_RANGE
        if self.low is not None and self.value < self.low:
            return RangeStatus.BELOW
        if self.high is not None and self.value > self.high:
            return RangeStatus.ABOVE
        return RangeStatus.WITHIN

    @property
    def range_text(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.low:g}–{self.high:g} {self.unit.name}"
        if self.low is not None:
            return f"≥ {self.low:g} {self.unit.name}"
        if self.high is not None:
            return f"≤ {self.high:g} {self.unit.name}"
        return "no range given"

    @property
    def message(self) -> str:
        """What fibrotrack says about the value: where it stands against the lab's range, and
        for a value outside it, "discuss with your clinician". Nothing more."""
        if self.status in {RangeStatus.BELOW, RangeStatus.ABOVE}:
            return f"{self.status.value} ({self.range_text}): {DISCUSS}"
        if self.status == RangeStatus.WITHIN:
            return f"{self.status.value} ({self.range_text})"
        return "no reference range given: ask the lab or your clinician for it"


def _number(value: float | None, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidEntry(field, f"{value!r} is not a number")
    if not math.isfinite(value):
        raise InvalidEntry(field, "must be a finite number")
    if value < 0:
        raise InvalidEntry(field, f"{value:g} cannot be negative")
    if value > MAX_VALUE:
        raise InvalidEntry(field, f"{value:g} is larger than any lab result: check the number")
    return float(value)


def lab_result(
    analyte: str, value: float, unit: str, low: float | None = None, high: float | None = None
) -> LabResult:
    """A checked lab result, or ``InvalidEntry`` naming the field: an unknown analyte or unit,
    a value that is not a number or outside the unit's plausible range, or a range whose low
    end is above its high end."""
    found = find_analyte(analyte)
    checked = _number(value, "value")
    assert checked is not None
    range_low, range_high = _number(low, "low"), _number(high, "high")
    if range_low is not None and range_high is not None and range_low > range_high:
        raise InvalidEntry(
            "low", f"{range_low:g} is above the high end of the range {range_high:g}"
        )
    given = find_unit(found, unit)
    if given.plausible is not None and not given.plausible[0] <= checked <= given.plausible[1]:
        low_end, high_end = given.plausible
        raise InvalidEntry(
            "value",
            f"{checked:g} {given.name} is outside what a {found.label} result can be "
            f"({low_end:g}–{high_end:g} {given.name}): check the number and the unit",
        )
    return LabResult(found, checked, given, range_low, range_high)
