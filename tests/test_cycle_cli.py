"""``fibrotrack cycle log`` refuses a period that meets another (exit 2, the field named,
nothing written), and ``--end`` alone closes the period that has no last day."""

import json
from datetime import UTC, datetime, timedelta

TODAY = datetime.now(UTC).date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def test_a_period_meeting_another_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("cycle", "log", "--start", day(-40), "--end", day(-36)).exit_code == 0
    assert cli("cycle", "log", "--start", day(-7)).exit_code == 0
    for arguments, field in (
        (("--start", day(-6)), "start"),  # while the period from day -7 has no last day
        (("--start", day(-38)), "start"),  # inside a closed period
        (("--start", day(-35), "--end", day(-33)), "start"),  # right after it
        (("--start", day(-44), "--end", day(-40)), "end"),  # into it
        (("--start", day(-20), "--end", day(-22)), "end"),  # last day before the first
    ):
        refused = cli("cycle", "log", *arguments)
        assert refused.exit_code == 2, arguments
        assert f"Error: {field}:" in refused.stderr, arguments

    assert cli("cycle", "log", "--end", day(-4)).exit_code == 0
    summary = json.loads(cli("cycle", "summary", "--json").stdout)
    assert [(c["start"], c["length"]) for c in summary["cycles"]] == [
        (day(-40), 33),
        (day(-7), None),
    ]
    assert summary["cycles"][1]["bleeding_days"] == 4
    assert summary["cycles"][1]["bleeding_logged"] is True


def test_a_gap_over_90_days_is_not_counted_as_a_cycle(cli) -> None:  # type: ignore[no-untyped-def]
    # One period, then none for 168 days, then four about a month apart.
    for start in (-285, -117, -87, -57, -28):
        assert cli("cycle", "log", "--start", day(start), "--end", day(start + 4)).exit_code == 0
    summary = json.loads(cli("cycle", "summary", "--json").stdout)
    assert [(c["length"], c["gap"], c["in_usual_range"]) for c in summary["cycles"]] == [
        (168, True, None),
        (30, False, True),
        (30, False, True),
        (29, False, True),
        (None, False, None),
    ]
    assert (summary["shortest"], summary["longest"], summary["median_length"]) == (29, 30, 30)
    text = cli("cycle", "summary").stdout
    assert "Cycle lengths: 30, 30, 29 days." in text
    assert f"Not counted as a cycle: 168 days from {day(-285)}" in text
