"""Community outcomes on a real database (SQLite and PostgreSQL) with synthetic communities of
people built through the services: opting in and out, removal from future summaries, the
minimum group size, the monthly summary, and a contribution that holds nothing identifying."""

import re
from datetime import date

from sqlalchemy import Date, DateTime, Text, inspect, select

from community_people import TODAY, MemberPlan, add_member
from fibrotrack.analysis.shared_factors import SHARED_FACTOR_KEYS
from fibrotrack.community import CommunityRules
from fibrotrack.program import catalogue
from fibrotrack.services.community import (
    borrowed_effects,
    community_summary,
    community_view,
    opt_in,
    opt_out,
    stored_contribution,
)
from fibrotrack.services.person_erasure import erase_everything_of
from fibrotrack.storage import Database
from fibrotrack.storage.models import (
    Base,
    CommunityFactorEffect,
    CommunityMember,
    CommunityPracticeOutcome,
    CommunitySummaryRow,
    Person,
)
from fibrotrack.storage.portable import exported_tables

RULES = CommunityRules()
COMMUNITY_TABLES = (
    "community_members",
    "community_practice_outcomes",
    "community_factor_effects",
    "community_summaries",
)
NEXT_MONTH = date(2026, 12, 3)


def _community(database: Database, n: int, plan: MemberPlan | None = None) -> list[int]:
    ids = []
    with database.session() as session:
        for index in range(n):
            person = add_member(session, index=index, plan=plan or MemberPlan())
            opt_in(session, person=person, today=TODAY, rules=RULES)
            ids.append(person.id)
    return ids


def _summary(database: Database, today: date = TODAY):  # type: ignore[no-untyped-def]
    with database.session() as session:
        return community_summary(session, today=today, rules=RULES)


def test_nine_people_show_nothing_and_ten_show_the_summary(database: Database) -> None:
    _community(database, 9)
    nine = _summary(database).practice("tai_chi")
    assert not nine.shown and nine.fiqr_change is None and nine.fm30 is None
    with database.session() as session:
        tenth = add_member(session, index=9, plan=MemberPlan())
        opt_in(session, person=tenth, today=TODAY, rules=RULES)
    assert not _summary(database).practice("tai_chi").shown  # this month's summary stays
    ten = _summary(database, NEXT_MONTH).practice("tai_chi")
    assert ten.shown
    assert ten.kept_up is not None and ten.kept_up.text == "10–19"
    assert ten.fiqr_change is not None and ten.fiqr_change.median == -20.0
    assert ten.fm30 is not None and ten.fm30.share == 1.0


def test_people_who_did_not_keep_it_up_do_not_count(database: Database) -> None:
    _community(database, 6)
    with database.session() as session:
        for index in range(6, 12):
            person = add_member(session, index=index, plan=MemberPlan(kept_up=False))
            opt_in(session, person=person, today=TODAY, rules=RULES)
    assert not _summary(database).practice("tai_chi").shown


def test_opting_out_deletes_the_contribution_and_leaves_future_summaries(
    database: Database,
) -> None:
    ids = _community(database, 10)
    assert _summary(database).practice("tai_chi").shown
    with database.session() as session:
        leaver = session.get(Person, ids[0])
        assert leaver is not None
        assert opt_out(session, person=leaver)
        assert not opt_out(session, person=leaver)
        assert stored_contribution(session, person=leaver) is None
        for model in (CommunityMember, CommunityPracticeOutcome, CommunityFactorEffect):
            assert not session.scalars(select(model).where(model.person_id == ids[0])).all()
    assert _summary(database).practice("tai_chi").shown  # published this month, stays
    assert not _summary(database, NEXT_MONTH).practice("tai_chi").shown


def test_opting_in_again_and_looking_refresh_the_contribution(database: Database) -> None:
    (person_id,) = _community(database, 1)
    with database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        first = stored_contribution(session, person=person)
        assert first is not None and first.month == "2026-11"
        later = community_view(session, person=person, today=NEXT_MONTH, rules=RULES)
        assert later.member and later.contribution is not None
        assert later.contribution.month == "2026-12"
        assert len(session.scalars(select(CommunityMember)).all()) == 1
        assert len(session.scalars(select(CommunityPracticeOutcome)).all()) == 1


def test_a_raised_minimum_replaces_the_months_summary(database: Database) -> None:
    _community(database, 12)
    assert _summary(database).practice("tai_chi").shown
    with database.session() as session:
        raised = community_summary(session, today=TODAY, rules=CommunityRules(min_group=15))
        assert not raised.practice("tai_chi").shown
        assert session.get(CommunitySummaryRow, "2026-11").min_group == 15  # type: ignore[union-attr]


def test_a_contribution_holds_nothing_identifying(database: Database) -> None:
    secret = "SECRET-NOTE-walked-with-Jo-on-2026-11-19"
    _community(database, 10, MemberPlan(secret_note=secret))
    _summary(database)
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    for name in COMMUNITY_TABLES:
        for column in tables[name].columns:
            assert not isinstance(column.type, Date | DateTime | Text), f"{name}.{column.name}"
    catalogue_ids = {practice.id for practice in catalogue().practices}
    texts: list[str] = []
    with database.engine.connect() as connection:
        for name in COMMUNITY_TABLES:
            for row in connection.execute(select(tables[name])).mappings():
                texts.append(repr(dict(row)))
                if name == "community_members":
                    assert re.fullmatch(r"\d{4}-\d{2}", row["month"])
                if name == "community_practice_outcomes":
                    assert row["practice_id"] in catalogue_ids
                if name == "community_factor_effects":
                    assert row["factor"] in SHARED_FACTOR_KEYS
    everything = "\n".join(texts)
    for forbidden in (secret, "Jo", "secret", "Member 1", "2026-11-19", "2026-11-20"):
        assert forbidden not in everything
    assert re.search(r"\d{4}-\d{2}-\d{2}", everything) is None


def test_contributions_are_erased_with_the_person_and_never_exported(database: Database) -> None:
    (person_id,) = _community(database, 1)
    exported = {table.name for table in exported_tables()}
    assert not exported & set(COMMUNITY_TABLES)
    with database.session() as session:
        erase_everything_of(session, person_id=person_id)
    with database.session() as session:
        for model in (CommunityMember, CommunityPracticeOutcome, CommunityFactorEffect):
            assert session.scalars(select(model)).all() == []


def test_borrowing_strength_shows_own_and_pooled_estimates(database: Database) -> None:
    ids = _community(database, 12)
    with database.session() as session:
        person = session.get(Person, ids[0])
        assert person is not None
        found = {
            item.own.factor.key: item
            for item in borrowed_effects(session, person=person, today=TODAY, rules=RULES)
        }
    sleep = found["sleep_hours"]
    assert sleep.own.estimate is not None
    assert sleep.prior.people is not None and sleep.prior.mean is not None
    assert sleep.pooled is not None
    assert sleep.pooled.ci[0] < sleep.pooled.effect < sleep.pooled.ci[1]
    assert abs(sleep.pooled.effect - sleep.prior.mean) <= abs(
        sleep.own.estimate.effect - sleep.prior.mean
    )
    assert found["dairy"].own.estimate is None and found["dairy"].pooled is None


def test_the_community_tables_are_in_the_migration(database: Database) -> None:
    names = set(inspect(database.engine).get_table_names())
    assert set(COMMUNITY_TABLES) <= names
