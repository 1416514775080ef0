"""The association engine on small synthetic series whose truth is known."""

import re
from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats

from fibrotrack.analysis.associations import (
    AssociationReport,
    EvidenceRules,
    FactorSeries,
    analyse_associations,
    lagged,
)
from fibrotrack.analysis.sentences import number_sentence, tag_sentence
from fibrotrack.analysis.synthetic import (
    PatientSpec,
    ar1,
    missing_days,
    persistent_exposure,
    synthetic_patient,
)
from fibrotrack.diary import InvalidEntry

FIRST = date(2025, 1, 6)


def _pain(rng: np.random.Generator, n: int, extra: np.ndarray) -> np.ndarray:
    t = np.arange(n)
    slow = 0.8 * np.sin(2 * np.pi * t / 200) + 0.6 * t / n
    return np.clip(np.rint(5 + slow + extra + ar1(rng, n, 0.6, 0.9)), 0, 10)


def _with_gaps(rng: np.random.Generator, values: np.ndarray, rate: float = 0.15) -> np.ndarray:
    out = values.astype(np.float64).copy()
    out[missing_days(rng, len(values), rate, 2.0)] = np.nan
    return out


def _row(report: AssociationReport, factor: str, lag: int):
    return next(f for f in report.findings if f.factor == factor and f.lag == lag)


def test_a_planted_lag_2_trigger_is_found_at_lag_2() -> None:
    rng = np.random.default_rng(11)
    n = 365
    gluten = persistent_exposure(rng, n, prevalence=0.3, phi=0.3).astype(np.float64)
    pain = _pain(rng, n, 1.2 * np.nan_to_num(lagged(gluten, 2)))
    pain[:2] = np.nan
    missing = missing_days(rng, n, 0.15, 2.0)
    pain[missing] = np.nan
    gluten_logged = gluten.copy()
    gluten_logged[missing] = np.nan
    report = analyse_associations(
        pain, [FactorSeries("gluten", gluten_logged)], first_day=FIRST, outcome_name="pain"
    )
    strongest = report.strongest()
    assert [(f.factor, f.lag) for f in strongest] == [("gluten", 2)]
    best = strongest[0]
    assert best.ci[0] < 1.2 < best.ci[1]
    assert best.significant and best.q <= 0.05
    assert "Two days after gluten" in best.sentence or "two days after gluten" in best.sentence
    assert not _row(report, "gluten", 0).significant


def test_a_lag_2_trigger_among_a_hundred_other_factors_is_found_at_lag_2() -> None:
    rng = np.random.default_rng(12)
    n = 365
    gluten = persistent_exposure(rng, n, prevalence=0.3, phi=0.3).astype(np.float64)
    pain = _pain(rng, n, 1.0 * np.nan_to_num(lagged(gluten, 2)))
    missing = missing_days(rng, n, 0.15, 2.0)
    pain[missing] = np.nan
    others = [
        FactorSeries(f"habit_{k}", _with_gaps(rng, 5 + ar1(rng, n, 0.5, 1.0))) for k in range(50)
    ] + [
        FactorSeries(f"food_{k}", persistent_exposure(rng, n, 0.3, 0.3).astype(np.float64))
        for k in range(50)
    ]
    gluten_logged = np.where(missing, np.nan, gluten)
    report = analyse_associations(
        pain, [FactorSeries("gluten", gluten_logged), *others], first_day=FIRST
    )
    assert [(f.factor, f.lag) for f in report.strongest()] == [("gluten", 2)]
    assert len(report.findings) == 101 * 4


def _simes_per_factor(report: AssociationReport) -> tuple[list[float], list[float]]:
    """Each factor's Simes p-value over its lags and its smallest q-value."""
    names = sorted({f.factor for f in report.findings})
    simes, factor_q = [], []
    for name in names:
        rows = [f for f in report.findings if f.factor == name]
        ordered = np.sort([f.p for f in rows])
        simes.append(float(np.min(ordered * len(ordered) / np.arange(1, len(ordered) + 1))))
        factor_q.append(min(f.q for f in rows))
    return simes, factor_q


def test_q_values_are_controlled_over_factors() -> None:
    """With no effect of interest every factor has the same power, so the same weight: each
    factor's smallest q is then the Benjamini–Hochberg q of its Simes p-value over its lags; a
    test is significant exactly when its q is at most the level."""
    patient = synthetic_patient(np.random.default_rng(4), PatientSpec(n_days=365, n_factors=40))
    report = analyse_associations(
        patient.outcome,
        [FactorSeries(f.name, f.values) for f in patient.factors],
        first_day=patient.first_day,
        outcome_name="outcome",
        rules=EvidenceRules(yes_no_effect_of_interest=0, per_sd_effect_of_interest=0),
    )
    simes, factor_q = _simes_per_factor(report)
    assert factor_q == pytest.approx(stats.false_discovery_control(simes))
    assert all(f.significant == (f.q <= 0.05) for f in report.findings)
    found = {f.factor for f in report.strongest()}
    assert {t.tag for t in patient.triggers} <= found


