"""PHQ-9 and GAD-7 on the person's schedule: what is due and when."""

from datetime import date

import pytest

from fibrotrack.body.screening import DueState, check_schedule, due, instrument_key
from fibrotrack.diary import InvalidEntry


def test_instrument_names_are_read_however_written() -> None:
    assert instrument_key("PHQ-9") == "phq9"
    assert instrument_key("gad 7") == "gad7"
    with pytest.raises(InvalidEntry) as raised:
        instrument_key("fiqr")
    assert raised.value.field == "instrument"


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
