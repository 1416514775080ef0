"""The body-system commands on a real SQLite file and a real PostgreSQL schema."""

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from fibrotrack.services.diet import start_protocol
from fibrotrack.storage import open_database
from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.diary import set_observation
from fibrotrack.storage.models import (
    LabResultEntry,
    Observation,
    Person,
    PracticeLog,
    SleepNight,
    Variable,
)

TODAY = datetime.now(UTC).date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def count(url: str, model: type) -> int:
    database = open_database(url)
    try:
        with database.session() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0
    finally:
        database.dispose()


def record(url: str, key: str, values: dict[str, float]) -> None:
    """Daily values of ``key`` for the database's only person, as a check-in would store them."""
    database = open_database(url)
    try:
        with database.session() as session:
            person = session.scalars(select(Person)).one()
            variable = variables_of(session, person_id=person.id)[key]
            for iso, value in values.items():
                set_observation(
                    session,
                    person_id=person.id,
                    variable=variable,
                    day=date.fromisoformat(iso),
                    value=value,
                    source="checkin",
                )
    finally:
        database.dispose()


def log_week(cli, *, bed: str = "23:00", latency: str = "60") -> None:  # type: ignore[no-untyped-def]
    for offset in range(-6, 1):
        result = cli(
            "sleep", "log", "--date", day(offset), "--bed", bed, "--wake", "07:00",
            "--latency", latency, "--wakings", "1", "--awake", "30", "--quality", "6",
        )  # fmt: skip
        assert result.exit_code == 0, result.output


