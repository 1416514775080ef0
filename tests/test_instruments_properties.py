"""Property tests (hypothesis): ranges, monotonicity, the FIQR proration rule, band edges and
the generalized-pain trap hold for every possible answer set, not just the examples."""

from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fibrotrack.instruments import get, score
from fibrotrack.instruments.acr_criteria import AREA_IDS

FIQR_ITEMS = [item.id for item in get("fiqr").items]
FUNCTION = FIQR_ITEMS[:9]
OVERALL = FIQR_ITEMS[9:11]
SYMPTOMS = FIQR_ITEMS[11:]
NOT_IN_REGIONS = {"jaw_left", "jaw_right", "chest", "abdomen"}

fiqr_answers = st.fixed_dictionaries({item: st.integers(0, 10) for item in FIQR_ITEMS})


def fiqr_exact_total(answers: dict[str, int]) -> Fraction:
    """The published formula, written out independently of the scorer."""
    function = [answers[item] for item in FUNCTION if item in answers]
    function_sum = Fraction(sum(function)) * (Fraction(9, 8) if len(function) == 8 else 1)
    return (
        function_sum / 3
        + sum(answers[item] for item in OVERALL)
        + Fraction(sum(answers[item] for item in SYMPTOMS), 2)
    )


def fiqr_band(total: Fraction) -> str:
    """Salaffi 2020, applied to the unrounded total."""
    for limit, band in ((23, "remission"), (40, "mild"), (63, "moderate"), (82, "severe")):
        if total <= limit:
            return band
    return "very_severe"


@given(fiqr_answers)
def test_fiqr_total_and_subscores_stay_in_range(answers: dict[str, int]) -> None:
    result = score("fiqr", answers)
    assert result.valid and result.total is not None
    assert 0 <= result.total <= 100
    assert 0 <= result.subscores["function"] <= 30
    assert 0 <= result.subscores["overall"] <= 20
    assert 0 <= result.subscores["symptoms"] <= 50
    assert abs(sum(result.subscores.values()) - result.total) <= 0.011


@given(fiqr_answers, st.sampled_from([None, *FUNCTION]))
def test_fiqr_total_and_band_follow_the_formula(
    answers: dict[str, int], dropped: str | None
) -> None:
    if dropped is not None:
        answers = {key: value for key, value in answers.items() if key != dropped}
    exact = fiqr_exact_total(answers)
    result = score("fiqr", answers)
    assert result.total is not None and abs(result.total - float(exact)) <= 0.005 + 1e-9
    assert result.band == fiqr_band(exact)
    assert result.flags == ([] if dropped is None else ["function_prorated"])


@given(fiqr_answers, st.sampled_from(FUNCTION))
def test_fiqr_prorates_one_missing_function_item_by_nine_eighths(
    answers: dict[str, int], dropped: str
) -> None:
    others = [answers[item] for item in FUNCTION if item != dropped]
    without = {key: value for key, value in answers.items() if key != dropped}
    prorated = score("fiqr", without)
    assert prorated.subscores["function"] == round(sum(others) * 9 / 8 / 3 + 1e-9, 2)
    if answers[dropped] * 8 == sum(others):  # the missing item equals the others' mean
        assert prorated.total == score("fiqr", answers).total


@given(fiqr_answers, st.lists(st.sampled_from(FUNCTION), min_size=2, max_size=9, unique=True))
def test_fiqr_with_two_or_more_missing_function_items_is_never_scored(
    answers: dict[str, int], dropped: list[str]
) -> None:
    result = score("fiqr", {k: v for k, v in answers.items() if k not in dropped})
    assert not result.valid and result.total is None and result.band is None


@given(fiqr_answers, st.sampled_from(FIQR_ITEMS), st.sampled_from([None, *FUNCTION]))
def test_raising_any_fiqr_item_never_lowers_the_total(
    answers: dict[str, int], raised: str, dropped: str | None
) -> None:
    if dropped is not None and dropped != raised:
        answers = {key: value for key, value in answers.items() if key != dropped}
    if answers[raised] == 10:
        return
    before = score("fiqr", answers)
    after = score("fiqr", answers | {raised: answers[raised] + 1})
    assert after.total is not None and before.total is not None
    assert after.total >= before.total


