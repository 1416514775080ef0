"""The installed ``fibrotrack`` command in a real terminal: it asks for what is not given."""

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

FIBROTRACK = Path(sys.executable).with_name("fibrotrack")


def run_in_terminal(args: list[str], answers: list[str], env: dict[str, str]) -> str:
    """Run the console script attached to a pseudo-terminal, typing ``answers`` one per prompt."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(FIBROTRACK), *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    output = b""
    pending = list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if pending and output.rstrip().endswith((b":", b"skip")):
                os.write(leader, pending.pop(0).encode() + b"\r")
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(leader)
    return output.decode(errors="replace")


def test_checkin_in_a_terminal_asks_for_each_rating(tmp_path: Path) -> None:
    env = {**os.environ, "FIBROTRACK_DATA_DIR": str(tmp_path), "COLUMNS": "120"}
    answers = ["6", "7", "", "5", "", "", "6.5", "", "", "coffee, food:gluten", "slept badly"]
    transcript = run_in_terminal(["checkin"], answers, env)
    assert "Pain (0–10), blank to skip" in transcript
    assert "Saved" in transcript
    history = subprocess.run(
        [str(FIBROTRACK), "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    (day,) = json.loads(history.stdout)["days"]
    assert day["values"] == {"pain": 6, "fatigue": 7, "brain_fog": 5, "sleep_hours": 6.5}
    assert day["tags"] == ["coffee", "gluten"]
    assert day["note"] == "slept badly"


def test_bad_day_asks_only_three_questions(tmp_path: Path) -> None:
    env = {**os.environ, "FIBROTRACK_DATA_DIR": str(tmp_path)}
    transcript = run_in_terminal(["checkin", "--bad-day"], ["9", "9", "2"], env)
    assert "Pain" in transcript and "Fatigue" in transcript and "Sleep quality" in transcript
    assert "Mood" not in transcript
    history = subprocess.run(
        [str(FIBROTRACK), "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(history.stdout)["days"][0]["values"] == {
        "pain": 9,
        "fatigue": 9,
        "sleep_quality": 2,
    }


def test_db_upgrade_creates_and_reports_the_revision(tmp_path: Path) -> None:
    env = {**os.environ, "FIBROTRACK_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [str(FIBROTRACK), "db", "upgrade"], env=env, capture_output=True, text=True, check=True
    )
    assert "up to date" in result.stdout
    assert (tmp_path / "fibrotrack.sqlite").exists()


def test_the_list_of_commands_gives_each_summary_as_one_sentence(tmp_path: Path) -> None:
    env = {**os.environ, "FIBROTRACK_DATA_DIR": str(tmp_path), "COLUMNS": "220"}
    shown = subprocess.run(
        [str(FIBROTRACK), "--help"], env=env, capture_output=True, text=True, check=True
    ).stdout
    lines = {line.split()[1]: line for line in shown.splitlines() if line.startswith("│ ")}
    assert "who has not checked in yet" in lines["remind"]
    assert "the 2016 research criteria" in lines["status"]
    assert "can be undone (with fibrotrack undo-import ID)" in lines["imports"]


def test_a_typo_in_a_terminal_check_in_is_asked_again_not_lost(tmp_path: Path) -> None:
    env = {**os.environ, "FIBROTRACK_DATA_DIR": str(tmp_path)}
    transcript = run_in_terminal(["checkin", "--bad-day"], ["six", "16", "6", "9", "2"], env)
    assert "'six' is not a number; try again" in transcript
    assert "outside 0–10" in transcript or "between 0 and 10" in transcript
    history = subprocess.run(
        [str(FIBROTRACK), "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(history.stdout)["days"][0]["values"] == {
        "pain": 6,
        "fatigue": 9,
        "sleep_quality": 2,
    }
