"""The demo person lives in a database of their own, never mixed into a person's data."""

import json
from datetime import date, timedelta
from itertools import pairwise

from typer.testing import CliRunner

from fibrotrack.analysis.synthetic import demo_diary
from fibrotrack.cli import app


def test_demo_fills_an_empty_database_with_a_year_of_realistic_data(cli) -> None:
    result = cli("demo")
    assert result.exit_code == 0, result.output
    days = json.loads(cli("history", "--json").stdout)["days"]
    first, last = date.fromisoformat(days[0]["date"]), date.fromisoformat(days[-1]["date"])
    assert (last - first).days >= 350
    assert 250 < len(days) < 340, "a year with gaps: neither complete nor empty"
    gaps = [
        (date.fromisoformat(b["date"]) - date.fromisoformat(a["date"])).days
        for a, b in pairwise(days)
    ]
    assert max(gaps) >= 10, "a holiday block is missing, not filled in"
    assert any("gluten" in day["tags"] for day in days)
    assert any(day["note"] for day in days)


def test_demo_refuses_a_database_that_holds_someone(cli) -> None:
    cli("checkin", "--pain", "5")
    result = cli("demo")
    assert result.exit_code == 2
    assert "Error: database:" in result.stderr
    days = json.loads(cli("history", "--json").stdout)["days"]
    assert len(days) == 1


def test_default_demo_is_a_separate_file_and_leaves_own_data_alone(data_dir) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["checkin", "--pain", "5"]).exit_code == 0
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert (data_dir / "demo.sqlite").exists()
    own = json.loads(runner.invoke(app, ["history", "--json"]).stdout)["days"]
    assert len(own) == 1
    again = runner.invoke(app, ["demo"])
    assert "already exists" in again.stdout


def test_demo_story_has_planted_truth() -> None:
    diary = demo_diary(date(2026, 6, 30))
    assert len(diary.flares) == 3
    assert diary.triggers[0].tag == "gluten" and diary.triggers[0].lag == 1
    early = [d.values["pain"] for d in diary.days if d.day < date(2026, 6, 30) - timedelta(300)]
    late = [d.values["pain"] for d in diary.days if d.day > date(2026, 6, 30) - timedelta(60)]
    assert sum(late) / len(late) < sum(early) / len(early) - 1, "the person slowly improves"
