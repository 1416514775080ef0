"""The daily check-in through the real CLI, on SQLite and PostgreSQL."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from fibrotrack.storage import open_database
from fibrotrack.storage.models import Note, Observation, Person, Variable

TODAY = date.today()


def days_before(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def history(cli, *args: str) -> list[dict]:
    result = cli("history", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["days"]


def count_rows(url: str) -> int:
    """Observations and notes stored: 0 also when the database was never even created."""
    database = open_database(url)
    if database.is_empty():
        database.dispose()
        return 0
    with database.session() as session:
        total = sum(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Observation, Note)
        )
    database.dispose()
    return total


def test_checkin_round_trip(cli) -> None:
    result = cli(
        "checkin",
        "--date",
        days_before(1),
        "--pain",
        "6",
        "--fatigue",
        "7",
        "--sleep-hours",
        "6.5",
        "--tag",
        "food:gluten",
        "--tag",
        "Bright light",
        "--note",
        "rough night",
    )
    assert result.exit_code == 0, result.output
    assert history(cli) == [
        {
            "date": days_before(1),
            "values": {"fatigue": 7, "pain": 6, "sleep_hours": 6.5},
            "tags": ["bright_light", "gluten"],
            "note": "rough night",
        }
    ]


def test_missing_days_stay_missing(cli) -> None:
    for n in (10, 7):
        assert cli("checkin", "--date", days_before(n), "--pain", "5").exit_code == 0
    days = history(cli, "--from", days_before(12), "--to", days_before(5))
    assert [day["date"] for day in days] == [days_before(10), days_before(7)]
    assert all(day["values"] == {"pain": 5} for day in days)


def test_changing_a_day_overwrites_only_what_is_given(cli) -> None:
    cli("checkin", "--date", days_before(2), "--pain", "8", "--mood", "3", "--tag", "coffee")
    cli("checkin", "--date", days_before(2), "--pain", "4", "--remove-tag", "coffee")
    cli("checkin", "--date", days_before(2), "--clear", "mood")
    (day,) = history(cli)
    assert day["values"] == {"pain": 4}
    assert day["tags"] == []


def test_same_as_yesterday_copies_yesterday(cli) -> None:
    cli(
        "checkin",
        "--date",
        days_before(3),
        "--pain",
        "7",
        "--fatigue",
        "6",
        "--tag",
        "coffee",
        "--note",
        "only for that day",
    )
    result = cli("checkin", "--date", days_before(2), "--same-as-yesterday")
    assert result.exit_code == 0, result.output
    copied = history(cli)[-1]
    assert copied == {
        "date": days_before(2),
        "values": {"fatigue": 6, "pain": 7},
        "tags": ["coffee"],
        "note": None,
    }


def test_same_as_yesterday_without_yesterday_is_refused(cli) -> None:
    result = cli("checkin", "--date", days_before(5), "--same-as-yesterday")
    assert result.exit_code == 2
    assert "same_as_yesterday" in result.stderr
    assert history(cli) == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--pain", "11"], "pain"),
        (["--pain", "-1"], "pain"),
        (["--fatigue", "6.5"], "fatigue"),
        (["--sleep-hours", "25"], "sleep_hours"),
        (["--value", "unknown_thing=3"], "unknown_thing"),
        (["--value", "pain"], "value"),
        (["--date", "2026-02-30", "--pain", "3"], "date"),
        (["--date", (TODAY + timedelta(days=1)).isoformat(), "--pain", "3"], "date"),
        (["--tag", "!!!"], "tag"),
        ([], "checkin"),
    ],
)
def test_bad_input_names_the_field_exits_2_and_writes_nothing(cli, args, field) -> None:
    result = (
        cli("checkin", "--pain", "5", *args)
        if field not in {"pain", "checkin"}
        else cli("checkin", *args)
    )
    assert result.exit_code == 2, result.output
    assert f"Error: {field}:" in result.stderr
    assert count_rows(cli.url) == 0


def test_a_bad_value_among_good_ones_writes_nothing(cli) -> None:
    result = cli("checkin", "--pain", "5", "--fatigue", "12", "--tag", "coffee", "--note", "x")
    assert result.exit_code == 2
    assert count_rows(cli.url) == 0


def test_malformed_database_url_is_a_clear_error(sqlite_cli) -> None:
    from typer.testing import CliRunner

    from fibrotrack.cli import app

    result = CliRunner().invoke(app, ["--database", "mysql://x@y/z", "history"])
    assert result.exit_code == 2
    assert "Error: database_url:" in result.stderr


def test_several_people_need_a_choice(cli) -> None:
    cli("checkin", "--pain", "5")
    database = open_database(cli.url)
    with database.session() as session:
        session.add(Person(name="Second", timezone="UTC"))
    database.dispose()
    result = cli("history")
    assert result.exit_code == 2
    assert "--person" in result.stderr
    assert cli("--person", "999", "history").exit_code == 2
    chosen = cli("--person", "1", "history", "--json")
    assert chosen.exit_code == 0
    assert len(json.loads(chosen.stdout)["days"]) == 1


def test_history_in_a_terminal_table(cli) -> None:
    cli("checkin", "--date", days_before(1), "--pain", "6", "--tag", "coffee")
    result = cli("history")
    assert result.exit_code == 0
    assert days_before(1) in result.stdout
    assert "coffee" in result.stdout


def test_history_lists_a_day_without_core_values_from_its_first_value(cli, tmp_path) -> None:
    visible = tmp_path / "visible.csv"
    visible.write_text(
        "observation_date,tracker_name,tracker_category,observation_value\n"
        f"{days_before(2)},Fatigue,General,2\n"
        f"{days_before(2)},Crash,Experience,1\n"
        f"{days_before(1)},Fatigue,General,3\n"
    )
    assert cli("import", "visible", str(visible), "--yes").exit_code == 0
    cli("checkin", "--date", days_before(1), "--pain", "6")
    result = cli("history")
    assert result.exit_code == 0
    assert f"│ {days_before(2)} │ visible_crash 1, visible_fatigue 2" in result.stdout
    assert f"│ {days_before(1)} │ pain 6, visible_fatigue 3" in result.stdout


def test_history_rejects_a_reversed_period(cli) -> None:
    result = cli("history", "--from", days_before(1), "--to", days_before(5))
    assert result.exit_code == 2
    assert "Error: from:" in result.stderr


def test_the_same_tag_twice_is_logged_once(cli) -> None:
    result = cli("checkin", "--tag", "Coffee", "--tag", "coffee", "--pain", "3")
    assert result.exit_code == 0, result.output
    assert history(cli)[0]["tags"] == ["coffee"]


def test_a_tag_cannot_take_over_a_measured_variable(cli) -> None:
    cli("checkin", "--pain", "3")
    database = open_database(cli.url)
    with database.session() as session:
        person = session.scalars(select(Person)).one()
        session.add(Variable(person_id=person.id, key="hrv", label="HRV", kind="number", unit="ms"))
    database.dispose()
    result = cli("checkin", "--tag", "HRV")
    assert result.exit_code == 2
    assert "Error: tag:" in result.stderr
    assert history(cli)[0]["tags"] == []


def test_text_with_brackets_is_shown_as_written(cli) -> None:
    saved = cli("checkin", "--pain", "4", "--note", "took magnesium [mg] and felt [better] [/]")
    assert saved.exit_code == 0
    assert "took magnesium [mg] and felt [better] [/]" in " ".join(saved.stdout.split())


def test_same_as_yesterday_with_other_values_is_refused_not_half_done(cli) -> None:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    cli("checkin", "--date", yesterday, "--pain", "3")
    refused = cli("checkin", "--same-as-yesterday", "--pain", "9")
    assert refused.exit_code == 2 and "same_as_yesterday" in refused.stderr
    assert json.loads(cli("history", "--json").stdout)["days"][-1]["date"] == yesterday


def test_clearing_a_day_never_logged_says_it_stays_missing(cli) -> None:
    day = (date.today() - timedelta(days=4)).isoformat()
    cleared = cli("checkin", "--date", day, "--clear", "pain")
    assert cleared.exit_code == 0
    assert f"Nothing is logged for {day}: it stays missing" in cleared.stdout
    assert "Saved" not in cleared.stdout
    empty_date = cli("checkin", "--date", "", "--pain", "4")
    assert empty_date.exit_code == 2 and "is not a real date" in empty_date.stderr


def test_a_mistyped_or_foreign_database_is_refused_and_nothing_is_created(tmp_path) -> None:
    from conftest import Cli

    missing = tmp_path / "no-such-folder" / "diary.sqlite"
    refused = Cli(f"sqlite:///{missing}")("history")
    assert refused.exit_code == 2
    assert f"the folder {missing.parent} does not exist" in "".join(refused.stderr.split("\n"))
    assert not missing.parent.exists()
    spreadsheet = tmp_path / "diary.csv"
    spreadsheet.write_text("date,pain\n2026-01-01,4\n")
    foreign = Cli(f"sqlite:///{spreadsheet}")("history")
    assert foreign.exit_code == 2 and "file is not a database" in foreign.stderr
    assert spreadsheet.read_text() == "date,pain\n2026-01-01,4\n"


def test_an_export_to_a_folder_is_refused_naming_the_output(cli, tmp_path) -> None:
    cli("checkin", "--pain", "4")
    refused = cli("export", "json", "-o", str(tmp_path))
    assert refused.exit_code == 2
    said = " ".join(refused.stderr.split())
    assert said.startswith("Error: output:") and "is a folder; give a file name in it" in said
