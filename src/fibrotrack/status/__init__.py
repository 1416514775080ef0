"""The status engine: from a person's questionnaires and daily ratings to an honest status over
time — baseline, change since baseline, FM30 responder (short and long), the 2016 research
criteria met or not, low impact, sustained remission (study-defined) and flares.

Pure: no I/O. Every rule and threshold is in ``StatusRules`` with its source; docs/status.md
lists them. Flare periods come from outside (any object with ``start`` and ``end`` dates).
"""

from fibrotrack.status.change import Change, change_since, improvement_percent, pain_importance
from fibrotrack.status.inputs import Assessment, FlarePeriod
from fibrotrack.status.measures import FM30_DOMAINS, MEASURE_LABELS, mean_daily_pain
from fibrotrack.status.remission import RemissionResult, sustained_remission
from fibrotrack.status.responder import DomainChange, ResponderResult, fm30
from fibrotrack.status.rules import StatusRules
from fibrotrack.status.timeline import (
    FLARES_NOT_AVAILABLE,
    LABELS,
    FlareEpisode,
    Status,
    StatusPoint,
    evaluate_status,
)

__all__ = [
    "FLARES_NOT_AVAILABLE",
    "FM30_DOMAINS",
    "LABELS",
    "MEASURE_LABELS",
    "Assessment",
    "Change",
    "DomainChange",
    "FlareEpisode",
    "FlarePeriod",
    "RemissionResult",
    "ResponderResult",
    "Status",
    "StatusPoint",
    "StatusRules",
    "change_since",
    "evaluate_status",
    "fm30",
    "improvement_percent",
    "mean_daily_pain",
    "pain_importance",
    "sustained_remission",
]
