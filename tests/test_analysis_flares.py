"""Flare episodes against the personal baseline, on synthetic diaries with planted flares."""

from datetime import date, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.baseline import row_medians
from fibrotrack.analysis.flares import (
    FLARE_PRESETS,
    FlareEpisode,
    FlareRule,
    checkable_days,
    detect_flares,
)
from fibrotrack.diary import InvalidEntry

START = date(2025, 1, 1)


def _diary(
    n: int, flares: list[tuple[int, int, float]], seed: int = 1
) -> tuple[list[date], dict[str, list[float | None]]]:
    rng = np.random.default_rng(seed)
    rise = np.zeros(n)
    for first, length, size in flares:
        rise[first : first + length] = size
    noise = rng.normal(0, 0.7, n)
    pain = np.clip(np.rint(5 + rise + noise), 0, 10)
    fatigue = np.clip(np.rint(6 + rise + rng.normal(0, 0.7, n)), 0, 10)
    days = [START + timedelta(days=i) for i in range(n)]
    return days, {"pain": list(pain), "fatigue": list(fatigue)}


def test_planted_flares_are_found_with_their_dates_and_size() -> None:
    days, ratings = _diary(300, [(120, 10, 3.0), (220, 14, 3.0)])
    episodes = detect_flares(days, ratings)
    assert len(episodes) == 2
    for episode, (first, length) in zip(episodes, [(120, 10), (220, 14)], strict=True):
        assert abs((episode.start - days[first]).days) <= 2
        assert abs((episode.end - days[first + length - 1]).days) <= 3
        assert episode.start <= episode.peak_day <= episode.end
        assert 2.0 <= episode.severity <= 4.0
        assert episode.peak >= 7.5


def test_a_quiet_diary_has_no_flares_and_one_bad_day_is_not_a_flare() -> None:
    days, ratings = _diary(300, [(150, 1, 4.0)], seed=3)
    assert detect_flares(days, ratings) == []


def test_missing_days_are_missing_not_a_recovery() -> None:
    days, ratings = _diary(300, [(150, 20, 3.0)], seed=4)
    kept = [i for i in range(300) if not 155 <= i < 160]
    episodes = detect_flares(
        [days[i] for i in kept], {k: [v[i] for i in kept] for k, v in ratings.items()}
    )
    assert len(episodes) == 1
    assert episodes[0].start <= days[152] and episodes[0].end >= days[165]


def test_none_values_count_as_missing() -> None:
    days, ratings = _diary(200, [(120, 12, 3.0)], seed=5)
    ratings["pain"] = [None if 125 <= i < 128 else v for i, v in enumerate(ratings["pain"])]
    ratings["fatigue"] = [None if 125 <= i < 128 else v for i, v in enumerate(ratings["fatigue"])]
    assert len(detect_flares(days, ratings)) == 1


def test_a_single_series_and_a_single_symptom_work() -> None:
    days, ratings = _diary(250, [(150, 12, 3.0)], seed=6)
    assert len(detect_flares(days, ratings["pain"])) == 1
    assert len(detect_flares(days, ratings, symptoms=("fatigue",))) == 1


def test_the_first_weeks_have_no_baseline_so_no_flares() -> None:
    days, ratings = _diary(60, [(2, 10, 4.0)], seed=7)
    assert detect_flares(days, ratings) == []


def test_a_day_can_be_judged_once_three_weeks_were_logged_before_the_last_week() -> None:
    days, ratings = _diary(60, [], seed=7)
    checked = checkable_days(days, ratings)
    assert checked[0] == days[28]  # days 0–20 are the 21 baseline days; 21–27 the skipped week
    assert checked == days[28:]
    kept = [i for i in range(60) if i != 40]
    gappy = checkable_days(
        [days[i] for i in kept], {k: [v[i] for i in kept] for k, v in ratings.items()}
    )
    assert days[40] not in gappy and days[41] in gappy


def test_quiet_preset_flags_no_more_than_sensitive() -> None:
    days, ratings = _diary(730, [(200, 8, 1.6), (400, 8, 1.6), (600, 10, 3.0)], seed=8)
    sensitive = detect_flares(days, ratings, rule=FLARE_PRESETS["sensitive"])
    quiet = detect_flares(days, ratings, rule=FLARE_PRESETS["quiet"])
    assert len(quiet) <= len(sensitive)
    assert any(abs((e.start - days[600]).days) <= 3 for e in quiet)


def test_thresholds_are_configurable_and_checked() -> None:
    days, ratings = _diary(300, [(150, 10, 3.0)], seed=9)
    assert detect_flares(days, ratings, rule=FlareRule(on_above=9.0, off_below=0.5)) == []
    with pytest.raises(InvalidEntry, match="off_below"):
        FlareRule(on_above=1.0, off_below=1.5)


def test_bad_input_is_reported() -> None:
    days, ratings = _diary(50, [])
    with pytest.raises(InvalidEntry, match="symptoms"):
        detect_flares(days, {"mood": ratings["pain"]})
    with pytest.raises(InvalidEntry, match="order"):
        detect_flares(list(reversed(days)), ratings)
    with pytest.raises(InvalidEntry, match="values"):
        detect_flares(days[:-1], ratings)


def test_episode_length_in_days() -> None:
    episode = FlareEpisode(date(2025, 3, 1), date(2025, 3, 7), date(2025, 3, 3), 8.0, 2.5)
    assert episode.days == 7


def test_row_medians_are_the_medians_of_the_logged_values() -> None:
    rows = np.array(
        [
            [3.0, np.nan, 1.0, 2.0],  # logged 3, 1, 2: median 2
            [4.0, 1.0, np.nan, np.nan],  # logged 4, 1: median 2.5
            [np.nan, np.nan, 7.0, np.nan],  # one logged value
            [5.0, 9.0, 1.0, 3.0],  # even count: (3 + 5) / 2
        ]
    )
    assert list(row_medians(rows)) == [2.0, 2.5, 7.0, 4.0]
    rng = np.random.default_rng(3)
    windows = rng.normal(5, 2, (400, 90))
    windows[rng.random(windows.shape) < 0.4] = np.nan
    np.testing.assert_allclose(row_medians(windows), np.nanmedian(windows, axis=1))
