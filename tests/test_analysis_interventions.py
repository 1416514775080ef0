"""Before/after effects of a start date, on synthetic series with a known change."""

from datetime import date, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.interventions import estimate_effect
from fibrotrack.analysis.synthetic import ar1
from fibrotrack.diary import InvalidEntry

FIRST = date(2025, 1, 1)


def _series(seed: int, n: int, start: int, change: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    ramp = np.clip((t - start + 1) / 14, 0, 1)
    y = np.clip(np.rint(6 + change * ramp + ar1(rng, n, 0.5, 0.9)), 0, 10)
    y[rng.random(n) < 0.1] = np.nan
    return y


def test_a_clear_drop_is_estimated_with_an_interval_that_holds_it() -> None:
    y = _series(1, 300, 150, -2.0)
    effect = estimate_effect(
        y, first_day=FIRST, start=FIRST + timedelta(days=150), name="tai chi", with_slope=True
    )
    assert effect.change is not None and effect.ci is not None and effect.p is not None
    assert effect.ci[0] < -2.0 < effect.ci[1]
    assert effect.ci[1] < 0 and effect.p < 0.05
    assert effect.placebos >= 3
    assert effect.slope_change is not None and effect.slope_ci is not None
    assert effect.sentence.startswith("After you started tai chi on 2025-05-31, your pain level")
    assert "cannot show that tai chi made the difference" in effect.sentence


def test_asking_for_the_slope_leaves_the_level_and_its_interval_as_they_are() -> None:
    """The CLI shows the slope and the web does not: both must give the same verdict."""
    y = _series(3, 300, 150, -1.0)
    start = FIRST + timedelta(days=150)
    level = estimate_effect(y, first_day=FIRST, start=start, name="mindfulness", with_slope=False)
    both = estimate_effect(y, first_day=FIRST, start=start, name="mindfulness", with_slope=True)
    assert (both.change, both.ci, both.p, both.sentence) == (
        level.change,
        level.ci,
        level.p,
        level.sentence,
    )
    assert both.slope_change is not None and level.slope_change is None


def test_no_change_is_said_plainly() -> None:
    y = _series(2, 300, 150, 0.0)
    effect = estimate_effect(
        y, first_day=FIRST, start=FIRST + timedelta(days=150), name="magnesium", with_slope=False
    )
    assert effect.ci is not None and effect.ci[0] < 0 < effect.ci[1]
    assert effect.sentence.startswith("No clear change after you started magnesium")
    assert effect.slope_change is None


def test_too_little_data_before_the_start() -> None:
    y = _series(3, 200, 20, -1.0)
    effect = estimate_effect(y, first_day=FIRST, start=FIRST + timedelta(days=20), name="diet")
    assert effect.change is None and effect.ci is None
    assert effect.sentence.startswith("Not enough data:")
    assert "at least 28 before and 28 after" in effect.sentence


def test_start_in_a_flare_and_close_starts_are_warned_about() -> None:
    y = _series(4, 300, 150, -1.0)
    start = FIRST + timedelta(days=150)
    flare = (start - timedelta(days=8), start - timedelta(days=2))
    effect = estimate_effect(
        y,
        first_day=FIRST,
        start=start,
        name="walking",
        other_starts=[("walking", start), ("mindfulness", start + timedelta(days=10))],
        flares=[flare],
        with_slope=False,
    )
    text = " ".join(effect.warnings)
    assert "during or right after a flare" in text and "regression to the mean" in text
    assert "mindfulness started 10 days after walking" in text


def test_only_the_days_up_to_a_stop_count_as_after() -> None:
    y = _series(6, 300, 150, 0.0)
    start = FIRST + timedelta(days=150)
    stopped = estimate_effect(
        y, first_day=FIRST, start=start, name="amitriptyline", with_slope=False,
        end=start + timedelta(days=8),
    )  # fmt: skip
    assert stopped.change is None and stopped.after_days == 0
    assert stopped.sentence.startswith("Not enough data")
    assert "amitriptyline was stopped on 2025-06-08" in " ".join(stopped.warnings)
    taken_longer = estimate_effect(
        y, first_day=FIRST, start=start, name="amitriptyline", with_slope=False,
        end=start + timedelta(days=80),
    )  # fmt: skip
    assert taken_longer.change is not None and 50 <= taken_longer.after_days <= 66


def test_a_restarted_treatment_keeps_both_its_starts() -> None:
    y = _series(7, 300, 150, 0.0)
    start = FIRST + timedelta(days=150)
    effect = estimate_effect(
        y, first_day=FIRST, start=start, name="magnesium", with_slope=False,
        other_starts=[("ibuprofen", start - timedelta(days=100)),
                      ("ibuprofen", start + timedelta(days=5)), ("zinc", start)],
    )  # fmt: skip
    assert "ibuprofen started 5 days after magnesium" in " ".join(effect.warnings)
    assert "zinc started on the same day as magnesium" in " ".join(effect.warnings)


def test_start_in_a_high_patch_is_warned_about() -> None:
    y = _series(5, 300, 150, 0.0)
    y[136:150] = 9
    effect = estimate_effect(
        y, first_day=FIRST, start=FIRST + timedelta(days=150), name="yoga", with_slope=False
    )
    assert any("high patch" in warning for warning in effect.warnings)


def test_a_start_outside_the_data_is_refused() -> None:
    with pytest.raises(InvalidEntry, match="start"):
        estimate_effect(np.full(100, 5.0), first_day=FIRST, start=date(2030, 1, 1), name="x")
