"""``fibrotrack community`` through the real CLI on a real database with a synthetic community:
opt in, see exactly what is shared, people like me, borrowing strength, opt out."""

import json
from datetime import UTC, datetime

from sqlalchemy import select

from community_people import MemberPlan, add_member
from conftest import Cli
from fibrotrack.storage import Database
from fibrotrack.storage.models import CommunityMember


def _people(database: Database, n: int) -> list[int]:
    """Members whose diary ends today, the day the CLI works on."""
    today = datetime.now(UTC).date()
    with database.session() as session:
        return [add_member(session, index=i, plan=MemberPlan(), today=today).id for i in range(n)]


def test_opting_in_and_out_from_the_command_line(cli: Cli, database: Database) -> None:
    ids = _people(database, 10)
    for person_id in ids:
        result = cli("--person", str(person_id), "community", "optin")
        assert result.exit_code == 0, result.output
        assert "You now share 1 practice outcomes" in result.output
    status = cli("--person", str(ids[0]), "community", "status", "--json")
    document = json.loads(status.stdout)
    assert document["member"] is True
    (practice,) = document["contribution"]["practices"]
    assert set(practice) == {
        "practice_id",
        "weeks",
        "adherence_percent",
        "kept_up",
        "fiqr_change",
        "fm30",
        "flares_before",
        "flares_during",
    }
    assert (practice["practice_id"], practice["weeks"]) == ("tai_chi", 12)
    assert practice["kept_up"] and practice["adherence_percent"] >= 70
    assert (practice["fiqr_change"], practice["fm30"]) == (-20, True)
    assert {factor["factor"] for factor in document["contribution"]["factors"]} >= {
        "sleep_hours",
        "gluten",
    }
    outcomes = json.loads(cli("--person", str(ids[1]), "community", "outcomes", "--json").stdout)
    tai_chi = next(item for item in outcomes["practices"] if item["practice"] == "tai_chi")
    assert tai_chi["kept_up"] == {"low": 10, "high": 19}
    assert tai_chi["fiqr_change"]["median"] == -20.0
    assert tai_chi["fm30"]["share"] == 1.0
    assert "not evidence that the practice works" in outcomes["caveat"]
    walking = next(item for item in outcomes["practices"] if item["practice"] == "walking")
    assert walking["kept_up"] is None and walking["fiqr_change"] is None
    text = cli("--person", str(ids[1]), "community", "outcomes").stdout
    assert "Tai chi" in text and "median −20 points" in " ".join(text.split())

    effects = json.loads(cli("--person", str(ids[2]), "community", "effects", "--json").stdout)
    sleep = next(item for item in effects["effects"] if item["factor"] == "sleep_hours")
    assert sleep["own"]["label"] == "From your own data"
    assert sleep["pooled"]["label"] == "Your own data with the community's (pooled)"
    words = " ".join(cli("--person", str(ids[2]), "community", "effects").stdout.split())
    assert "From your own data: pain" in words and "(pooled): pain" in words

    out = cli("--person", str(ids[0]), "community", "optout")
    assert out.exit_code == 0 and "deleted" in out.output
    again = cli("--person", str(ids[0]), "community", "optout")
    assert "were not sharing" in again.output
    with database.session() as session:
        members = session.scalars(select(CommunityMember.person_id)).all()
    assert ids[0] not in members and len(members) == 9
    assert json.loads(cli("--person", str(ids[0]), "community", "status", "--json").stdout) == {
        "member": False,
        "contribution": None,
    }


def test_a_minimum_below_ten_is_refused(cli: Cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FIBROTRACK_COMMUNITY_MIN_GROUP", "5")
    result = cli("community", "outcomes")
    assert result.exit_code == 2
    assert "FIBROTRACK_COMMUNITY_MIN_GROUP" in result.output
