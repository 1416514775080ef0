"""Lab units and conversions against published factors, and ranges shown without diagnosis."""

import pytest

from fibrotrack.body.labs import (
    ANALYTES,
    DISCUSS,
    RangeStatus,
    convert,
    find_analyte,
    find_unit,
    lab_result,
)
from fibrotrack.diary import InvalidEntry

REQUIRED = {
    "tsh",
    "free_t4",
    "vitamin_d",
    "ferritin",
    "cortisol_morning",
    "crp",
    "vitamin_b12",
    "hba1c",
    "estradiol",
    "progesterone",
    "testosterone",
}


def test_every_required_analyte_is_known() -> None:
    assert {analyte.key for analyte in ANALYTES} >= REQUIRED


@pytest.mark.parametrize(
    ("analyte", "unit", "factor"),
    [
        # Published conventional → SI factors (AMA Manual of Style SI conversion table).
        ("vitamin_d", "ng/mL", 2.496),
        ("free_t4", "ng/dL", 12.87),
        ("cortisol_morning", "µg/dL", 27.59),
        ("vitamin_b12", "pg/mL", 0.7378),
        ("estradiol", "pg/mL", 3.671),
        ("progesterone", "ng/mL", 3.180),
        ("testosterone", "ng/dL", 0.03467),
        ("crp", "mg/dL", 10.0),
        ("tsh", "µIU/mL", 1.0),
        ("ferritin", "ng/mL", 1.0),
    ],
)
def test_conversion_factors(analyte: str, unit: str, factor: float) -> None:
    found = find_analyte(analyte)
    assert find_unit(found, unit).to_standard(1.0) == pytest.approx(factor, rel=1e-3)


def test_hba1c_uses_the_ifcc_ngsp_master_equation() -> None:
    hba1c = find_analyte("HbA1c")
    percent = find_unit(hba1c, "%")
    # Published pairs: 6.5% = 48 mmol/mol, 7.0% = 53 mmol/mol, 5.0% = 31 mmol/mol.
    assert round(percent.to_standard(6.5)) == 48
    assert round(percent.to_standard(7.0)) == 53
    assert round(percent.to_standard(5.0)) == 31
    assert convert(hba1c, 48.0, hba1c.standard, percent) == pytest.approx(6.54, abs=0.01)


def test_conversions_round_trip() -> None:
    vitamin_d = find_analyte("25-OH vitamin D")
    ng = find_unit(vitamin_d, "ng/mL")
    assert convert(vitamin_d, 20.0, ng, vitamin_d.standard) == pytest.approx(49.92, abs=0.01)
    assert convert(vitamin_d, 49.92, vitamin_d.standard, ng) == pytest.approx(20.0, abs=0.001)


@pytest.mark.parametrize("spelling", ["ug/dL", "mcg/dl", "μg/dL", "µg/dL", " UG / DL "])
def test_micro_can_be_spelled_several_ways(spelling: str) -> None:
    assert find_unit(find_analyte("cortisol"), spelling).name == "µg/dL"


def test_unknown_units_and_analytes_are_refused_clearly() -> None:
    with pytest.raises(InvalidEntry) as raised:
        lab_result("vitamin D", 20, "mg")
    assert raised.value.field == "unit"
    assert "nmol/L, ng/mL" in raised.value.message
    with pytest.raises(InvalidEntry) as raised:
        lab_result("unobtainium", 1, "mg/L")
    assert raised.value.field == "analyte"
    with pytest.raises(InvalidEntry) as raised:
        lab_result("ferritin", 40, "µg/L", low=300, high=15)
    assert raised.value.field == "low"
    with pytest.raises(InvalidEntry) as raised:
        lab_result("ferritin", float("nan"), "µg/L")
    assert raised.value.field == "value"


def test_values_are_shown_against_the_labs_own_range() -> None:
    low = lab_result("vitamin_d", 18, "ng/mL", low=30, high=100)
    assert low.status == RangeStatus.BELOW
    assert low.message == f"below the lab's range (30–100 ng/mL): {DISCUSS}"
    assert low.standard_value == pytest.approx(44.93, abs=0.01)
    high = lab_result("crp", 7.2, "mg/L", high=5)
    assert high.status == RangeStatus.ABOVE
    assert high.message.endswith(DISCUSS)
    within = lab_result("tsh", 2.1, "mIU/L", low=0.4, high=4.0)
    assert within.status == RangeStatus.WITHIN
    assert DISCUSS not in within.message
    assert lab_result("ferritin", 40, "µg/L").status == RangeStatus.NO_RANGE


def test_messages_never_diagnose_or_dose() -> None:
    for value in (1.0, 50.0, 500.0):
        message = lab_result("vitamin_d", value, "nmol/L", low=50, high=125).message.casefold()
        for word in ("deficien", "insufficien", "toxic", "take ", "dose", " iu"):
            assert word not in message


@pytest.mark.parametrize(
    ("value", "unit"), [(1.0, "%"), (2.1, "%"), (250.0, "%"), (25.5, "%"), (0.5, "mmol/mol")]
)
def test_an_impossible_hba1c_is_refused_in_its_own_unit(value: float, unit: str) -> None:
    # 1 % would be stored as −12.6 mmol/mol and 250 % as 2709 mmol/mol.
    with pytest.raises(InvalidEntry) as raised:
        lab_result("hba1c", value, unit)
    assert raised.value.field == "value"
    assert "HbA1c result can be" in raised.value.message and unit in raised.value.message


def test_hba1c_at_the_ends_of_real_results_is_kept() -> None:
    assert lab_result("hba1c", 4.0, "%").standard_value == pytest.approx(20.2, abs=0.1)
    assert lab_result("hba1c", 20.0, "%").standard_value > 0
    assert lab_result("hba1c", 180.0, "mmol/mol").value == 180.0
