"""Sustained remission, study-defined (clinical.md section 0; no consensus definition exists).

On a given day: FIQR ≤ 23 (the Salaffi 2020 remission band) on every FIQR in the last 12 weeks,
at least 2 such FIQRs at least 4 weeks apart, and the 2016 research criteria not met on the
latest ACR 2016 form, which must itself fall in those 12 weeks. Always labelled study-defined.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fibrotrack.status.rules import StatusRules


@dataclass(frozen=True)
class RemissionResult:
    met: bool
    reason: str


def sustained_remission(
    fiqr_totals: Sequence[tuple[date, float]],
    criteria_2016: Sequence[tuple[date, bool]],
    on: date,
    rules: StatusRules,
) -> RemissionResult:
    """Whether the study-defined remission rule holds on ``on``, with the reason in words.

    ``fiqr_totals`` and ``criteria_2016`` are every valid FIQR total and ACR 2016 result, by
    the person's local date.
    """
    first = on - timedelta(days=rules.remission_window_days - 1)
    weeks = rules.remission_window_days // 7
    window = sorted((day, total) for day, total in fiqr_totals if first <= day <= on)
    limit = f"{rules.remission_fiqr_maximum:g}"
    if len(window) < rules.remission_minimum_assessments:
        return RemissionResult(
            False,
            f"needs at least {rules.remission_minimum_assessments} FIQR assessments in the "
            f"{weeks} weeks to {on}; there {'is' if len(window) == 1 else 'are'} {len(window)}",
        )
    above = [(day, total) for day, total in window if total > rules.remission_fiqr_maximum]
    if above:
        day, total = above[-1]
        return RemissionResult(False, f"FIQR {total:g} on {day} is above {limit}")
    span = (window[-1][0] - window[0][0]).days
    if span < rules.remission_minimum_span_days:
        return RemissionResult(
            False,
            f"the FIQR assessments in the {weeks} weeks to {on} span {span} days; at least "
            f"{rules.remission_minimum_span_days} days between the first and last are needed",
        )
    latest = max(((day, met) for day, met in criteria_2016 if day <= on), default=None)
    if latest is None or latest[0] < first:
        return RemissionResult(
            False, f"no ACR 2016 form in the {weeks} weeks to {on} to show the criteria not met"
        )
    if latest[1]:
        return RemissionResult(False, f"the 2016 research criteria were met on {latest[0]}")
    return RemissionResult(
        True,
        f"FIQR ≤ {limit} on all {len(window)} assessments in the {weeks} weeks to {on} "
        f"({window[0][0]} to {window[-1][0]}) and the 2016 research criteria not met on "
        f"{latest[0]}",
    )
