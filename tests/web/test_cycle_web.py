"""Logging periods on /program/body/cycle as a person would: a first day inside or right after
another period, or a last day running into one, is refused with the field named and nothing
written, and a last day alone closes the period that has none."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from fibrotrack.storage.models import MenstrualPeriod

from .conftest import Site
from .test_program_pages import person_of

TODAY = date.today()
CYCLE = "/program/body/cycle"


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def periods(site: Site, person_id: int) -> list[tuple[str, str | None]]:
    with site.database.session() as session:
        rows = session.scalars(
            select(MenstrualPeriod)
            .where(MenstrualPeriod.person_id == person_id)
            .order_by(MenstrualPeriod.start_day)
        )
        return [
            (row.start_day.isoformat(), row.end_day.isoformat() if row.end_day else None)
            for row in rows
        ]


def test_a_first_day_during_an_open_period_is_refused_and_the_last_day_closes_it(
    site: Site,
) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    assert browser.post(CYCLE, {"start": day(-40), "end": day(-36)}, page=CYCLE).status_code == 303
    assert browser.post(CYCLE, {"start": day(-7)}, page=CYCLE).status_code == 303

    again = browser.post(CYCLE, {"start": day(-6)}, page=CYCLE)
    assert again.status_code == 422
    assert '<span class="field">First day</span>' in again.text
    assert f"may be part of the period from {day(-7)}, which has no last day yet" in again.text
    assert re.search(r'id="cycle-start"[^>]*aria-invalid="true"', again.text)
    assert periods(site, person_id) == [(day(-40), day(-36)), (day(-7), None)]

    closed = browser.post(CYCLE, {"end": day(-4)}, page=CYCLE)
    assert closed.status_code == 303
    assert periods(site, person_id) == [(day(-40), day(-36)), (day(-7), day(-4))]
    page = browser.get(CYCLE).text
    assert f"{day(-7)} to {day(-4)}" in page and f"{day(-7)}, no last day yet" not in page
    assert "Cycle lengths: 33 days" in page


def test_periods_that_meet_a_closed_one_are_refused(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    browser.post(CYCLE, {"start": day(-30), "end": day(-26)}, page=CYCLE)
    for form, field in (
        ({"start": day(-28)}, "start"),  # inside
        ({"start": day(-25), "end": day(-23)}, "start"),  # right after
        ({"start": day(-33), "end": day(-29)}, "end"),  # runs into it
        ({"start": day(-35), "end": day(-31)}, "end"),  # right before it
        ({"start": day(-35)}, "end"),  # no last day, 5 days before it
        ({"start": day(-20), "end": day(-22)}, "end"),  # last day before the first
    ):
        refused = browser.post(CYCLE, form, page=CYCLE)
        assert refused.status_code == 422, form
        label = {"start": "First day", "end": "Last day of bleeding"}[field]
        assert f'<span class="field">{label}</span>' in refused.text, form
    assert periods(site, person_id) == [(day(-30), day(-26))]
    assert browser.post(CYCLE, {"start": day(-24)}, page=CYCLE).status_code == 303


def test_a_gap_over_90_days_is_not_shown_as_a_cycle(site: Site) -> None:
    browser = site.signed_in("pat")
    for start in (-285, -117, -87, -57, -28):
        logged = browser.post(CYCLE, {"start": day(start), "end": day(start + 4)}, page=CYCLE)
        assert logged.status_code == 303
    page = browser.get(CYCLE).text
    assert "Cycle lengths: 30, 30, 29 days" in page
    assert f"Not counted as a cycle: 168 days from {day(-285)}" in page
    overview = browser.get("/program/body").text
    assert "3 complete cycles, 29 to 30 days long." in overview
    assert "168" not in overview
