"""The synthetic-patient generator plants what it says, and the demo keeps its story."""

from datetime import date

import numpy as np

from fibrotrack.analysis.associations import FactorSeries, analyse_associations
from fibrotrack.analysis.baseline import on_calendar
from fibrotrack.analysis.flares import detect_flares
from fibrotrack.analysis.synthetic import (
    FactorRole,
    PatientSpec,
    demo_diary,
    synthetic_patient,
)


def test_patient_has_the_planted_parts() -> None:
    spec = PatientSpec(
        n_days=730, n_factors=60, flares_per_year=3, intervention_effect=-1.0, missing_blocks=(2, 2)
    )
    patient = synthetic_patient(np.random.default_rng(2), spec)
    assert len(patient.outcome) == 730 and len(patient.days) == 730
    logged = ~np.isnan(patient.outcome)
    assert 0.55 < logged.mean() < 0.92
    assert set(np.unique(patient.outcome[logged])) <= set(range(11))
    roles = {factor.role for factor in patient.factors}
    assert roles == set(FactorRole)
    for factor in patient.factors:
        if factor.role is FactorRole.WEATHER:
            assert not np.isnan(factor.values).any()
        else:  # self-logged: missing exactly when the day was not logged
            assert np.array_equal(np.isnan(factor.values), ~logged)
    assert len(patient.triggers) == 3
    assert all(0 <= trigger.lag <= 3 for trigger in patient.triggers)
    assert all(not patient.factor(t.tag).trend_confounded for t in patient.triggers)
    assert patient.flares and all(f.rise == 2.0 for f in patient.flares)
    assert patient.interventions[0].effect_on_pain == -1.0
    again = synthetic_patient(np.random.default_rng(2), spec)
    assert np.array_equal(again.outcome, patient.outcome, equal_nan=True)


def test_the_engine_finds_the_planted_triggers_of_a_long_patient() -> None:
    patient = synthetic_patient(
        np.random.default_rng(12), PatientSpec(n_days=730, n_factors=40, effect_scale=1.5)
    )
    report = analyse_associations(
        patient.outcome,
        [FactorSeries(f.name, f.values) for f in patient.factors],
        first_day=patient.first_day,
    )
    found = {(f.factor, f.lag) for f in report.strongest()}
    for trigger in patient.triggers:
        assert any(name == trigger.tag and abs(lag - trigger.lag) <= 1 for name, lag in found)


def test_demo_diary_keeps_its_story() -> None:
    diary = demo_diary(date(2026, 11, 27))
    days = [day.day for day in diary.days]
    assert days[-1] <= date(2026, 11, 27)
    names = ["pain", "fatigue"]
    calendar, grid = on_calendar(days, {k: [d.values[k] for d in diary.days] for k in names})
    tags = {
        tag: np.where(
            np.isnan(grid["pain"]),
            np.nan,
            np.isin(
                np.arange(calendar.length),
                [calendar.index(d.day) for d in diary.days if tag in d.tags],
            ),
        )
        for tag in ("food:gluten", "coffee")
    }
    report = analyse_associations(
        grid["pain"],
        [FactorSeries(name, values) for name, values in tags.items()],
        first_day=calendar.first,
    )
    strongest = report.strongest()
    assert [(f.factor, f.lag) for f in strongest][:1] == [("food:gluten", 1)]
    assert not any(f.factor == "coffee" for f in strongest)
    flares = detect_flares(days, {k: [d.values[k] for d in diary.days] for k in names})
    for planted in diary.flares:
        assert any(f.start <= planted.end and f.end >= planted.start for f in flares)
    assert [i.name for i in diary.interventions] == ["walking", "mindfulness"]
