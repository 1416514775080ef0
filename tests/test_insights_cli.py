"""The insight commands on a real database (SQLite and PostgreSQL) through the real CLI."""

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from fibrotrack.analysis.synthetic import ar1, persistent_exposure


@pytest.fixture
def demo_cli(cli):
    result = cli("demo")
    assert result.exit_code == 0, result.output
    return cli


def _said(text: str) -> str:
    """Output with the terminal's line wrapping undone."""
    return " ".join(text.split())


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_analyze_the_demo_person_finds_gluten_and_not_coffee(demo_cli) -> None:
    document = _json(demo_cli("analyze", "--json"))
    assert set(document) == {"outcome", "n_days", "findings", "not_enough_data", "warnings"}
    assert document["outcome"] == "pain" and 300 <= document["n_days"] <= 340
    findings = document["findings"]
    tested = {(f["factor"], f["lag"]) for f in findings}
    assert ("gluten", 1) in tested and ("coffee", 0) in tested
    assert ("intervention:Walking", 0) in tested
    assert all(f["significant"] == (f["q"] <= 0.05) for f in findings)
    gluten = next(f for f in findings if f["factor"] == "gluten" and f["lag"] == 1)
    assert gluten["significant"] and gluten["ci"][0] < 1.0 < gluten["ci"][1]
    assert gluten["sentence"].startswith("Likely pattern: on days after gluten your pain was")
    assert not any(f["significant"] for f in findings if f["factor"] == "coffee")
    assert all(f["n"] <= document["n_days"] for f in findings)


def test_analyze_in_words_and_other_options(demo_cli) -> None:
    result = demo_cli("analyze", "--outcome", "fatigue", "--lags", "0,1", "--fdr", "0.01")
    assert result.exit_code == 0, result.output
    assert "fatigue: " in _said(result.stdout) and "Findings" in _said(result.stdout)
    document = _json(demo_cli("analyze", "--lags", "2", "--json"))
    assert {f["lag"] for f in document["findings"]} == {2}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--outcome", "steps"], "Error: outcome: 'steps' is not a rating"),
        (["--lags", "3-1"], "Error: lags: '3-1' is not a lag list"),
        (["--lags", "0-30"], "Error: lags: lags must be between 0 and 14 days"),
        (["--fdr", "2"], "Error: fdr: must be between 0 and 1"),
    ],
)
def test_analyze_rejects_bad_options(demo_cli, arguments, message) -> None:
    result = demo_cli("analyze", *arguments)
    assert result.exit_code == 2
    assert message in _said(result.stderr)


def test_five_days_of_data_say_there_is_not_enough(cli) -> None:
    today = date.today()
    for offset in range(5):
        day = (today - timedelta(days=offset)).isoformat()
        tag = ["--tag", "coffee"] if offset % 2 else []
        assert cli("checkin", "--date", day, "--pain", str(4 + offset), *tag).exit_code == 0
    document = _json(cli("analyze", "--json"))
    assert document["n_days"] == 5 and document["findings"] == []
    assert document["not_enough_data"][0].startswith("coffee: only 5 days with pain logged")
    words = cli("analyze")
    assert "Not enough data yet: only 5 days with pain logged" in _said(words.stdout)


def test_analyze_with_nothing_logged(cli) -> None:
    document = _json(cli("analyze", "--json"))
    assert document["n_days"] == 0 and document["findings"] == []


