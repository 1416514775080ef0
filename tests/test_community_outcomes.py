""" "People like me" as pure functions: the minimum group size and its floor, each figure's own
count, coarse rounding, and a monthly summary that no parameter can narrow."""

import inspect

import pytest

from fibrotrack.community import (
    MINIMUM_GROUP_FLOOR,
    CommunityRules,
    CommunitySummary,
    Contribution,
    FactorEffect,
    PracticeOutcome,
    outcomes,
    people_count,
    rounded,
    summarise,
    summarise_practice,
    summary,
)
from fibrotrack.config import InvalidSetting, Settings, load_settings
from fibrotrack.diary import InvalidEntry


def _outcome(
    practice: str = "tai_chi",
    *,
    kept_up: bool = True,
    change: int | None = -12,
    fm30: bool | None = True,
    before: int | None = None,
    during: int | None = None,
) -> PracticeOutcome:
    return PracticeOutcome(
        practice, 12, 80 if kept_up else 30, kept_up, change, fm30, before, during
    )


def _people(
    n: int,
    *,
    practice: str = "tai_chi",
    kept_up: bool = True,
    change: int | None = -12,
    fm30: bool | None = True,
) -> list[Contribution]:
    outcome = _outcome(practice, kept_up=kept_up, change=change, fm30=fm30)
    return [Contribution("2026-11", (outcome,), ()) for _ in range(n)]


def test_the_minimum_group_size_can_be_raised_but_never_below_ten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert MINIMUM_GROUP_FLOOR == 10
    assert CommunityRules().min_group == 10
    assert CommunityRules(min_group=25).min_group == 25
    with pytest.raises(InvalidEntry, match="never computed from fewer than 10"):
        CommunityRules(min_group=9)
    with pytest.raises(InvalidEntry):
        CommunityRules(min_group=0)
    assert Settings().community_min_group == MINIMUM_GROUP_FLOOR
    monkeypatch.setenv("FIBROTRACK_COMMUNITY_MIN_GROUP", "20")
    assert load_settings().community_min_group == 20
    monkeypatch.setenv("FIBROTRACK_COMMUNITY_MIN_GROUP", "9")
    with pytest.raises(InvalidSetting) as raised:
        load_settings()
    assert raised.value.field == "FIBROTRACK_COMMUNITY_MIN_GROUP"


def test_a_group_of_nine_shows_nothing_and_ten_show_the_summary() -> None:
    rules = CommunityRules()
    nine = summarise_practice("tai_chi", _people(9), rules)
    assert not nine.shown
    assert (nine.kept_up, nine.fiqr_change, nine.fm30, nine.flare_change) == (None,) * 4
    ten = summarise_practice("tai_chi", _people(10), rules)
    assert ten.shown
    assert ten.kept_up is not None and ten.kept_up.text == "10–19"
    assert ten.fiqr_change is not None and ten.fiqr_change.median == -10.0
    assert ten.fm30 is not None and ten.fm30.share == 1.0


def test_nobody_and_nine_people_look_the_same() -> None:
    rules = CommunityRules()
    assert summarise_practice("tai_chi", [], rules) == summarise_practice(
        "tai_chi", _people(9), rules
    )


def test_people_who_did_not_keep_it_up_are_not_counted() -> None:
    rules = CommunityRules()
    mixed = _people(9) + _people(5, kept_up=False)
    assert not summarise_practice("tai_chi", mixed, rules).shown
    other = _people(12, practice="walking")
    assert not summarise_practice("tai_chi", other, rules).shown


def test_each_figure_needs_its_own_ten_people() -> None:
    """Twelve kept it up but only nine have a FIQR change: the change is not shown."""
    rules = CommunityRules()
    group = _people(9) + _people(3, change=None, fm30=None)
    found = summarise_practice("tai_chi", group, rules)
    assert found.shown and found.kept_up is not None
    assert found.fiqr_change is None
    assert found.fm30 is None
    assert found.flare_change is None  # nobody has flares before and during


def test_a_larger_minimum_hides_a_group_of_ten() -> None:
    assert not summarise_practice("tai_chi", _people(14), CommunityRules(min_group=15)).shown
    shown = summarise_practice("tai_chi", _people(15), CommunityRules(min_group=15))
    assert shown.kept_up is not None and shown.kept_up.text == "15–19"


def test_medians_quartiles_and_shares_are_coarse() -> None:
    rules = CommunityRules()
    changes = [-31, -22, -17, -16, -13, -12, -9, -4, -2, 3, 7]
    group = [
        Contribution(
            "2026-11",
            (_outcome(change=change, fm30=index < 4, before=4, during=4 - index % 3),),
            (),
        )
        for index, change in enumerate(changes)
    ]
    found = summarise_practice("tai_chi", group, rules)
    assert found.fiqr_change is not None and found.fm30 is not None
    assert found.fiqr_change.median == -10.0  # −12 → −10
    assert found.fiqr_change.low == -15.0  # −16.5 → −15
    assert found.fiqr_change.high == -5.0  # −3 → −5
    assert found.fm30.share == 0.4  # 4 of 11 = 36% → 40%
    assert found.flare_change is not None and found.flare_change.median == -1.0
    for value in (found.fiqr_change.median, found.fiqr_change.low, found.fiqr_change.high):
        assert value % 5 == 0


def test_rounding_and_counts() -> None:
    assert rounded(-12.5, 5) == -15.0
    assert rounded(12.4, 5) == 10.0
    assert rounded(0.45, 0.1) == 0.5
    assert rounded(0.349, 0.1) == 0.3
    assert rounded(-0.024, 0.05) == 0.0
    assert people_count(9, 10) is None
    assert [people_count(n, 10).text for n in (10, 19, 20, 49, 50, 999, 1000, 5000)] == [  # type: ignore[union-attr]
        "10–19",
        "10–19",
        "20–49",
        "20–49",
        "50–99",
        "500–999",
        "1000 or more",
        "1000 or more",
    ]


def test_the_summary_lists_every_practice_and_round_trips_through_json() -> None:
    rules = CommunityRules()
    people = [
        Contribution("2026-11", (_outcome(),), (FactorEffect("sleep_hours", -0.3 + i / 100, 0.1),))
        for i in range(12)
    ]
    found = summarise(
        "2026-11",
        people,
        practice_ids=["tai_chi", "walking"],
        factor_keys=["sleep_hours", "gluten"],
        rules=rules,
    )
    assert [p.practice_id for p in found.practices] == ["tai_chi", "walking"]
    assert found.practice("tai_chi").shown and not found.practice("walking").shown
    prior = found.factor("sleep_hours")
    assert prior.people is not None and prior.mean is not None
    assert prior.mean == pytest.approx(-0.25)  # −0.245 to the nearest 0.05
    assert found.factor("gluten").people is None
    assert CommunitySummary.from_json(found.as_json()) == found


def test_no_summary_function_takes_a_parameter_that_could_choose_people() -> None:
    allowed = {
        outcomes.summarise_practice: {"practice_id", "contributions", "rules"},
        outcomes.summarise_practices: {"practice_ids", "contributions", "rules"},
        summary.summarise: {"month", "contributions", "practice_ids", "factor_keys", "rules"},
    }
    for function, names in allowed.items():
        assert set(inspect.signature(function).parameters) == names
