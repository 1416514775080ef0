"""The food verdict on synthetic protocols with known truth: a planted food effect and none."""

from datetime import date, timedelta

import numpy as np
import pytest

from fibrotrack.body.food_verdict import (
    Verdict,
    compare,
    food_verdict,
    lag1_autocorrelation,
)

START = date(2026, 1, 1)


def synthetic(
    seed: int, effect: float, sd: float, *, baseline: int = 14, window: int = 5
) -> tuple[dict[date, float], dict[date, float]]:
    """Daily 0–10 ratings around 3 with AR(1) noise (φ = 0.3); ``effect`` added in the window."""
    rng = np.random.default_rng(seed)
    n = baseline + window
    noise = rng.normal(0, sd, n)
    series = np.empty(n)
    series[0] = noise[0] / np.sqrt(1 - 0.3**2)
    for t in range(1, n):
        series[t] = 0.3 * series[t - 1] + noise[t]
    planted = np.concatenate([np.zeros(baseline), np.full(window, effect)])
    ratings = np.clip(np.rint(3 + series + planted), 0, 10)
    days = [START + timedelta(days=i) for i in range(n)]
    return (
        {days[i]: float(ratings[i]) for i in range(baseline)},
        {days[i]: float(ratings[i]) for i in range(baseline, n)},
    )


def verdicts(effect: float, sd: float, seeds: int) -> list[Verdict]:
    return [compare("gi_symptoms", *synthetic(seed, effect, sd)).verdict for seed in range(seeds)]


def test_a_planted_food_effect_is_found() -> None:
    found = verdicts(2.5, 0.7, 300)
    assert found.count(Verdict.WORSENS) / len(found) >= 0.8
    assert Verdict.NO_CLEAR_EFFECT not in found


def test_without_an_effect_a_food_is_rarely_blamed() -> None:
    found = verdicts(0.0, 1.0, 400)
    assert found.count(Verdict.WORSENS) / len(found) <= 0.05


def test_without_an_effect_and_steady_symptoms_the_verdict_is_no_clear_effect() -> None:
    found = verdicts(0.0, 0.3, 300)
    assert found.count(Verdict.NO_CLEAR_EFFECT) / len(found) >= 0.75
    assert Verdict.WORSENS not in found


def test_the_interval_covers_the_planted_effect() -> None:
    covered = 0
    for seed in range(300):
        change = compare("gi_symptoms", *synthetic(seed, 2.0, 1.0))
        assert change.low is not None and change.high is not None
        covered += change.low <= 2.0 <= change.high
    assert covered / 300 >= 0.93


def test_one_example_reports_its_numbers() -> None:
    baseline, window = synthetic(3, 2.5, 0.7)
    change = compare("gi_symptoms", baseline, window)
    assert change.baseline_days == 14
    assert change.window_days == 5
    assert change.difference == pytest.approx(
        np.mean(list(window.values())) - np.mean(list(baseline.values()))
    )
    assert change.low is not None and change.high is not None
    assert change.low < change.difference < change.high


def test_too_few_days_is_inconclusive() -> None:
    baseline, window = synthetic(1, 3.0, 0.5)
    short = dict(list(window.items())[:2])
    change = compare("gi_symptoms", baseline, short)
    assert change.verdict == Verdict.INCONCLUSIVE
    assert change.difference is None
    assert "too few" in change.reason


def test_any_outcome_that_worsens_makes_the_food_worsen() -> None:
    gi = synthetic(5, 3.0, 0.5)
    pain = synthetic(6, 0.0, 0.3)
    verdict = food_verdict(
        "gluten", {"gi_symptoms": gi[0], "pain": pain[0]}, {"gi_symptoms": gi[1], "pain": pain[1]}
    )
    assert verdict.verdict == Verdict.WORSENS
    assert [change.outcome for change in verdict.outcomes] == ["gi_symptoms", "pain"]
    assert all(change.confidence == pytest.approx(0.975) for change in verdict.outcomes)
    calm = food_verdict("dairy", {"pain": pain[0]}, {"pain": pain[1]})
    assert calm.verdict == Verdict.NO_CLEAR_EFFECT


def test_autocorrelation_uses_consecutive_days_only() -> None:
    alternating = {START + timedelta(days=i): float(i % 2) for i in range(10)}
    assert lag1_autocorrelation(alternating) == 0.0  # negative, clipped at 0
    trend = {START + timedelta(days=i): float(i) for i in range(10)}
    assert lag1_autocorrelation(trend) == pytest.approx(0.7, abs=0.11)
    gappy = {START + timedelta(days=2 * i): float(i) for i in range(10)}
    assert lag1_autocorrelation(gappy) == 0.0


def steady(start: date, values: list[float]) -> dict[date, float]:
    return {start + timedelta(days=i): value for i, value in enumerate(values)}


MOOD_BASELINE = steady(START, [7, 8, 7, 8, 7, 8, 7, 8, 7, 8, 7, 8, 7, 8])
MOOD_DOWN = steady(START + timedelta(days=14), [2, 3, 2, 3, 3])
MOOD_UP = steady(START + timedelta(days=14), [10, 10, 10, 10, 10])


def test_a_fall_in_a_rating_where_higher_is_better_is_a_worsening() -> None:
    fell = compare("mood", MOOD_BASELINE, MOOD_DOWN, higher_is_worse=False)
    assert fell.verdict == Verdict.WORSENS
    assert fell.difference == pytest.approx(2.6 - 7.5)  # shown as the change, in points
    assert fell.high is not None and fell.high < 0
    assert fell.reason.startswith("fell by 4.9 points")
    rose = compare("mood", MOOD_BASELINE, MOOD_UP, higher_is_worse=False)
    assert rose.verdict == Verdict.NO_CLEAR_EFFECT
    assert "any fall is smaller than 1 point(s)" in rose.reason
    # The same numbers read as a symptom rating, where a rise is the worsening.
    assert compare("pain", MOOD_BASELINE, MOOD_UP).verdict == Verdict.WORSENS
    assert compare("pain", MOOD_BASELINE, MOOD_DOWN).verdict == Verdict.NO_CLEAR_EFFECT


def test_each_outcome_is_judged_in_its_own_direction() -> None:
    gi = synthetic(6, 0.0, 0.3)
    verdict = food_verdict(
        "gluten",
        {"gi_symptoms": gi[0], "mood": MOOD_BASELINE},
        {"gi_symptoms": gi[1], "mood": MOOD_DOWN},
        higher_is_worse={"gi_symptoms": True, "mood": False},
    )
    assert verdict.verdict == Verdict.WORSENS
    assert [(c.outcome, c.higher_is_worse, c.verdict) for c in verdict.outcomes] == [
        ("gi_symptoms", True, Verdict.NO_CLEAR_EFFECT),
        ("mood", False, Verdict.WORSENS),
    ]


def test_a_rating_whose_direction_is_unknown_is_inconclusive() -> None:
    change = compare("energy", MOOD_BASELINE, MOOD_DOWN, higher_is_worse=None)
    assert change.verdict == Verdict.INCONCLUSIVE
    assert change.difference is None
    assert "not known" in change.reason
