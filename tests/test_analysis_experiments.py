"""Randomised self-experiments: schedule, instructions and an exact randomisation test."""

import itertools
from datetime import date, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.experiments import (
    ExperimentDesign,
    analyse_experiment,
    design_experiment,
    randomisation_p,
)
from fibrotrack.diary import InvalidEntry

START = date(2026, 3, 2)


def test_schedule_pairs_on_and_off_in_random_order_with_washout() -> None:
    design = design_experiment(
        np.random.default_rng(1), factor="coffee", outcome="pain", start=START
    )
    schedule = design.schedule()
    assert len(schedule) == design.days == 84 and design.end == START + timedelta(days=83)
    for pair in range(design.pairs):
        days = [plan for plan in schedule if plan.pair == pair]
        assert sum(plan.on for plan in days) == 7  # one on period and one off period
        assert days[0].on == design.on_first[pair]
    assert [plan.washout for plan in schedule[:7]] == [True, True] + [False] * 5
    orders = {
        design_experiment(
            np.random.default_rng(seed), factor="c", outcome="p", start=START
        ).on_first
        for seed in range(40)
    }
    assert len(orders) > 20  # the order really is drawn at random


def test_daily_instruction() -> None:
    design = ExperimentDesign(
        factor="coffee",
        outcome="pain",
        start=START,
        on_first=(False, True, True, False, True, False),
        on_text="coffee as usual",
        off_text="no coffee",
    )
    assert design.instruction(START).startswith("Today: no coffee. Pair 1 of 6, 'off' period")
    assert "washout day" in design.instruction(START)
    assert design.instruction(START + timedelta(days=7)).startswith("Today: coffee as usual.")
    assert "washout" not in design.instruction(START + timedelta(days=9))
    assert design.instruction(START - timedelta(days=1)).startswith("No experiment on")


def test_randomisation_p_is_exact_by_enumeration() -> None:
    d = np.array([1.2, 0.4, -0.3, 0.9, 1.5, 0.2])
    observed = abs(d.mean())
    count = sum(
        abs(np.mean(np.array(signs) * d)) >= observed - 1e-12
        for signs in itertools.product([1, -1], repeat=6)
    )
    assert randomisation_p(d) == count / 64
    assert randomisation_p(np.array([1.0, 2.0, 1.5, 0.5, 1.0, 3.0])) == 2 / 64  # all one way


def test_randomisation_test_holds_its_level_under_the_null() -> None:
    rng = np.random.default_rng(7)
    rejections = 0
    for _ in range(400):
        d = rng.standard_t(3, 6)
        rejections += randomisation_p(d) <= 0.05
    assert rejections / 400 <= 0.05


def _outcome(design: ExperimentDesign, effect: float, seed: int) -> dict[date, float]:
    rng = np.random.default_rng(seed)
    values = {}
    level = 0.0
    for plan in design.schedule():
        level = 0.6 * level + rng.normal(0, 0.8)
        values[plan.day] = 5 + level + (effect if plan.on else 0) + 0.02 * plan.period
    return values


def test_result_recovers_a_planted_effect() -> None:
    design = design_experiment(
        np.random.default_rng(3), factor="coffee", outcome="pain", start=START, pairs=8
    )
    outcome = _outcome(design, -1.5, seed=3)
    followed = {day: True for day in list(outcome)[:100]}
    result = analyse_experiment(design, outcome, followed, today=design.end)
    assert result.pairs_used == 8 and result.complete
    assert result.effect is not None and result.ci is not None and result.p is not None
    assert result.ci[0] < -1.5 < result.ci[1] and result.ci[1] < 0
    assert result.p == 2 / 256
    assert result.on_days == result.off_days == 8 * 5
    assert result.adherence == 1.0
    assert "randomisation test p = 0.00781" in result.sentence