def _write_csv(path: Path, *, lag: int = 2, gap: bool = True) -> None:
    rng = np.random.default_rng(3)
    n = 300
    wine = persistent_exposure(rng, n, prevalence=0.3, phi=0.3).astype(float)
    pain = np.clip(np.rint(5 + ar1(rng, n, 0.5, 0.9)), 0, 10)
    pain[lag:] += 1.5 * wine[:-lag]
    steps = 4000 + 500 * ar1(rng, n, 0.5, 1.0)
    lines = ["date,pain,wine,steps"]
    first = date(2025, 1, 1)
    for i in range(n):
        if gap and 100 <= i < 130:
            continue  # days may be absent
        cells = [f"{pain[i]:g}", f"{wine[i]:g}", "" if i % 7 == 0 else f"{steps[i]:.0f}"]
        lines.append(",".join([(first + timedelta(days=i)).isoformat(), *cells]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_analyze_a_wide_csv(cli, tmp_path: Path) -> None:
    path = tmp_path / "diary.csv"
    _write_csv(path)
    document = _json(cli("analyze", "--csv", str(path), "--outcome", "pain", "--json"))
    assert document["n_days"] == 270
    significant = [f for f in document["findings"] if f["significant"]]
    assert (significant[0]["factor"], significant[0]["lag"]) == ("wine", 2)
    assert not any(f["factor"] == "steps" for f in significant)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("day,pain\n2025-01-01,4\n", "Error: line 1, column date: the header has no 'date'"),
        ("date,pain\n2025-01-01,4\n2025-13-02,5\n", "Error: line 3, column date: '2025-13-02'"),
        ("date,pain,wine\n2025-01-01,4,1\n2025-01-02,lots,0\n", "Error: line 3, column pain:"),
        ("date,pain\n2025-01-01,4\n2025-01-02,5,7\n", "Error: line 3: has 3 fields but the"),
        ("date,pain\n2025-01-01,4\n2025-01-01,5\n", "Error: line 3, column date: 2025-01-01"),
        ("date,pain,pain\n", "Error: line 1, column pain: the column name appears twice"),
        ("", "Error: line 1: bad.csv is empty"),
        ("date,mood\n2025-01-01,4\n", "Error: outcome: bad.csv has no column 'pain'"),
        ("date;pain\n2025-01-01;4\n", "the columns seem to be separated by ';': save the file"),
        ("date,pain\n2025-01-01,4\n2025-01-02,4000\n", "Error: outcome: 'pain' runs from 4"),
    ],
)
def test_malformed_csv_exits_2_naming_line_and_column(cli, tmp_path, text, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = cli("analyze", "--csv", str(path), "--outcome", "pain")
    assert result.exit_code == 2
    assert message in _said(result.stderr)


def test_fibrotracks_own_wide_export_can_be_analysed(demo_cli, tmp_path: Path) -> None:
    exported = tmp_path / "wide.csv"
    assert demo_cli("export", "csv", "-o", str(exported)).exit_code == 0
    document = _json(demo_cli("analyze", "--csv", str(exported), "--outcome", "pain", "--json"))
    assert "The 'note' column is text and was left out." in document["warnings"]
    assert document["n_days"] > 300


def test_missing_csv_file(cli, tmp_path) -> None:
    result = cli("analyze", "--csv", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2 and "Error: csv:" in _said(result.stderr)


def test_no_flare_is_claimed_before_the_rule_could_check_a_day(cli) -> None:
    today = date.today()
    for offset in range(5):
        day = (today - timedelta(days=offset)).isoformat()
        assert cli("checkin", "--date", day, "--pain", "5").exit_code == 0
    said = _said(cli("flares").stdout)
    assert "Flares could not be checked yet" in said and "No flare found" not in said
    assert _json(cli("flares", "--json"))["checked_days"] == 0


def test_flares_list_confirm_deny_and_log_your_own(demo_cli) -> None:
    document = _json(demo_cli("flares", "--json"))
    assert document["checked_days"] > 200  # the demo year, after its first month
    flares = document["flares"]
    assert len(flares) >= 3 and all(f["detected"] for f in flares)
    first = flares[0]
    assert set(first) >= {"start", "end", "peak_day", "peak", "severity", "confirmed"}
    assert demo_cli("flares", "confirm", first["start"]).exit_code == 0
    assert demo_cli("flares", "deny", flares[1]["start"]).exit_code == 0
    own = (date.fromisoformat(flares[-1]["end"]) + timedelta(days=20)).isoformat()
    assert demo_cli("flares", "confirm", own, "--end", own).exit_code == 0
    after = _json(demo_cli("flares", "--json"))["flares"]
    by_start = {f["start"]: f for f in after}
    assert by_start[first["start"]]["confirmed"] is True
    assert by_start[flares[1]["start"]]["confirmed"] is False
    assert by_start[own]["detected"] is False and by_start[own]["confirmed"] is True
    assert _json(demo_cli("flares", "--preset", "quiet", "--json"))["preset"] == "quiet"
    bad = demo_cli("flares", "deny", "2001-01-01")
    assert bad.exit_code == 2 and "no detected flare starts on 2001-01-01" in _said(bad.stderr)
    words = demo_cli("flares")
    assert "found, confirmed" in _said(words.stdout) and "logged by you" in _said(words.stdout)

    # A flare logged over one found (the last, not reviewed) is listed once, as both.
    last = flares[-1]
    before = (date.fromisoformat(last["start"]) - timedelta(days=2)).isoformat()
    assert demo_cli("flares", "confirm", before, "--end", last["start"]).exit_code == 0
    merged = {f["start"]: f for f in _json(demo_cli("flares", "--json"))["flares"]}
    assert last["start"] not in merged
    assert merged[before]["detected"] and merged[before]["logged"]
    assert (merged[before]["end"], merged[before]["peak"]) == (last["end"], last["peak"])
    assert "logged and found, confirmed" in _said(demo_cli("flares").stdout)


def test_effect_of_an_intervention_and_of_a_date(demo_cli) -> None:
    document = _json(demo_cli("effect", "walking", "--json"))
    assert document["name"] == "Walking" and document["change"] is not None
    assert document["ci"][0] < document["change"] < document["ci"][1]
    assert "cannot show that Walking made the difference" in document["sentence"]
    walking_start = date.fromisoformat(document["start"])
    dated = _json(demo_cli("effect", (walking_start + timedelta(days=5)).isoformat(), "--json"))
    assert dated["name"] == "a change"
    assert f"After you started a change on {dated['start']}," in dated["sentence"] or (
        f"No clear change after you started a change on {dated['start']}:" in dated["sentence"]
    )
    assert "Walking started 5 days before a change" in " ".join(dated["warnings"])
    words = demo_cli("effect", "mindfulness")
    assert words.exit_code == 0 and "Plain averages:" in _said(words.stdout)
    bad = demo_cli("effect", "tai chi")
    assert bad.exit_code == 2 and "is neither a recorded intervention" in _said(bad.stderr)


def test_pacing(demo_cli) -> None:
    document = _json(demo_cli("pacing", "--json"))
    assert document["activity"] == "steps"
    assert len(document["boom_days"]) >= len(document["busts"])
    assert 0 <= document["rate"] <= 1
    assert demo_cli("pacing").exit_code == 0
    bad = demo_cli("pacing", "--activity", "hrv")
    assert bad.exit_code == 2
    assert (
        "Error: activity: 'hrv' is not an activity measure; choose steps or activity_minutes"
        in _said(bad.stderr)
    )


def test_pacing_refuses_a_rating_as_the_activity(cli) -> None:
    for offset in range(2):
        day = (date.today() - timedelta(days=offset)).isoformat()
        assert cli("checkin", "--date", day, "--pain", str(4 + offset)).exit_code == 0
    result = cli("pacing", "--activity", "pain")
    assert result.exit_code == 2
    assert "'pain' is not an activity measure; choose steps or activity_minutes" in _said(
        result.stderr
    )


def test_analyze_in_words_leaves_what_was_started_to_effect(demo_cli) -> None:
    words = _said(demo_cli("analyze").stdout)
    assert "on days after gluten your pain was" in words
    assert "Walking" not in words.split("What you started")[0]
    assert "intervention:" not in words and "(since " not in words
    assert "What you started (" in words and "fibrotrack effect NAME" in words


def test_experiment_commands(cli) -> None:
    assert cli("experiment", "status").exit_code == 2
    started = _json(
        cli("experiment", "start", "coffee", "--off", "no coffee", "--on", "coffee", "--json")
    )
    assert started["factor"] == "coffee" and started["pairs"] == 6 and started["days"] == 84
    assert started["instruction"].startswith("Today: ")
    again = cli("experiment", "start", "gluten")
    assert again.exit_code == 2 and "stop it first" in _said(again.stderr)
    assert cli("experiment", "log", "--followed").exit_code == 0
    status = _json(cli("experiment", "status", "--json"))
    assert status["followed"] == 1 and status["day"] == 1
    interim = _json(cli("experiment", "result", "--json"))
    assert interim["effect"] is None and interim["complete"] is False
    assert any("interim look" in note for note in interim["notes"])
    future = (date.today() + timedelta(days=3)).isoformat()
    assert cli("experiment", "log", "--not-followed", "--date", future).exit_code == 2
    assert cli("experiment", "stop").exit_code == 0
    assert cli("experiment", "stop").exit_code == 2
    short = cli("experiment", "start", "magnesium", "--pairs", "3")
    assert short.exit_code == 0 and "smallest possible p-value is 0.25" in _said(short.stdout)


def test_the_demo_has_a_finished_self_experiment(demo_cli) -> None:
    result = _json(demo_cli("experiment", "result", "--json"))
    assert result["factor"] == "magnesium" and result["complete"] is True
    assert result["pairs_used"] == 6 and len(result["pair_differences"]) == 6
    assert result["ci"][0] < result["effect"] < result["ci"][1]
    assert 0.9 <= result["adherence"] < 1
    assert 2 / 64 <= result["p"] <= 1
