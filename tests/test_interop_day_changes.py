"""What an import would do to each day, from the stored values before and after it."""

from datetime import date

from fibrotrack.interop.day_changes import compare_days

D1, D2, D3, D4 = (date(2026, 3, day) for day in (1, 2, 3, 4))


def test_days_are_new_changed_conflicting_or_unchanged() -> None:
    before = {
        ("visible_fatigue", D2, "visible"): 1.0,  # will change
        ("sleep_hours", D3, "checkin"): 7.0,  # my check-in; the file says 8
        ("visible_fatigue", D4, "visible"): 2.0,  # the file says the same
    }
    after = {
        **before,
        ("visible_fatigue", D1, "visible"): 3.0,
        ("visible_fatigue", D2, "visible"): 2.0,
        ("sleep_hours", D3, "visible"): 8.0,
    }
    changes = compare_days({D1, D2, D3, D4}, before, after, days_with_data={D2, D3, D4})
    assert (changes.new, changes.changed, changes.conflicting, changes.unchanged) == (1, 1, 1, 1)
    assert changes.as_dict()["changed_days"] == ["2026-03-02"]
    assert changes.as_dict()["conflicting_days"] == ["2026-03-03"]


def test_the_same_value_from_another_source_is_no_conflict() -> None:
    before = {("sleep_hours", D1, "checkin"): 7.0}
    after = {**before, ("sleep_hours", D1, "fitbit"): 7.0}
    changes = compare_days({D1}, before, after, days_with_data={D1})
    assert (changes.new, changes.changed, changes.conflicting, changes.unchanged) == (0, 0, 0, 1)


def test_a_day_that_only_gains_values_is_added_to_not_new() -> None:
    before = {("pain", D2, "checkin"): 6.0}
    after = {
        **before,
        ("visible_fatigue", D1, "visible"): 1.0,
        ("visible_pain", D2, "visible"): 2.0,
    }
    changes = compare_days({D1, D2}, before, after, days_with_data={D1, D2})  # D1: a note
    assert (changes.new, changes.added, changes.unchanged) == (0, 2, 0)