def test_interim_look_and_missing_pairs_are_noted() -> None:
    design = design_experiment(np.random.default_rng(4), factor="x", outcome="pain", start=START)
    outcome = _outcome(design, 0.0, seed=4)
    first_pair = {d: v for d, v in outcome.items() if d < START + timedelta(days=14)}
    followed = {d: d.day % 2 == 0 for d in first_pair}
    result = analyse_experiment(design, first_pair, followed, today=START + timedelta(days=30))
    assert result.effect is None and result.p is None
    assert result.sentence.startswith("Not enough data yet: 1 complete pair")
    assert any("interim look" in note for note in result.notes)
    assert any("Pair 2 is left out" in note for note in result.notes)
    assert any("followed on" in note for note in result.notes)


def test_short_designs_are_warned_about_and_bad_designs_refused() -> None:
    design = design_experiment(
        np.random.default_rng(5), factor="x", outcome="pain", start=START, pairs=3
    )
    result = analyse_experiment(design, _outcome(design, 0, 5), {}, today=design.end)
    assert any("smallest possible p-value is 0.25" in note for note in result.notes)
    with pytest.raises(InvalidEntry, match="washout_days"):
        ExperimentDesign("x", "pain", START, (True,), period_days=3, washout_days=2)
    with pytest.raises(InvalidEntry, match="pairs"):
        design_experiment(np.random.default_rng(1), factor="x", outcome="p", start=START, pairs=0)


def test_a_design_that_can_never_give_a_result_is_refused() -> None:
    with pytest.raises(InvalidEntry, match="pairs: must be between 2 and 16") as refused:
        design_experiment(
            np.random.default_rng(1), factor="x", outcome="pain", start=START, pairs=1
        )
    assert "at least 2 pairs" in refused.value.message
    design = design_experiment(
        np.random.default_rng(2), factor="x", outcome="pain", start=START, pairs=2
    )
    result = analyse_experiment(design, _outcome(design, 0, 2), {}, today=design.end)
    assert result.effect is not None and result.ci is not None and result.p is not None
    assert any("smallest possible p-value is 0.5" in note for note in result.notes)


def test_a_stopped_experiment_is_final_as_of_its_stop_day() -> None:
    design = design_experiment(
        np.random.default_rng(6), factor="coffee", outcome="pain", start=START
    )
    stopped = START + timedelta(days=43)  # three whole pairs, then two washout days
    today = START + timedelta(days=80)  # pairs 4 and 5 would have ended by now
    outcome = {day: value for day, value in _outcome(design, 0.0, 6).items() if day <= stopped}
    followed = {plan.day: plan.day <= stopped for plan in design.schedule() if plan.day <= today}
    result = analyse_experiment(design, outcome, followed, today=today, stopped=stopped)
    assert result.stopped == stopped and not result.complete
    assert result.pairs_used == 3 and result.p is not None
    assert result.sentence.startswith(
        f"Stopped early on {stopped}: in 3 of the 6 planned randomised pairs, your pain was"
    )
    assert not any("interim look" in note for note in result.notes)
    assert not any("left out" in note for note in result.notes)  # the later pairs never ran
    assert any(
        "this result is final" in note and "smallest possible p-value is 0.25" in note
        for note in result.notes
    )
    assert result.adherence == 1.0  # days after the stop are not the experiment's
    assert result.as_json()["stopped"] == stopped.isoformat()

    early = analyse_experiment(design, outcome, {}, today=today, stopped=START + timedelta(days=8))
    assert early.effect is None
    assert early.sentence.startswith(f"Stopped early on {START + timedelta(days=8)} with 0")
    assert "no estimate" in early.sentence and "yet" not in early.sentence

    on_the_last_day = analyse_experiment(
        design, _outcome(design, 0.0, 6), {}, today=design.end, stopped=design.end
    )
    assert on_the_last_day.complete and on_the_last_day.stopped is None


def test_a_finished_experiment_with_too_few_pairs_says_so_without_yet() -> None:
    design = design_experiment(np.random.default_rng(4), factor="x", outcome="pain", start=START)
    first_pair = {d: v for d, v in _outcome(design, 0.0, 4).items() if d < START + timedelta(14)}
    result = analyse_experiment(design, first_pair, {}, today=design.end)
    assert result.complete and result.effect is None
    assert "yet" not in result.sentence and "no estimate" in result.sentence