def test_sleep_log_and_summary(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "sleep", "log", "--date", day(-1), "--bed", "22:30", "--lights-out", "23:00",
        "--latency", "30", "--wakings", "2", "--awake", "45", "--wake", "06:30",
        "--out-of-bed", "07:00", "--quality", "4",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "asleep 6 h 15 min" in result.stdout
    summary = json.loads(cli("sleep", "summary", "--json").stdout)
    last = summary["last_7_nights"]
    assert last["nights"] == 1
    assert last["time_in_bed_minutes"] == 510
    assert last["total_sleep_minutes"] == 375
    assert last["sleep_efficiency_percent"] == 73.5
    assert (last["onset_latency_minutes"], last["waso_minutes"]) == (30, 45)
    database = open_database(database_url)
    with database.session() as session:
        stored = session.execute(
            select(Observation.day, Observation.source, Observation.value)
            .join(Variable)
            .where(Variable.key == "sleep_hours")
        ).all()
    database.dispose()
    assert [tuple(row) for row in stored] == [(TODAY - timedelta(days=1), "sleep_diary", 6.25)]


def test_sleep_summary_names_every_row_in_80_columns(cli) -> None:  # type: ignore[no-untyped-def]
    for offset in range(-16, 0):
        assert cli("sleep", "log", "--date", day(offset), "--bed", "23:00", "--wake", "07:00",
                   "--latency", "20").exit_code == 0  # fmt: skip
    weeks = json.loads(cli("sleep", "summary", "--json").stdout)["weeks"]
    table = cli("sleep", "summary").stdout  # no terminal: 80 columns wide
    for week in weeks:
        assert f"│ {week['first']}–{week['last'][5:]} │" in table
    assert "│ Last 7 nights " in table


def test_impossible_nights_exit_2_and_write_nothing(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    cases = [
        (["--bed", "23:00", "--wake", "22:00"], "wake"),
        (["--bed", "23:00", "--wake", "07:00", "--latency", "500"], "latency"),
        (["--bed", "23:00", "--wake", "07:00", "--wakings", "1", "--awake", "600"], "awake"),
        (["--bed", "23:00", "--wake", "07:00", "--out-of-bed", "06:00"], "out_of_bed"),
        (["--bed", "23:00", "--wake", "7am"], "wake"),
    ]
    for arguments, field in cases:
        result = cli("sleep", "log", "--date", day(0), *arguments)
        assert result.exit_code == 2, arguments
        assert f"Error: {field}:" in result.stderr
    assert cli("sleep", "log", "--date", day(1), "--bed", "23:00", "--wake", "07:00").exit_code == 2
    assert count(database_url, SleepNight) == 0
    assert count(database_url, Observation) == 0


def test_overlapping_nights_are_refused(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    assert (
        cli("sleep", "log", "--date", day(-1), "--bed", "20:00", "--wake", "23:30").exit_code == 0
    )
    result = cli("sleep", "log", "--date", day(0), "--bed", "23:00", "--wake", "07:00")
    assert result.exit_code == 2
    assert "Error: bed:" in result.stderr
    assert "overlaps" in result.stderr
    assert count(database_url, SleepNight) == 1
    # Logging the same date again replaces that night instead of overlapping it.
    assert (
        cli("sleep", "log", "--date", day(-1), "--bed", "20:00", "--wake", "22:00").exit_code == 0
    )
    assert cli("sleep", "log", "--date", day(0), "--bed", "23:00", "--wake", "07:00").exit_code == 0
    assert count(database_url, SleepNight) == 2


def test_sleep_window_from_a_week_of_diary(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sleep", "window")
    assert result.exit_code == 2
    assert "Error: sleep_diary:" in result.stderr
    log_week(cli)
    window = json.loads(cli("sleep", "window", "--json").stdout)
    # 8 h in bed, 60 + 30 min awake: 6 h 30 min asleep; efficiency 81%.
    assert window["time_in_bed_minutes"] == 390
    assert (window["bed"], window["rise"]) == ("00:30", "07:00")
    assert window["change"] == "first"
    assert window["based_on_efficiency_percent"] == 81.2
    assert window["from_night"] == day(1)
    assert any("bipolar" in condition for condition in window["do_not_use_if"])
    text = " ".join(cli("sleep", "window").stdout.split())
    assert "with a clinician" in text
    assert "epilepsy" in text
    again = json.loads(cli("sleep", "window", "--json").stdout)
    assert again["from_night"] == window["from_night"]  # no new window before the review


def test_labs_add_list_and_unknown_unit(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("labs", "add", "--analyte", "vitamin_d", "--value", "18", "--unit", "ng/mL",
                 "--low", "30", "--high", "100", "--date", day(-30))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "discuss with your clinician" in result.stdout
    assert cli("labs", "add", "--analyte", "vitamin_d", "--value", "90", "--unit", "nmol/L",
               "--low", "75", "--high", "250", "--date", day(-1)).exit_code == 0  # fmt: skip
    bad = cli("labs", "add", "--analyte", "tsh", "--value", "2", "--unit", "mg/dL")
    assert bad.exit_code == 2
    assert "Error: unit:" in bad.stderr
    assert "mIU/L" in bad.stderr
    assert cli("labs", "add", "--analyte", "magic", "--value", "2", "--unit", "mg").exit_code == 2
    assert count(database_url, LabResultEntry) == 2
    listed = json.loads(cli("labs", "list", "--json").stdout)["results"]
    assert [row["status"] for row in listed] == ["below the lab's range", "within the lab's range"]
    assert listed[0]["standard_value"] == 44.928
    assert listed[1]["change_from_previous"] == round(90 - 18 * 1000 / 400.64, 3)


def test_labs_add_describes_the_result_it_saved(cli) -> None:  # type: ignore[no-untyped-def]
    ferritin = ["--analyte", "ferritin", "--unit", "ng/mL", "--low", "15", "--high", "150"]
    low = cli("labs", "add", *ferritin, "--value", "5", "--date", day(-10))
    assert "Saved Ferritin 5 ng/mL on " + day(-10) + ": below the lab's range" in low.stdout
    earlier = cli("labs", "add", *ferritin, "--value", "80", "--date", day(-100))
    assert earlier.exit_code == 0, earlier.output
    assert "Saved Ferritin 80 ng/mL on " + day(-100) + ": within the lab's range" in earlier.stdout


def test_meds_add_stop_list(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("meds", "add", "Vitamin D3", "--kind", "supplement", "--dose", "2000 IU daily",
               "--start", day(-20)).exit_code == 0  # fmt: skip
    assert cli("meds", "add", "Amitriptyline", "--dose", "10 mg at night",
               "--start", day(-200)).exit_code == 0  # fmt: skip
    assert cli("meds", "add", "vitamin d3", "--kind", "supplement").exit_code == 2
    assert cli("meds", "add", "Fish oil", "--kind", "food").exit_code == 2
    long_name = cli("meds", "add", "x" * 201)
    assert long_name.exit_code == 2
    assert "name: is longer than 200 characters" in " ".join(long_name.stderr.split())
    assert cli("meds", "stop", "Melatonin").exit_code == 2
    assert cli("meds", "stop", "vitamin d3", "--date", day(-1)).exit_code == 0
    listed = json.loads(cli("meds", "list", "--json").stdout)["medications"]
    assert [(m["name"], m["kind"], m["stop"]) for m in listed] == [
        ("Amitriptyline", "medication", None),
        ("Vitamin D3", "supplement", day(-1)),
    ]
    assert cli("meds", "resume", "Vitamin D3").exit_code == 0
    assert cli("meds", "resume", "Vitamin D3").exit_code == 2  # not stopped now
    refused = cli("meds", "delete", "amitriptyline")  # no terminal to ask, no --yes
    assert refused.exit_code == 2 and "confirm with --yes" in refused.stderr
    deleted = cli("meds", "delete", "amitriptyline", "--yes")
    assert deleted.exit_code == 0
    assert f"Deleted Amitriptyline (medication) from {day(-200)}, still taken." in deleted.stdout
    listed = json.loads(cli("meds", "list", "--json").stdout)["medications"]
    assert [(m["name"], m["stop"]) for m in listed] == [("Vitamin D3", None)]


def test_cycle_log_and_summary(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    for start, end in ((-90, -86), (-62, -58), (-27, None)):
        arguments = ["--start", day(start)] + (["--end", day(end)] if end is not None else [])
        assert cli("cycle", "log", *arguments).exit_code == 0
    assert cli("cycle", "log", "--end", day(-23)).exit_code == 0
    overlap = cli("cycle", "log", "--start", day(-60))
    assert overlap.exit_code == 2
    assert "Error: start:" in overlap.stderr
    record(database_url, "pain", {day(offset): 5.0 for offset in range(-90, 1)})
    summary = json.loads(cli("cycle", "summary", "--json").stdout)
    assert [c["length"] for c in summary["cycles"]] == [28, 35, None]
    assert summary["today"]["cycle_day"] == 28
    assert summary["today"]["provisional"] is True
    luteal = next(r for r in summary["symptoms_by_phase"]["pain"] if r["phase"] == "luteal")
    assert (luteal["cycles"], luteal["mean"], luteal["interval"]) == (2, 5.0, [5.0, 5.0])

    unasked = cli("cycle", "delete", day(-62))  # no terminal to ask on: nothing deleted
    assert unasked.exit_code == 2 and "Error: yes:" in unasked.stderr
    missing = cli("cycle", "delete", day(-61), "--yes")
    assert missing.exit_code == 2
    assert f"Error: start: no period of yours starts on {day(-61)}" in missing.stderr
    assert [
        c["length"] for c in json.loads(cli("cycle", "summary", "--json").stdout)["cycles"]
    ] == [
        28,
        35,
        None,
    ]
    deleted = cli("cycle", "delete", day(-62), "--yes")
    assert deleted.exit_code == 0
    assert f"Deleted the period from {day(-62)} to {day(-58)}." in deleted.stdout
    summary = json.loads(cli("cycle", "summary", "--json").stdout)
    assert [c["length"] for c in summary["cycles"]] == [63, None]


def test_screening_and_journal(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("screening", "set", "phq9", "--every", "7").exit_code == 2
    assert cli("screening", "set", "PHQ-9", "--every", "28", "--from", day(-3)).exit_code == 0
    assert cli("screening", "set", "gad7", "--every", "14", "--from", day(5)).exit_code == 0
    due = json.loads(cli("screening", "due", "--json").stdout)["schedules"]
    assert [(d["instrument"], d["state"], d["due_on"]) for d in due] == [
        ("phq9", "due", day(-3)),
        ("gad7", "not yet due", day(5)),
    ]
    assert cli("journal", "add", "Bad night, but I went out anyway.").exit_code == 0
    assert cli("journal", "add", "Walked 20 minutes without a flare", "--milestone").exit_code == 0
    entries = json.loads(cli("journal", "list", "--json").stdout)["entries"]
    assert [(e["kind"], e["in_story"]) for e in entries] == [
        ("journal", False),
        ("milestone", True),
    ]
    assert cli("journal", "add", "  ").exit_code == 2


def test_screening_schedules_fiqr_and_acr_2016_with_suggested_intervals(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("screening", "set", "acr2016", "--every", "6").exit_code == 2
    set_fiqr = cli("screening", "set", "FIQR", "--from", day(-40))
    assert set_fiqr.exit_code == 0, set_fiqr.output
    assert "fiqr every 28 days" in set_fiqr.stdout
    assert cli("screening", "set", "ACR 2016", "--from", day(2)).exit_code == 0
    due = json.loads(cli("screening", "due", "--json").stdout)["schedules"]
    assert [(d["instrument"], d["every_days"], d["state"], d["due_on"]) for d in due] == [
        ("fiqr", 28, "due", day(-40)),
        ("acr2016", 84, "not yet due", day(2)),
    ]
    assert cli("screening", "stop", "acr2016").exit_code == 0
    assert cli("screening", "stop", "acr2016").exit_code == 2
    left = json.loads(cli("screening", "due", "--json").stdout)["schedules"]
    assert [d["instrument"] for d in left] == ["fiqr"]


def test_diet_protocol_from_the_command_line(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("diet", "protocol", "status").exit_code == 2
    started = cli("diet", "protocol", "start", "--food", "gluten", "--food", "dairy",
                  "--start", day(-7))  # fmt: skip
    assert started.exit_code == 0, started.output
    assert "Avoid gluten, dairy" in started.stdout
    again = cli("diet", "protocol", "start", "--food", "eggs")
    assert again.exit_code == 2
    assert "Error: protocol:" in again.stderr
    assert cli("diet", "log", "--followed", "--gi", "3").exit_code == 0
    assert cli("diet", "log", "--gi", "11").exit_code == 2
    status = json.loads(cli("diet", "protocol", "status", "--json").stdout)
    assert status["today"] == {
        "date": day(0),
        "phase": "elimination",
        "food": None,
        "day": 1,
        "of": 21,
        "instruction": "Avoid gluten, dairy completely and log your symptoms every day.",
    }
    assert status["adherence"] == {"followed": 1, "slipped": 0, "not_said": 0}
    assert [p["food"] for p in status["pending"]] == ["gluten", "dairy"]
    assert "No diet has strong evidence" in status["note"]
    assert cli("diet", "protocol", "stop", "--yes").exit_code == 0
    assert json.loads(cli("diet", "protocol", "status", "--json").stdout)["today"]["phase"] == (
        "finished"
    )


def test_therapy_sessions_are_practice_logs(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    assert (
        cli("therapy", "log", "--type", "cbt", "--date", day(-14), "--minutes", "50").exit_code == 0
    )
    assert cli("therapy", "log", "--type", "EMDR", "--date", day(-7)).exit_code == 0
    assert cli("therapy", "log", "--type", "somatic", "--note", "Felt calmer").exit_code == 0
    other = cli("therapy", "log", "--type", "other")
    assert other.exit_code == 2
    assert "Error: practice:" in other.stderr
    assert cli("therapy", "log", "--type", "art").exit_code == 2
    assert cli("therapy", "log", "--type", "cbt", "--date", day(1)).exit_code == 2
    assert cli("therapy", "log", "--type", "other", "--practice", "journaling").exit_code == 0
    sessions = json.loads(cli("therapy", "list", "--json").stdout)["sessions"]
    assert [(s["date"], s["practice"], s["minutes"]) for s in sessions] == [
        (day(-14), "cbt", 50),
        (day(-7), "emdr", None),
        (day(0), "somatic_therapy", None),
        (day(0), "journaling", None),
    ]
    database = open_database(database_url)
    with database.session() as session:
        logged = session.scalars(select(PracticeLog.practice_id).order_by(PracticeLog.id)).all()
    database.dispose()
    assert logged == ["cbt", "emdr", "somatic_therapy", "journaling"]


def test_screening_due_says_the_due_date_plainly(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("screening", "set", "phq9", "--every", "28", "--from", day(-3)).exit_code == 0
    assert cli("screening", "set", "acr2016", "--every", "84", "--from", day(-1)).exit_code == 0
    assert cli("screening", "set", "fiqr", "--every", "28").exit_code == 0
    assert cli("screening", "set", "gad7", "--every", "14", "--from", day(5)).exit_code == 0
    due = cli("screening", "due")
    assert due.exit_code == 0, due.output
    assert due.stdout.splitlines() == [
        f"PHQ-9: due since {day(-3)}, 3 days ago (every 28 days)",
        f"ACR 2016: due since {day(-1)}, 1 day ago (every 84 days)",
        f"FIQR: due today, {day(0)} (every 28 days)",
        f"GAD-7: next due {day(5)} (every 14 days)",
    ]


def test_diet_protocol_stop_asks_first(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("diet", "protocol", "start", "--food", "gluten").exit_code == 0
    unasked = cli("diet", "protocol", "stop")  # no terminal to ask on: nothing stopped
    assert unasked.exit_code == 2
    assert "Error: yes: nothing stopped" in unasked.stderr
    monkeypatch.setattr("fibrotrack.cli.context.interactive", lambda: True)
    declined = cli("diet", "protocol", "stop", input="n\n")
    assert declined.exit_code == 1
    assert "Stop the protocol for gluten" in declined.stdout
    assert (
        json.loads(cli("diet", "protocol", "status", "--json").stdout)["protocol"]["stopped"]
        is None
    )
    accepted = cli("diet", "protocol", "stop", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert f"Protocol stopped on {day(0)}." in accepted.stdout
    again = cli("diet", "protocol", "stop", "--yes")  # nothing is running: refused, not asked
    assert again.exit_code == 2 and "Error: protocol:" in again.stderr


def test_a_new_protocol_keeps_the_earlier_verdicts_in_view(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("diet", "log", "--gi", "3", "--date", day(-50)).exit_code == 0  # the person
    start = TODAY - timedelta(days=40)
    database = open_database(database_url)
    try:
        with database.session() as session:
            person = session.scalars(select(Person)).one()
            start_protocol(
                session, person=person, foods=["gluten"], start=start, today=start, baseline=7,
                elimination=14, challenge=3, washout=3, outcomes=["mood"],
            )  # fmt: skip
    finally:
        database.dispose()
    # Mood 7–8 every day, down to 2–3 over gluten's challenge days (21–23) and the 2 after.
    record(
        database_url,
        "mood",
        {day(-40 + i): (2.0 if 21 <= i <= 25 else 7.0) + i % 2 for i in range(27)},
    )
    finished = cli("diet", "protocol", "verdicts")
    assert "gluten: likely worsens symptoms" in finished.stdout
    assert "mood (higher is better): -4.8 points" in finished.stdout
    assert cli("diet", "protocol", "start", "--food", "eggs").exit_code == 0
    after = cli("diet", "protocol", "verdicts")
    assert after.exit_code == 0
    assert "No food's challenge is over yet." in after.stdout
    assert f"Earlier protocol, from {day(-40)} to {day(-14)}: gluten" in after.stdout
    assert "gluten: likely worsens symptoms" in after.stdout
    verdicts = json.loads(cli("diet", "protocol", "verdicts", "--json").stdout)
    assert verdicts["verdicts"] == []
    (earlier,) = verdicts["earlier"]
    assert (earlier["foods"], earlier["start"]) == (["gluten"], day(-40))
    assert [(v["food"], v["verdict"]) for v in earlier["verdicts"]] == [
        ("gluten", "likely worsens symptoms")
    ]
    status = json.loads(cli("diet", "protocol", "status", "--json").stdout)
    assert status["protocol"]["foods"] == ["eggs"]
    assert status["earlier"] == verdicts["earlier"]
    assert "gluten: likely worsens symptoms" in cli("diet", "protocol", "status").stdout
