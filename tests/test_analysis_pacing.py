"""Boom-bust counting on synthetic activity and symptoms with a planted pattern."""

from datetime import date, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.pacing import BoomRule, find_boom_bust
from fibrotrack.diary import InvalidEntry

START = date(2025, 1, 1)


def _person(
    n: int, booms: list[int], lag: int | None, seed: int = 1
) -> tuple[list[date], list[float], dict[str, list[float]]]:
    rng = np.random.default_rng(seed)
    steps = rng.normal(5000, 500, n)
    rise = np.zeros(n)
    for day in booms:
        steps[day] = 11000
        if lag is not None and day + lag < n:
            rise[day + lag : day + lag + 2] = 3.0
    pain = np.clip(np.rint(5 + rise + rng.normal(0, 0.6, n)), 0, 10)
    fatigue = np.clip(np.rint(5 + rise + rng.normal(0, 0.6, n)), 0, 10)
    days = [START + timedelta(days=i) for i in range(n)]
    return days, list(steps), {"pain": list(pain), "fatigue": list(fatigue)}


BOOMS = [40, 60, 80, 100, 120, 140, 160, 180]


def test_a_planted_boom_bust_pattern_is_found_with_its_lag() -> None:
    days, steps, ratings = _person(200, BOOMS, lag=2)
    result = find_boom_bust(days, steps, ratings)
    assert [days[i] for i in BOOMS] == result.boom_days
    assert result.busts == result.boom_days
    assert result.rate == 1.0
    assert result.typical_lag == 2
    assert result.chance_rate is not None and result.chance_rate < 0.3


def test_booms_without_a_rise_are_not_busts() -> None:
    days, steps, ratings = _person(200, BOOMS, lag=None, seed=2)
    result = find_boom_bust(days, steps, ratings)
    assert len(result.boom_days) == len(BOOMS)
    assert result.rate < 0.5
    assert result.chance_rate is not None
    assert abs(result.rate - result.chance_rate) < 0.4


def test_unlogged_follow_up_days_are_not_judged() -> None:
    days, steps, ratings = _person(200, BOOMS, lag=2, seed=3)
    gone = {b + k for b in BOOMS[:3] for k in (1, 2, 3)}
    keep = [i for i in range(200) if i not in gone]
    result = find_boom_bust(
        [days[i] for i in keep],
        [steps[i] for i in keep],
        {k: [v[i] for i in keep] for k, v in ratings.items()},
    )
    assert len(result.boom_days) == len(BOOMS)
    assert result.judged == len(BOOMS) - 3
    assert result.rate == 1.0


def test_no_booms_gives_an_empty_answer() -> None:
    days, steps, ratings = _person(100, [], lag=None)
    result = find_boom_bust(days, steps, ratings["pain"])
    assert result.boom_days == [] and result.busts == []
    assert result.rate == 0.0 and result.typical_lag is None


def test_rule_is_checked() -> None:
    with pytest.raises(InvalidEntry, match="ratio"):
        BoomRule(ratio=0.9)


@pytest.mark.parametrize("n", [1, 2])
def test_a_diary_of_a_few_days_gives_an_empty_answer(n: int) -> None:
    days, steps, ratings = _person(n, [], lag=None)
    result = find_boom_bust(days, steps, ratings)
    assert result.boom_days == [] and result.judged == 0


def test_no_days_is_refused() -> None:
    with pytest.raises(InvalidEntry, match="no days"):
        find_boom_bust([], [], {"pain": []})
