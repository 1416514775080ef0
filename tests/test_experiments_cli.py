"""``fibrotrack experiment`` as a person meets it, on a real database: a design that could
never give a result is refused with the field named and nothing written, and a stopped
experiment's result is final as of its stop day, not an interim look."""

import json
from datetime import timedelta

from experiment_cases import add_stopped_experiment


def _said(text: str) -> str:
    """Output with the terminal's line wrapping undone."""
    return " ".join(text.split())


def test_a_design_that_can_never_give_a_result_is_refused(cli) -> None:
    refused = cli("experiment", "start", "coffee", "--pairs", "1")
    assert refused.exit_code == 2
    assert "Error: pairs: must be between 2 and 16" in _said(refused.stderr)
    assert "at least 2 pairs" in _said(refused.stderr)
    nothing = cli("experiment", "status")
    assert nothing.exit_code == 2 and "no self-experiment yet" in _said(nothing.stderr)
    two = cli("experiment", "start", "coffee", "--pairs", "2")
    assert two.exit_code == 0 and "smallest possible p-value is 0.5" in _said(two.stdout)


def test_the_help_gives_the_pairs_and_days_that_are_accepted(cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    help_text = _said(cli("experiment", "start", "--help").stdout)
    assert "Pairs of on/off periods, 2 to 16: 6 or more can show a clear effect; 2 to 5" in (
        help_text
    )
    assert "Days in each period, 2 to 28." in help_text


def test_a_stopped_experiment_gives_its_final_result(cli, database) -> None:
    stopped = add_stopped_experiment(database)
    status = cli("experiment", "status")
    assert f"Stopped on {stopped.stopped}." in _said(status.stdout)
    assert "not answered 31." in _said(status.stdout)  # the days up to the stop, no later
    result = cli("experiment", "result")
    assert result.exit_code == 0
    said = _said(result.stdout)
    assert said.startswith(f"Stopped early on {stopped.stopped}: in 2 of the 6 planned")
    assert "this result is final, from 2 of the 6 planned pairs" in said
    assert "smallest possible p-value is 0.5" in said
    assert "interim look" not in said and f"runs until {stopped.end}" not in said
    document = json.loads(cli("experiment", "result", "--json").stdout)
    assert document["stopped"] == stopped.stopped.isoformat() and document["complete"] is False


def test_adherence_after_the_stop_is_refused(cli, database) -> None:
    stopped = add_stopped_experiment(database)
    after = stopped.stopped + timedelta(days=1)
    refused = cli("experiment", "log", "--followed", "--date", after.isoformat())
    assert refused.exit_code == 2
    assert f"after the experiment was stopped on {stopped.stopped}" in _said(refused.stderr)
    assert (
        cli("experiment", "log", "--followed", "--date", stopped.stopped.isoformat()).exit_code == 0
    )
