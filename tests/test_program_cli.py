"""The program from the command line, on SQLite and PostgreSQL: the plan and its history as
interventions, logging sessions, the review, pacing, red flags and bad input."""

import json
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.people import create_person
from fibrotrack.services.plan import add_practice, log_practice
from fibrotrack.services.review_answers import save_review_answers
from fibrotrack.storage import Database
from fibrotrack.storage.models import (
    Intervention,
    PacingPlan,
    Person,
    PlanItem,
    PracticeLog,
    RedFlagReport,
)


def today() -> date:
    return datetime.now(UTC).date()


def ago(days: int) -> str:
    return (today() - timedelta(days=days)).isoformat()


def said(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def count(database: Database, model: type) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_catalogue_json_lists_every_practice_with_its_evidence(cli) -> None:
    result = cli("program", "catalogue", "--json")
    assert result.exit_code == 0, result.output
    practices = json.loads(result.stdout)["practices"]
    assert {"cbt", "emdr", "somatic_therapy", "journaling", "slow_breathing"} <= {
        p["id"] for p in practices
    }
    for practice in practices:
        assert {"id", "name", "pillar", "evidence", "source", "dose", "safety"} <= set(practice)
    walking = next(p for p in practices if p["id"] == "walking")
    assert walking["evidence"] == "strong_for" and walking["pillar"] == "movement"

    movement = json.loads(cli("program", "catalogue", "--pillar", "movement", "--json").stdout)
    assert {p["pillar"] for p in movement["practices"]} == {"movement"}
    unknown = cli("program", "catalogue", "--pillar", "magic")
    assert unknown.exit_code == 2
    assert "Error: pillar:" in said(unknown.stderr)


def test_plan_changes_are_kept_as_history_and_as_interventions(cli, database) -> None:
    added = cli("plan", "add", "walking", "--days", "5", "--minutes", "20", "--start", ago(20))
    assert added.exit_code == 0, added.output
    changed = cli("plan", "change", "walking", "--days", "7", "--minutes", "30", "--date", ago(10))
    assert changed.exit_code == 0, changed.output
    stopped = cli("plan", "stop", "walking", "--date", ago(3), "--json")
    assert stopped.exit_code == 0, stopped.output
    assert json.loads(stopped.stdout)["end_reason"] == "stopped"

    history = json.loads(cli("plan", "show", "--history", "--json").stdout)["plan"]
    assert [(h["start"], h["stop"], h["end_reason"], h["minutes"]) for h in history] == [
        (ago(20), ago(11), "changed", 20),
        (ago(10), ago(3), "stopped", 30),
    ]
    assert history[1]["replaces"] == history[0]["id"]
    assert json.loads(cli("plan", "show", "--json").stdout)["plan"] == []

    with database.session() as session:
        interventions = session.scalars(select(Intervention).order_by(Intervention.id)).all()
        assert [
            (i.practice_id, i.kind, i.start_day.isoformat(), i.end_day.isoformat(), i.dose)
            for i in interventions
        ] == [
            ("walking", "practice", ago(20), ago(11), "20 min, 5 days a week"),
            ("walking", "practice", ago(10), ago(3), "30 min, every day"),
        ]
        assert [i.id for i in interventions] == [h["intervention"] for h in history]

    again = cli("plan", "add", "walking", "--start", ago(3))
    assert again.exit_code == 2
    assert "start it again after that day" in said(again.stderr)
    assert cli("plan", "add", "walking").exit_code == 0
    assert count(database, Intervention) == 3


def test_a_change_on_the_start_day_corrects_it(cli, database) -> None:
    assert cli("plan", "add", "mindfulness").exit_code == 0
    assert cli("plan", "change", "mindfulness", "--days", "3", "--minutes", "15").exit_code == 0
    (item,) = json.loads(cli("plan", "show", "--history", "--json").stdout)["plan"]
    assert (item["days_per_week"], item["minutes"], item["stop"]) == (3, 15, None)
    with database.session() as session:
        (intervention,) = session.scalars(select(Intervention)).all()
        assert intervention.dose == "15 min, 3 days a week"
        assert intervention.kind == "practice"


def test_an_imported_intervention_is_adopted_not_duplicated(database) -> None:
    start = today() - timedelta(days=30)
    with database.session() as session:
        person = create_person(session, name="A", timezone="UTC")
        session.add(
            Intervention(
                person_id=person.id, name="Vit D", practice_id="vitamin_d", start_day=start
            )
        )
        session.flush()
        item = add_practice(
            session, person=person, practice_id="vitamin_d", today=today(), start=start
        )
        (intervention,) = session.scalars(select(Intervention)).all()
        assert item.intervention_id == intervention.id
        assert (intervention.kind, intervention.name) == ("supplement", "Vitamin D")
        assert intervention.details["evidence"] == "trials_mixed"


def test_logging_a_session_and_the_weekly_review(cli, database) -> None:
    monday = today() - timedelta(days=today().weekday() + 7)  # last week's Monday
    sunday = monday + timedelta(days=6)
    assert (
        cli(
            "plan",
            "add",
            "walking",
            "--days",
            "3",
            "--minutes",
            "20",
            "--start",
            (monday - timedelta(days=7)).isoformat(),
        ).exit_code
        == 0
    )
    for offset, minutes in ((0, "20"), (2, "25"), (2, "10")):
        result = cli(
            "practice",
            "log",
            "walking",
            "--minutes",
            minutes,
            "--date",
            (monday + timedelta(days=offset)).isoformat(),
        )
        assert result.exit_code == 0, result.output
    assert (
        cli(
            "practice",
            "log",
            "cbt",
            "--date",
            (monday + timedelta(days=3)).isoformat(),
            "--note",
            "first session",
        ).exit_code
        == 0
    )
    with database.session() as session:
        person_id = session.scalar(select(PracticeLog.person_id))
        person = session.get(Person, person_id)
        for offset, pain in enumerate([6, 6, 5, 6]):
            check_in(
                session,
                person=person,
                change=CheckIn(day=monday - timedelta(days=7 - offset), values={"pain": pain}),
                today=today(),
            )
        for offset, pain in enumerate([4, 5, 4]):
            check_in(
                session,
                person=person,
                change=CheckIn(day=monday + timedelta(days=offset), values={"pain": pain}),
                today=today(),
            )

    review = json.loads(cli("plan", "review", "--date", sunday.isoformat(), "--json").stdout)
    assert (review["week_start"], review["week_end"]) == (monday.isoformat(), sunday.isoformat())
    (walking,) = review["planned"]
    assert (walking["planned_sessions"], walking["done_sessions"]) == (3, 2)
    assert (walking["planned_minutes"], walking["done_minutes"]) == (60, 55.0)
    assert walking["adherence"] == pytest.approx(0.667)
    assert review["unplanned_sessions"] == {"cbt": 1}
    pain = next(s for s in review["symptoms"] if s["variable"] == "pain")
    assert (pain["mean"], pain["days_logged"], pain["previous_mean"]) == (4.33, 3, 5.75)
    assert pain["change"] == pytest.approx(-1.42, abs=0.01)
    text = cli("plan", "review", "--date", sunday.isoformat())
    assert "2 of 3" in said(text.stdout) and "not why" in said(text.stdout)
    assert review["answers"] is None
    assert "none yet for this week" in said(text.stdout)
    with database.session() as session:
        save_review_answers(
            session,
            person=session.get(Person, person_id),
            day=sunday,
            today=today(),
            now=datetime.now(UTC),
            got_in_the_way="[bold]visitors[/bold] all weekend",
            plan_choice="adjust",
        )
    review = json.loads(cli("plan", "review", "--date", monday.isoformat(), "--json").stdout)
    answers = review["answers"]
    assert answers["week_start"] == monday.isoformat()
    assert (answers["went_well"], answers["got_in_the_way"], answers["plan_choice"]) == (
        None,
        "[bold]visitors[/bold] all weekend",
        "adjust",
    )
    text = said(cli("plan", "review", "--date", sunday.isoformat()).stdout)
    assert "What got in the way? [bold]visitors[/bold] all weekend" in text
    assert "Keep the plan or adjust it? Adjust the plan" in text
    assert "What went well" not in text

    # Answered from the command line: what is not given keeps what was saved; "" clears it.
    saved = cli(
        "plan", "answer", "--date", sunday.isoformat(), "--went-well", "Two walks", "--json"
    )
    assert saved.exit_code == 0, saved.stderr
    answers = json.loads(saved.stdout)
    assert (answers["went_well"], answers["got_in_the_way"], answers["plan_choice"]) == (
        "Two walks",
        "[bold]visitors[/bold] all weekend",
        "adjust",
    )
    cleared = cli("plan", "answer", "--date", monday.isoformat(), "--got-in-the-way", "")
    assert cleared.exit_code == 0
    assert f"Saved your answers for the week of {monday.isoformat()}" in said(cleared.stdout)
    review = json.loads(cli("plan", "review", "--date", sunday.isoformat(), "--json").stdout)
    assert (review["answers"]["went_well"], review["answers"]["got_in_the_way"]) == (
        "Two walks",
        None,
    )
    bad = cli("plan", "answer", "--date", sunday.isoformat(), "--plan", "maybe")
    assert bad.exit_code == 2 and "Error: plan: 'maybe' is not one of keep or adjust" in bad.stderr
    future = cli("plan", "answer", "--date", "2999-01-04", "--went-well", "x")
    assert future.exit_code == 2 and "Error: date:" in future.stderr
    review = json.loads(cli("plan", "review", "--date", sunday.isoformat(), "--json").stdout)
    assert review["answers"]["plan_choice"] == "adjust"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("practice", "log", "reiki"), "practice"),
        (("practice", "log", "walking", "--date", "2999-01-01"), "date"),
        (("practice", "log", "walking", "--minutes", "-5"), "minutes"),
        (("practice", "log", "walking", "--minutes", "0"), "minutes"),
        (("practice", "log", "walking", "--date", "2026-02-30"), "date"),
        (("plan", "add", "reiki"), "practice"),
        (("plan", "add", "walking", "--days", "9"), "days"),
        (("plan", "add", "walking", "--start", "2999-01-01"), "start"),
        (("plan", "stop", "walking"), "practice"),
        (("plan", "change", "walking", "--days", "3"), "practice"),
        (("pacing", "start", "--step", "80"), "step"),
        (("pacing", "start", "--measure", "heartbeats"), "measure"),
        (("redflag", "mark", "headache"), "flag"),
        (("redflag", "mark", "fever", "--date", "2999-01-01"), "date"),
        (("plan", "review", "--date", "2999-01-01"), "date"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(cli, database, args, field) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert f"Error: {field}:" in said(result.stderr)
    for model in (PracticeLog, PlanItem, Intervention, PacingPlan, RedFlagReport):
        assert count(database, model) == 0, model


def test_clearing_the_only_answer_names_the_option_cleared(cli) -> None:
    assert cli("plan", "answer", "--plan", "keep").exit_code == 0
    cleared = cli("plan", "answer", "--plan", "")
    assert cleared.exit_code == 2
    assert "Error: plan: answer at least one question" in said(cleared.stderr)


def test_the_review_lists_sessions_logged_without_minutes(cli) -> None:
    monday = today() - timedelta(days=today().weekday() + 7)
    start = (monday - timedelta(days=7)).isoformat()
    assert (
        cli("plan", "add", "walking", "--days", "3", "--minutes", "20", "--start", start).exit_code
        == 0
    )
    for offset, minutes in ((0, ["--minutes", "20"]), (1, [])):
        day = (monday + timedelta(days=offset)).isoformat()
        assert cli("practice", "log", "walking", *minutes, "--date", day).exit_code == 0
    review = said(cli("plan", "review", "--date", monday.isoformat()).stdout)
    assert "20 of 60 (+1 without minutes)" in review


def test_a_session_logged_twice_by_mistake_is_deleted(cli, database) -> None:
    first = cli("practice", "log", "walking", "--minutes", "15")
    assert first.exit_code == 0 and "(session 1; `fibrotrack practice delete 1`" in said(
        first.stdout
    )
    assert cli("practice", "log", "walking", "--minutes", "15").exit_code == 0
    listed = json.loads(cli("practice", "list", "--json").stdout)["sessions"]
    assert [(item["id"], item["practice"], item["minutes"]) for item in listed] == [
        (2, "walking", 15.0),
        (1, "walking", 15.0),
    ]
    unasked = cli("practice", "delete", "2")  # no terminal to ask and no --yes
    assert unasked.exit_code == 2 and "confirm with --yes" in said(unasked.stderr)
    assert count(database, PracticeLog) == 2
    deleted = cli("practice", "delete", "2", "--yes")
    assert deleted.exit_code == 0 and "Deleted the session of walking on" in deleted.stdout
    assert count(database, PracticeLog) == 1
    assert cli("practice", "delete", "2", "--yes").exit_code == 2  # gone


def test_log_practice_validates_before_writing(database) -> None:
    with database.session() as session:
        person = create_person(session, name="B", timezone="UTC")
        log = log_practice(
            session,
            person=person,
            practice_id="emdr",
            day=today(),
            today=today(),
            minutes=60,
            note="  processing  ",
            source="therapy",
        )
        assert (log.practice_id, log.minutes, log.note, log.source) == (
            "emdr",
            60,
            "processing",
            "therapy",
        )
        with pytest.raises(InvalidEntry) as raised:
            log_practice(
                session, person=person, practice_id="emdr", day=today(), today=today(), source=""
            )
        assert raised.value.field == "source"
        assert session.scalar(select(func.count()).select_from(PracticeLog)) == 1


def test_red_flags_are_listed_and_marking_one_says_to_seek_care(cli, database) -> None:
    listed = json.loads(cli("redflag", "list", "--json").stdout)["red_flags"]
    ids = {flag["id"] for flag in listed}
    assert {"fever", "weight_loss", "joint_swelling", "new_weakness_or_numbness"} <= ids
    marked = cli("redflag", "mark", "new_weakness_or_numbness", "--note", "left hand")
    assert marked.exit_code == 0
    assert "please seek care" in said(marked.stdout)
    assert "Contact your doctor or an urgent care service today" in said(marked.stdout)
    with database.session() as session:
        (report,) = session.scalars(select(RedFlagReport)).all()
        assert (report.flag_id, report.note, report.day) == (
            "new_weakness_or_numbness",
            "left hand",
            today(),
        )


def _seed_diary_with_a_flare(database: Database, flare: range) -> None:
    """150 days of pain, fatigue and active minutes rising 10% a week from day 90 on, with a
    planted flare (pain and fatigue 3.5 points up, activity halved) on the days in ``flare``."""
    rng = np.random.default_rng(3)
    with database.session() as session:
        person = create_person(session, name="C", timezone="UTC")
        for index in range(150):
            day = today() - timedelta(days=149 - index)
            week = max(0, index - 90) // 7
            rise = 3.5 if index in flare else 0.0
            activity = 21 * 1.1**week * (0.5 if index in flare else 1.0)
            check_in(
                session,
                person=person,
                change=CheckIn(
                    day=day,
                    values={
                        "pain": float(np.clip(round(4 + rise + rng.normal(0, 0.6)), 0, 10)),
                        "fatigue": float(np.clip(round(5 + rise + rng.normal(0, 0.6)), 0, 10)),
                        "activity_minutes": round(activity + rng.normal(0, 0.5), 1),
                    },
                ),
                today=today(),
            )


def test_pacing_status_holds_then_steps_back_after_a_detected_flare(cli, database) -> None:
    flare = range(118, 127)
    _seed_diary_with_a_flare(database, flare)
    assert json.loads(cli("pacing", "status", "--json").stdout) == {"plan": None}
    started = cli("pacing", "start", "--start", ago(149 - 90))
    assert started.exit_code == 0, started.output

    status = json.loads(cli("pacing", "status", "--json").stdout)
    assert status["measure"] == "activity_minutes"
    assert status["baseline"]["value"] == pytest.approx(21, abs=0.5)
    assert status["rule"]["weekly_step"] == 0.1
    planted = {ago(149 - index) for index in flare}
    assert any(
        {flare_found["start"], flare_found["end"]} & planted for flare_found in status["flares"]
    ), status["flares"]
    decisions = [week["decision"] for week in status["weeks"]]
    assert decisions[:4] == ["start", "raise", "raise", "raise"]
    assert "step_back" in decisions
    back = decisions.index("step_back")
    assert status["weeks"][back]["target"] < status["weeks"][back - 1]["target"]
    assert "raise" not in decisions[decisions.index("step_back") - 1 : back]
    text = cli("pacing", "status")
    assert "Today's target" in said(text.stdout) and "Why:" in said(text.stdout)

    # The person says the detected flare was not one: the rule no longer holds or steps back.
    for flare_found in status["flares"]:
        assert cli("flares", "deny", flare_found["start"]).exit_code == 0
    denied = json.loads(cli("pacing", "status", "--json").stdout)
    assert all(flare_found["confirmed"] is False for flare_found in denied["flares"])
    assert not {"step_back", "hold_flare"} & {week["decision"] for week in denied["weeks"]}

    assert cli("pacing", "start").exit_code == 2
    assert cli("pacing", "stop").exit_code == 0
    assert json.loads(cli("pacing", "status", "--json").stdout) == {"plan": None}


def test_the_demo_person_has_a_plan_matching_their_story(database) -> None:
    from fibrotrack.analysis.synthetic import demo_diary
    from fibrotrack.services.demo import fill_demo

    end = date(2026, 11, 27)
    fill_demo(database, today=end)
    diary = demo_diary(end)
    starts = {planted.name: planted.start for planted in diary.interventions}
    with database.session() as session:
        items = session.scalars(select(PlanItem).order_by(PlanItem.start_day)).all()
        assert [(i.practice_id, i.start_day, i.stop_day) for i in items] == [
            ("walking", starts["walking"], None),
            ("mindfulness", starts["mindfulness"], None),
        ]
        interventions = session.scalars(
            select(Intervention).where(Intervention.kind == "practice")
        ).all()
        assert len(interventions) == 2
        assert {i.id for i in interventions} == {i.intervention_id for i in items}
        for practice in ("walking", "mindfulness"):
            tagged = {d.day for d in diary.days if f"practice:{practice}" in d.tags}
            logged = set(
                session.scalars(select(PracticeLog.day).where(PracticeLog.practice_id == practice))
            )
            assert logged == tagged
        (pacing,) = session.scalars(select(PacingPlan)).all()
        assert (pacing.measure, pacing.start_day) == ("activity_minutes", starts["walking"])


def test_the_review_reports_the_insight_engine_on_each_practice(
    sqlite_url: str, sqlite_cli
) -> None:
    from fibrotrack.services.demo import fill_demo
    from fibrotrack.storage import open_database

    database = open_database(sqlite_url)
    fill_demo(database, today=today())
    database.dispose()
    review = json.loads(sqlite_cli("plan", "review", "--insights", "--json").stdout)
    insights = {effect["practice"]: effect for effect in review["insights"]}
    assert set(insights) == {"walking", "mindfulness"}
    for effect in insights.values():
        assert effect["outcome"] == "pain"
        low, high = effect["ci"]
        assert low < effect["change"] < high
        assert "cannot show" in effect["sentence"]
    assert "insights" not in json.loads(sqlite_cli("plan", "review", "--json").stdout)


def test_plan_answer_errors_name_the_options_given(cli) -> None:  # type: ignore[no-untyped-def]
    plan = cli("plan", "answer", "--plan", "maybe")
    assert plan.exit_code == 2
    assert plan.stderr.startswith("Error: plan: 'maybe' is not one of keep or adjust")
    change = cli("plan", "answer", "--change", "x" * 2001)
    assert change.exit_code == 2
    assert change.stderr.startswith("Error: change: is longer than 2000 characters")
    went_well = cli("plan", "answer", "--went-well", "x" * 2001)
    assert went_well.stderr.startswith("Error: went_well: is longer than 2000 characters")
