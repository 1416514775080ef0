"""Questionnaires on the person's schedule (PHQ-9, GAD-7, FIQR, ACR 2016): what is due and
when, never more often than each one's recall period."""

from datetime import date

import pytest

from fibrotrack.body.screening import RULES, DueState, check_schedule, due, instrument_key
from fibrotrack.diary import InvalidEntry
from fibrotrack.instruments import get


def test_instrument_names_are_read_however_written() -> None:
    assert instrument_key("PHQ-9") == "phq9"
    assert instrument_key("gad 7") == "gad7"
    assert instrument_key("FIQR") == "fiqr"
    assert instrument_key("ACR 2016") == "acr2016"
    with pytest.raises(InvalidEntry) as raised:
        instrument_key("pgic")
    assert raised.value.field == "instrument"
    assert "fiqr, acr2016, phq9, gad7" in raised.value.message


def test_the_interval_is_at_least_the_two_week_recall_period() -> None:
    with pytest.raises(InvalidEntry) as raised:
        check_schedule("phq9", 7, date(2026, 1, 1))
    assert raised.value.field == "every"
    assert check_schedule("phq9", 14, date(2026, 1, 1)).every_days == 14


def test_due_dates() -> None:
    schedule = check_schedule("phq9", 28, date(2026, 1, 1))
    never = due(schedule, None, date(2026, 1, 10))
    assert (never.due_on, never.state, never.days_overdue) == (date(2026, 1, 1), DueState.DUE, 9)
    taken = due(schedule, date(2026, 1, 5), date(2026, 1, 10))
    assert (taken.due_on, taken.state) == (date(2026, 2, 2), DueState.NOT_YET)
    assert due(schedule, date(2026, 1, 5), date(2026, 2, 2)).state == DueState.DUE
    before_start = due(
        check_schedule("gad7", 14, date(2026, 3, 1)), date(2026, 1, 1), date(2026, 3, 1)
    )
    assert before_start.due_on == date(2026, 3, 1)


def test_fiqr_and_acr_2016_may_be_as_often_as_their_one_week_recall() -> None:
    for instrument in ("fiqr", "acr2016"):
        with pytest.raises(InvalidEntry) as raised:
            check_schedule(instrument, 6, date(2026, 1, 1))
        assert raised.value.field == "every"
        assert f"asks about {RULES[instrument].recall}" in raised.value.message
        assert check_schedule(instrument, 7, date(2026, 1, 1)).every_days == 7
        with pytest.raises(InvalidEntry):
            check_schedule(instrument, 366, date(2026, 1, 1))


def test_suggested_intervals_fit_the_status_engines_remission_window() -> None:
    """Remission needs 2 FIQR at least 4 weeks apart and an ACR 2016 form within 12 weeks
    (docs/status.md): FIQR every 4 weeks, ACR 2016 every 12, PHQ-9 and GAD-7 with the FIQR."""
    suggested = {key: rule.suggested_days for key, rule in RULES.items()}
    assert suggested == {"fiqr": 28, "acr2016": 84, "phq9": 28, "gad7": 28}
    for rule in RULES.values():
        assert rule.shortest_days <= rule.suggested_days
        assert rule.label == get(rule.instrument).short_name
        check_schedule(rule.instrument, rule.suggested_days, date(2026, 1, 1))


def test_acr_2016_every_12_weeks_after_the_last_form() -> None:
    schedule = check_schedule("ACR 2016", 84, date(2026, 1, 1))
    taken = due(schedule, date(2026, 1, 10), date(2026, 4, 4))
    assert (taken.instrument, taken.label, taken.start) == ("acr2016", "ACR 2016", date(2026, 1, 1))
    assert (taken.due_on, taken.state, taken.days_overdue) == (date(2026, 4, 4), DueState.DUE, 0)
    assert due(schedule, date(2026, 1, 10), date(2026, 4, 3)).state == DueState.NOT_YET