def test_the_error_budget_goes_to_factors_whose_data_can_show_an_effect() -> None:
    """A coffee trigger logged on about a third of the days, among 40 yes/no factors logged on
    only 12–13 days a year, whose data could hardly show a one-point difference: weighting the
    factors by power gives coffee a clearly smaller q than plain Benjamini–Hochberg over the
    factors' Simes p-values would; significance still follows q."""
    rng = np.random.default_rng(21)
    n = 365
    coffee = persistent_exposure(rng, n, 0.35, 0.5)
    pain = _with_gaps(rng, _pain(rng, n, 1.0 * lagged(coffee, 1)))
    rare = []
    for i in range(40):
        values = np.zeros(n)
        values[rng.choice(n, size=int(rng.integers(12, 14)), replace=False)] = 1.0
        rare.append(FactorSeries(f"rare_{i:02d}", values))
    factors = [FactorSeries("coffee", coffee.astype(np.float64)), *rare]
    report = analyse_associations(pain, factors, first_day=FIRST)
    simes, factor_q = _simes_per_factor(report)
    names = sorted({f.factor for f in report.findings})
    plain = dict(zip(names, stats.false_discovery_control(simes), strict=True))
    weighted = dict(zip(names, factor_q, strict=True))
    assert weighted["coffee"] < 0.9 * plain["coffee"]
    assert [f.factor for f in report.strongest()] == ["coffee"]
    assert all(f.significant == (f.q <= 0.05) for f in report.findings)


def test_a_null_diary_with_300_factors_rarely_flags_anything() -> None:
    """With no true trigger among 300 factors × 4 lags, about 5% of people should see any
    finding at all (the false discovery rate is then the chance of a false alarm)."""
    people_with_findings = 0
    for seed in range(12):
        patient = synthetic_patient(
            np.random.default_rng(700 + seed),
            PatientSpec(n_days=365, n_factors=300, n_triggers=0),
        )
        report = analyse_associations(
            patient.outcome,
            [FactorSeries(f.name, f.values) for f in patient.factors],
            first_day=patient.first_day,
        )
        assert len(report.findings) > 1000
        people_with_findings += any(f.significant for f in report.findings)
    assert people_with_findings <= 2


def test_random_walk_and_trending_habit_are_not_significant() -> None:
    patients_with_findings = 0
    naive_hits = 0
    for seed in range(30):
        rng = np.random.default_rng(100 + seed)
        n = 365
        t = np.arange(n)
        trend = 1.2 * t / n + 0.8 * np.sin(2 * np.pi * t / 300)
        pain = _with_gaps(rng, np.clip(np.rint(5 + trend + ar1(rng, n, 0.6, 1.0)), 0, 10))
        walk = _with_gaps(rng, np.cumsum(rng.normal(0, 1, n)))
        habit = _with_gaps(rng, 20 + 15 * t / n + rng.normal(0, 3, n))  # more yoga over time
        report = analyse_associations(
            pain,
            [FactorSeries("wandering", walk), FactorSeries("yoga_minutes", habit)],
            first_day=FIRST,
        )
        assert len(report.findings) == 8
        patients_with_findings += any(f.significant for f in report.findings)
        both = ~np.isnan(pain) & ~np.isnan(walk)
        naive_hits += stats.pearsonr(pain[both], walk[both]).pvalue < 0.05
    # Nominal: about 5% of people get a false finding. Plain correlation flags most walks.
    assert patients_with_findings <= 3
    assert naive_hits >= 10


def test_a_missing_block_does_not_become_zeros() -> None:
    rng = np.random.default_rng(5)
    n = 300
    pain = _pain(rng, n, np.zeros(n))
    pain[150:190] = np.nan  # a holiday: nothing logged
    temperature = 10 + ar1(rng, n, 0.9, 1.0)
    temperature[150:190] += 12  # it was hot while away
    report = analyse_associations(
        pain, [FactorSeries("temperature", temperature, unit="°C")], first_day=FIRST
    )
    assert report.n_days == n - 40
    assert all(f.n <= n - 40 for f in report.findings)
    assert not any(f.significant for f in report.findings)
    zero_filled = np.nan_to_num(pain, nan=0.0)
    wrong = analyse_associations(
        zero_filled, [FactorSeries("temperature", temperature)], first_day=FIRST
    )
    assert any(f.significant for f in wrong.findings)  # what zero-filling would have claimed


