"""The measures taken at a visit, and which of them stands for each FM30 domain.

Arnold et al. (2012) pooled trials that measured each domain with different instruments, so
the instrument per domain is fibrotrack's choice (clinical.md section 0):

| domain     | measure, in order of preference                                     |
|------------|---------------------------------------------------------------------|
| pain       | mean daily pain over the 7 days up to the visit; else FIQR item s1  |
| function   | FIQR function domain (sum ÷ 3)                                      |
| sleep      | FIQR item s4 (quality of sleep; 10 = awoke very tired)              |
| fatigue    | FIQR item s2 (energy; 10 = no energy)                               |
| depression | PHQ-9 total; else FIQR item s5                                      |
| anxiety    | GAD-7 total; else FIQR item s7                                      |
| cognition  | FIQR item s6 (memory problems)                                      |

A domain is compared with the first measure present at both the baseline and the visit, so a
change is never computed between two different instruments.
"""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from fibrotrack.diary import DayEntry
from fibrotrack.instruments import Answer, fiqr
from fibrotrack.status.inputs import Assessment
from fibrotrack.status.rules import StatusRules

MEASURE_LABELS = {
    "daily_pain_7d": "mean daily pain over 7 days (0–10)",
    "fiqr_total": "FIQR total (0–100)",
    "fiqr_function": "FIQR function (0–30)",
    "fiqr_pain": "FIQR pain item (0–10)",
    "fiqr_sleep": "FIQR sleep quality item (0–10)",
    "fiqr_energy": "FIQR energy item (0–10)",
    "fiqr_depression": "FIQR depression item (0–10)",
    "fiqr_anxiety": "FIQR anxiety item (0–10)",
    "fiqr_memory": "FIQR memory item (0–10)",
    "fs": "FS, ACR 2016 WPI + SSS (0–31)",
    "phq9_total": "PHQ-9 total (0–27)",
    "gad7_total": "GAD-7 total (0–21)",
}

FM30_DOMAINS: dict[str, tuple[str, ...]] = {
    "pain": ("daily_pain_7d", "fiqr_pain"),
    "function": ("fiqr_function",),
    "sleep": ("fiqr_sleep",),
    "fatigue": ("fiqr_energy",),
    "depression": ("phq9_total", "fiqr_depression"),
    "anxiety": ("gad7_total", "fiqr_anxiety"),
    "cognition": ("fiqr_memory",),
}

# The measures "change since baseline" reports, in display order.
CHANGE_MEASURES = ("daily_pain_7d", "fiqr_total", "fiqr_function", "fs", "phq9_total", "gad7_total")

_FIQR_ITEM_MEASURES = {
    "fiqr_pain": fiqr.SYMPTOM_ITEM_OF["pain"],
    "fiqr_sleep": fiqr.SYMPTOM_ITEM_OF["sleep"],
    "fiqr_energy": fiqr.SYMPTOM_ITEM_OF["energy"],
    "fiqr_depression": fiqr.SYMPTOM_ITEM_OF["depression"],
    "fiqr_anxiety": fiqr.SYMPTOM_ITEM_OF["anxiety"],
    "fiqr_memory": fiqr.SYMPTOM_ITEM_OF["memory"],
}


def mean_daily_pain(days: Sequence[DayEntry], on: date, rules: StatusRules) -> float | None:
    """Mean pain over the ``rules.pain_window_days`` days ending on ``on``, if enough of them
    were logged; a day not logged is missing, never zero."""
    first = on - timedelta(days=rules.pain_window_days - 1)
    ratings = [
        entry.values["pain"]
        for entry in days
        if first <= entry.day <= on and "pain" in entry.values
    ]
    if len(ratings) < rules.pain_window_minimum_days:
        return None
    return sum(ratings) / len(ratings)


def visit_measures(
    assessments: Mapping[str, Assessment], daily_pain: float | None
) -> dict[str, float]:
    """Every measure available at a visit, from its latest valid response per instrument."""
    measures: dict[str, float] = {}
    if daily_pain is not None:
        measures["daily_pain_7d"] = daily_pain
    fiqr_response = assessments.get("fiqr")
    if fiqr_response is not None and fiqr_response.score.total is not None:
        measures["fiqr_total"] = fiqr_response.score.total
        measures["fiqr_function"] = fiqr_response.score.subscores["function"]
        for measure, item in _FIQR_ITEM_MEASURES.items():
            value = _whole(fiqr_response.answers.get(item))
            if value is not None:
                measures[measure] = value
    for instrument, measure in (("acr2016", "fs"), ("phq9", "phq9_total"), ("gad7", "gad7_total")):
        response = assessments.get(instrument)
        if response is not None and response.score.total is not None:
            measures[measure] = response.score.total
    return measures


def _whole(answer: Answer | None) -> float | None:
    if answer is None or isinstance(answer, tuple):
        return None
    return float(answer)
