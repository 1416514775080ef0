"""The demo person has something to show in every body system, on both databases."""

import json
from datetime import UTC, datetime

from sqlalchemy import select

from fibrotrack.services.demo import fill_demo
from fibrotrack.storage import open_database
from fibrotrack.storage.models import Observation, Variable


def test_demo_body_systems(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    database = open_database(database_url)
    fill_demo(database, today=datetime.now(UTC).date())
    with database.session() as session:
        sleep_hours = session.execute(
            select(Observation.day, Observation.source, Observation.value)
            .join(Variable)
            .where(Variable.key == "sleep_hours")
        ).all()
    database.dispose()
    by_source: dict[str, dict[object, float | None]] = {}
    for day, source, value in sleep_hours:
        by_source.setdefault(source, {})[day] = value
    diary = by_source["sleep_diary"]
    assert len(diary) >= 50
    assert all(by_source["checkin"][day] == value for day, value in diary.items())

    sleep = json.loads(cli("sleep", "summary", "--json").stdout)
    assert sleep["last_7_nights"]["nights"] >= 4
    assert len(sleep["weeks"]) == 8

    status = json.loads(cli("diet", "protocol", "status", "--json").stdout)
    assert status["today"]["phase"] == "finished"
    verdicts = {verdict["food"]: verdict["verdict"] for verdict in status["verdicts"]}
    assert verdicts["gluten"] == "likely worsens symptoms"
    assert verdicts["dairy"] != "likely worsens symptoms"
    assert status["adherence"]["slipped"] == 1

    labs = json.loads(cli("labs", "list", "--json").stdout)["results"]
    vitamin_d = [row for row in labs if row["analyte"] == "vitamin_d"]
    assert [row["status"] for row in vitamin_d] == [
        "below the lab's range",
        "within the lab's range",
        "within the lab's range",
    ]
    assert vitamin_d[-1]["unit"] == "nmol/L"
    meds = json.loads(cli("meds", "list", "--json").stdout)["medications"]
    assert {med["name"] for med in meds} == {"Vitamin D3", "Amitriptyline"}

    cycle = json.loads(cli("cycle", "summary", "--json").stdout)
    assert len(cycle["cycles"]) >= 12
    assert cycle["shortest"] < cycle["longest"]
    assert cycle["today"] is not None
    therapy = json.loads(cli("therapy", "list", "--json").stdout)["sessions"]
    assert [item["practice"] for item in therapy] == ["cbt"] * 12
    milestones = json.loads(cli("journal", "list", "--milestones", "--json").stdout)["entries"]
    assert any("gluten" in entry["text"] for entry in milestones)