def test_lags_follow_the_calendar_not_the_rows() -> None:
    rng = np.random.default_rng(8)
    n = 365
    coffee = persistent_exposure(rng, n, prevalence=0.4, phi=0.2).astype(np.float64)
    pain = _pain(rng, n, 1.0 * np.nan_to_num(lagged(coffee, 1)))
    every_third = np.arange(n) % 3 == 0  # gaps everywhere: row order would misalign lag 1
    pain[every_third] = np.nan
    coffee_logged = coffee.copy()
    coffee_logged[every_third] = np.nan
    report = analyse_associations(pain, [FactorSeries("coffee", coffee_logged)], first_day=FIRST)
    assert [(f.factor, f.lag) for f in report.strongest()] == [("coffee", 1)]


def test_degenerate_inputs_give_clear_messages() -> None:
    rng = np.random.default_rng(3)
    n = 200
    pain = _pain(rng, n, np.zeros(n))
    weekend = np.array([(FIRST + timedelta(days=i)).weekday() >= 5 for i in range(n)], float)
    rare = np.zeros(n)
    rare[[20, 80, 140]] = 1
    report = analyse_associations(
        pain,
        [
            FactorSeries("constant_dose", np.full(n, 50.0)),
            FactorSeries("never_logged", np.full(n, np.nan)),
            FactorSeries("rare_food", rare),
            FactorSeries("weekend", weekend),
        ],
        first_day=FIRST,
    )
    assert report.findings == []
    reasons = "\n".join(report.not_enough_data)
    assert "constant_dose (lags 0, 1, 2, 3): never changes" in reasons
    assert "never_logged (lags 0, 1, 2, 3): never known on a day" in reasons
    assert "rare_food (lag 0): 3 days with it and 197 without it can be compared" in reasons
    assert "at least 10 with and 10 without are needed" in reasons
    assert "weekend (lags 0, 1, 2, 3): changes only with the weekly cycle" in reasons


def test_a_rating_that_never_changes_has_nothing_to_explain() -> None:
    """Someone who logged pain 5 every day: no factor can go with it, so nothing is tested
    (before, rounding left effects of 10⁻¹⁵ with a zero standard error: 'significant')."""
    rng = np.random.default_rng(8)
    n = 120
    pain = _with_gaps(rng, np.full(n, 5.0))
    coffee = persistent_exposure(rng, n, 0.3, 0.4).astype(np.float64)
    report = analyse_associations(
        pain,
        [FactorSeries("coffee", coffee), FactorSeries("steps", rng.normal(5000, 1500, n))],
        first_day=FIRST,
    )
    assert report.findings == []
    reason = "pain was 5 on every logged day; with no ups and downs there is nothing"
    assert [line.split(":")[0] for line in report.not_enough_data] == ["coffee", "steps"]
    assert all(reason in line for line in report.not_enough_data)
    assert report.warnings == [f"Not enough data yet: {reason} a factor could go with."]


def test_five_days_of_data_say_so() -> None:
    pain = np.array([5, 6, np.nan, 4, 7, 5.0])
    report = analyse_associations(
        pain, [FactorSeries("coffee", np.array([1, 0, 1, 0, 1, 0.0]))], first_day=FIRST
    )
    assert report.n_days == 5
    assert report.findings == []
    assert report.not_enough_data == [
        "coffee: only 5 days with pain logged; at least 28 are needed before a pattern can "
        "be told from day-to-day ups and downs"
    ]
    assert report.warnings[0].startswith("Not enough data yet: only 5 days")


def test_all_missing_outcome_and_no_factors() -> None:
    report = analyse_associations(np.full(100, np.nan), [], first_day=FIRST)
    assert report.n_days == 0 and report.findings == []
    assert "only 0 days" in report.warnings[0]


def test_json_contract_and_wording() -> None:
    rng = np.random.default_rng(21)
    n = 365
    sleep = 7 + ar1(rng, n, 0.3, 0.8)
    pain = _pain(rng, n, -0.8 * (sleep - 7))
    report = analyse_associations(
        pain,
        [FactorSeries("sleep_hours", sleep, label="sleep", unit="h")],
        first_day=FIRST,
        lags=[0, 1],
        rules=EvidenceRules(fdr=0.1),
    )
    document = report.as_json()
    assert set(document) == {"outcome", "n_days", "findings", "not_enough_data", "warnings"}
    first = document["findings"][0]
    assert set(first) == {
        "factor",
        "lag",
        "effect",
        "ci",
        "p",
        "q",
        "significant",
        "likely",
        "n",
        "sentence",
    }
    assert first["significant"] == (first["q"] <= 0.1)
    assert first["factor"] == "sleep_hours" and first["lag"] == 0 and first["effect"] < 0
    assert "per 1 h more sleep, your pain the same day was" in first["sentence"]
    assert "lower" in first["sentence"]
    for finding in report.findings:
        assert not re.search(r"\bcause", finding.sentence, re.IGNORECASE)
    for warning in report.warnings:
        assert not re.search(r"\bcause", warning, re.IGNORECASE)


