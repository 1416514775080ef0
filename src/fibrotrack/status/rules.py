"""Every threshold of the status engine, with its source. All are configurable; the defaults
are the published values or fibrotrack's documented product decisions (docs/status.md)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusRules:
    # A visit: the questionnaires taken within this many days of the first of them (product
    # decision), dated by the last one.
    visit_days: int = 7
    # Pain for FM30: mean daily pain over the days up to and including the visit day
    # (clinical.md section 0), if at least ``pain_window_minimum_days`` of them were logged
    # (product decision); otherwise the FIQR pain item.
    pain_window_days: int = 7
    pain_window_minimum_days: int = 4
    # IMMPACT (Dworkin et al. 2008): a fall in pain of ≥30% is moderately important, ≥50%
    # substantial.
    pain_moderate_percent: float = 30.0
    pain_substantial_percent: float = 50.0
    # FM30 (Arnold et al. 2012): ≥30% less pain, ≥10% better function, and ≥30% better sleep or
    # fatigue (short) or ≥30% better in 2 of sleep, fatigue, depression, anxiety, cognition
    # (long).
    fm30_pain_percent: float = 30.0
    fm30_function_percent: float = 10.0
    fm30_symptom_percent: float = 30.0
    fm30_long_domains: int = 2
    # Sustained remission, study-defined (clinical.md section 0): FIQR ≤ 23 (Salaffi 2020
    # remission band) on every assessment in the last 12 weeks, at least 2 assessments at least
    # 4 weeks apart, and the 2016 criteria not met on the latest ACR 2016 form.
    remission_fiqr_maximum: float = 23.0
    remission_window_days: int = 84
    remission_minimum_assessments: int = 2
    remission_minimum_span_days: int = 28