def acr_strategy(version: str) -> st.SearchStrategy[dict[str, Any]]:
    part_b: dict[str, st.SearchStrategy[Any]] = (
        {"somatic": st.integers(0, 3)}
        if version == "acr2010"
        else {item: st.booleans() for item in ("headache", "abdominal", "depression")}
    )
    return st.fixed_dictionaries(
        {
            "areas": st.lists(st.sampled_from(AREA_IDS), unique=True),
            "fatigue": st.integers(0, 3),
            "unrefreshed": st.integers(0, 3),
            "cognitive": st.integers(0, 3),
            "duration_3mo": st.booleans(),
            **part_b,
        }
    )


def wolfe_2015_band(fs: int) -> str:
    for limit, band in ((3, "none"), (7, "mild"), (11, "moderate"), (19, "severe")):
        if fs <= limit:
            return band
    return "very_severe"


@given(
    st.sampled_from(["acr2010", "acr2011", "acr2016"]).flatmap(
        lambda version: st.tuples(st.just(version), acr_strategy(version))
    )
)
def test_acr_scores_stay_in_range_and_fs_is_wpi_plus_sss(case: tuple[str, dict[str, Any]]) -> None:
    version, answers = case
    result = score(version, answers)
    wpi, sss, regions = (result.subscores[key] for key in ("wpi", "sss", "regions"))
    assert 0 <= wpi <= 19 and 0 <= sss <= 12 and 0 <= regions <= 5
    assert result.total == wpi + sss
    assert result.band == wolfe_2015_band(int(wpi + sss))
    assert wpi == len(answers["areas"])


@given(acr_strategy("acr2016"))
def test_jaw_chest_and_abdomen_never_change_the_region_count(answers: dict[str, Any]) -> None:
    with_them = score("acr2016", answers)
    without = score(
        "acr2016", answers | {"areas": [a for a in answers["areas"] if a not in NOT_IN_REGIONS]}
    )
    assert with_them.subscores["regions"] == without.subscores["regions"]
    trap_areas = len(set(answers["areas"]) & NOT_IN_REGIONS)
    assert with_them.subscores["wpi"] == without.subscores["wpi"] + trap_areas


def raise_one(version: str, answers: dict[str, Any], item: str, area: str) -> dict[str, Any] | None:
    """``answers`` with ``item`` one step worse, or None if it is already at the top."""
    value = answers[item]
    if item == "areas":
        return None if area in value else answers | {"areas": [*value, area]}
    if isinstance(value, bool):
        return None if value else answers | {item: True}
    return None if value == 3 else answers | {item: value + 1}


@given(
    st.sampled_from(["acr2010", "acr2011", "acr2016"]).flatmap(
        lambda version: st.tuples(st.just(version), acr_strategy(version))
    ),
    st.integers(0, 10),
    st.sampled_from(AREA_IDS),
)
def test_raising_any_acr_item_never_lowers_fs_or_unmeets_the_criteria(
    case: tuple[str, dict[str, Any]], which: int, area: str
) -> None:
    version, answers = case
    items = [item.id for item in get(version).items]
    item = items[which % len(items)]
    raised = raise_one(version, answers, item, area)
    if raised is None:
        return
    before, after = score(version, answers), score(version, raised)
    assert after.total is not None and before.total is not None
    assert after.total >= before.total
    assert not (before.criteria_met and not after.criteria_met)


@given(
    st.sampled_from(["phq9", "gad7"]).flatmap(
        lambda instrument: st.tuples(
            st.just(instrument),
            st.lists(
                st.integers(0, 3),
                min_size=9 if instrument == "phq9" else 7,
                max_size=9 if instrument == "phq9" else 7,
            ),
            st.integers(0, 8),
        )
    )
)
def test_phq9_and_gad7_ranges_bands_and_monotonicity(case: tuple[str, list[int], int]) -> None:
    instrument, values, which = case
    answers = {f"q{number}": value for number, value in enumerate(values, start=1)}
    result = score(instrument, answers)
    total = sum(values)
    assert result.total == total
    edges = (
        ((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately_severe"), (27, "severe"))
        if instrument == "phq9"
        else ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))
    )
    assert result.band == next(band for limit, band in edges if total <= limit)
    assert ("self_harm" in result.flags) == (instrument == "phq9" and values[8] >= 1)
    item = f"q{which % len(values) + 1}"
    if answers[item] < 3:
        assert score(instrument, answers | {item: answers[item] + 1}).total == total + 1