def test_bad_arguments_are_reported() -> None:
    with pytest.raises(InvalidEntry, match="lags"):
        analyse_associations(np.zeros(50), [], first_day=FIRST, lags=[0, 30])
    with pytest.raises(InvalidEntry, match="fdr"):
        EvidenceRules(fdr=1.5)
    with pytest.raises(InvalidEntry, match="calendar"):
        analyse_associations(np.zeros(50), [FactorSeries("x", np.zeros(40))], first_day=FIRST)


def test_findings_are_adjusted_for_each_other_and_copies_are_named() -> None:
    rng = np.random.default_rng(31)
    n = 365
    wine = persistent_exposure(rng, n, prevalence=0.3, phi=0.2).astype(np.float64)
    late_night = np.where(rng.random(n) < 0.9, wine, 1 - wine)  # mostly on the same days
    pain = _pain(rng, n, 1.5 * np.nan_to_num(lagged(wine, 1)))
    report = analyse_associations(
        pain,
        [
            FactorSeries("wine", wine),
            FactorSeries("red_wine", wine.copy()),
            FactorSeries("late_night", late_night),
        ],
        first_day=FIRST,
    )
    strongest = {(f.factor, f.lag) for f in report.strongest()}
    assert ("wine", 1) in strongest
    assert not any(name == "late_night" for name, _ in strongest)  # adjusted for wine
    assert any(
        line.startswith("red_wine (lag") and "changes together with wine" in line
        for line in report.not_enough_data
    )


def test_a_real_trigger_shows_no_opposite_sign_at_its_other_lags() -> None:
    """Left out of a lag's test, a real effect at another lag shows there with the opposite
    sign (the AR(1) transform carries −ρβ to the next lags): so each other lag of a factor is
    adjusted for its strongest one. A food eaten on random days raises next-day pain by 1."""
    rng = np.random.default_rng(0)
    days = 365
    with_ghosts = 0
    for _ in range(10):
        food = (rng.random(days) < 0.3).astype(float)
        noise = np.zeros(days)
        for t in range(1, days):
            noise[t] = 0.7 * noise[t - 1] + rng.normal(0, 0.8)
        pain = 4 + noise + np.r_[0.0, food[:-1]]
        missing = rng.random(days) < 0.1
        pain[missing] = np.nan
        food[missing] = np.nan
        report = analyse_associations(
            pain, [FactorSeries("food", food)], first_day=date(2025, 1, 1)
        )
        significant = {f.lag: f.effect for f in report.findings if f.significant}
        assert significant.get(1, 0) > 0.7
        with_ghosts += any(effect < 0 for effect in significant.values())
    assert with_ghosts <= 1  # 10 of 10 before the adjustment


def test_sentences_never_repeat_the_unit_or_show_an_interval_of_one_number() -> None:
    steps = number_sentence(
        factor="steps", unit="steps", outcome="pain", lag=0, effect=0.0004, ci=(0.0002, 0.0006),
        step=1000, n=200, significant=True, likely=False,
    )  # fmt: skip
    assert "per 1,000 more steps, your pain the same day was 0.4 points higher" in steps
    narrow = tag_sentence(
        factor="wine", outcome="pain", lag=1, effect=-0.3, ci=(-0.34, -0.26), exposed=40,
        n=200, significant=True, likely=False,
    )  # fmt: skip
    assert "(95% CI −0.34 to −0.26)" in narrow


def test_missing_days_are_counted_over_the_outcomes_own_span() -> None:
    """GI symptoms rated only during a six-week diet protocol in a year of diary are not "90%
    missing"; gaps inside those weeks are."""
    rng = np.random.default_rng(3)
    gi = np.full(365, np.nan)
    gi[200:242] = rng.integers(2, 7, 42)
    report = analyse_associations(
        gi, [FactorSeries("tea", rng.normal(0, 1, 365))], first_day=date(2025, 1, 1)
    )
    assert report.missing_share == 0.0
    assert not any("have no" in warning for warning in report.warnings)
    gi[205:218] = np.nan
    gappy = analyse_associations(
        gi, [FactorSeries("tea", rng.normal(0, 1, 365))], first_day=date(2025, 1, 1)
    )
    assert any("31% of the days from 2025-07-20 to 2025-08-30 have no" in w for w in gappy.warnings)
