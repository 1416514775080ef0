"""The body-system pillars logged through the real web app on a real database: the sleep diary
(log, change, delete after a confirmation, the sleep window), the diet protocol (start, log a
day, stop after a confirmation, verdicts), lab results (add, delete after a confirmation) and
the cycle (log a period, the summary). A bad field is named and writes nothing; a clinician
sees the summaries read-only and nobody else can write."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from fibrotrack.diary import VariableDefinition, VariableKind
from fibrotrack.services.cycle import log_period
from fibrotrack.services.diet import log_diet_day, start_protocol
from fibrotrack.services.labs import add_lab_result
from fibrotrack.services.medications import add_medication
from fibrotrack.storage.catalogue import ensure_person_variable, variables_of
from fibrotrack.storage.diary import set_observation
from fibrotrack.storage.models import (
    DietDay,
    DietProtocol,
    Intervention,
    LabResultEntry,
    MenstrualPeriod,
    Observation,
    Person,
    SleepNight,
    Variable,
)

from .conftest import Browser, Site
from .test_program_pages import count, person_of
from .test_web_sharing import share_code

TODAY = date.today()
SLEEP = "/program/body/sleep"
NIGHT = {
    "date": (TODAY - timedelta(days=1)).isoformat(),
    "bed": "23:00",
    "lights_out": "23:15",
    "latency": "30",
    "wakings": "2",
    "awake": "45",
    "wake": "06:45",
    "out_of_bed": "07:00",
    "quality": "6",
    "naps": "0",
}


def status_of(page: str) -> str:
    found = re.search(r'id="status" role="status" aria-live="polite">([^<]*)<', page)
    assert found, page
    return found.group(1)


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>")[0]


def sleep_hours(site: Site, person_id: int) -> list[float | None]:
    with site.database.session() as session:
        return list(
            session.scalars(
                select(Observation.value)
                .join(Variable, Variable.id == Observation.variable_id)
                .where(Observation.person_id == person_id, Variable.key == "sleep_hours")
            )
        )


def test_the_overview_links_every_pillar_and_no_longer_sends_to_the_command_line(
    site: Site,
) -> None:
    browser = site.signed_in("pat")
    page = browser.get("/program/body").text
    pillars = (
        "/program/body/diet",
        "/program/body/labs",
        "/program/body/cycle",
        "/program/body/meds",
    )
    for path in (SLEEP, *pillars):
        assert f'href="{path}"' in page
    assert "fibrotrack sleep" not in page and "<code>" not in page
    assert "No period logged" in page and "No lab results" in page


def test_a_night_is_logged_changed_and_deleted_after_a_confirmation(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    saved = browser.post(SLEEP, NIGHT, page=SLEEP)
    assert saved.status_code == 303
    page = browser.get(saved.headers["location"]).text
    assert status_of(page) == f"Saved the night to {NIGHT['date']}."
    # 23:15 to 06:45 is 450 min trying, 30 + 45 awake: 375 asleep of 480 in bed
    assert "in bed 23:00–07:00 (8 h 00 min), asleep 6 h 15 min, sleep efficiency 78%" in page
    assert sleep_hours(site, person_id) == [6.25]

    form = browser.get(SLEEP, params={"night": NIGHT["date"]}).text
    assert f"Change the night to {NIGHT['date']}" in form
    assert re.search(r'id="sleep-bed"[^>]*value="23:00"', form)
    changed = browser.post(SLEEP, {**NIGHT, "awake": "15", "wakings": "1"}, page=SLEEP)
    assert changed.status_code == 303
    assert "asleep 6 h 45 min, sleep efficiency 84%" in browser.get(SLEEP).text
    assert count(site, SleepNight, person_id) == 1
    assert sleep_hours(site, person_id) == [6.75]

    asked = browser.get(f"{SLEEP}/delete", params={"night": NIGHT["date"]}).text
    assert f"Delete the night to {NIGHT['date']}?" in asked and "Yes, delete the night" in asked
    unconfirmed = browser.post(f"{SLEEP}/delete", {"night": NIGHT["date"]}, page=SLEEP)
    assert unconfirmed.status_code == 200 and "Yes, delete the night" in unconfirmed.text
    assert count(site, SleepNight, person_id) == 1
    deleted = browser.post(
        f"{SLEEP}/delete", {"night": NIGHT["date"], "confirm": "delete"}, page=SLEEP
    )
    assert deleted.status_code == 303
    page = browser.get(deleted.headers["location"]).text
    assert status_of(page) == f"Deleted the night to {NIGHT['date']}."
    assert count(site, SleepNight, person_id) == 0 and sleep_hours(site, person_id) == []


def test_an_impossible_night_names_the_field_and_writes_nothing(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    for field, value, shown in (
        ("bed", "25:00", "Into bed"),
        ("latency", "lots", "Minutes to fall asleep"),
        ("out_of_bed", "06:00", "Out of bed for the day"),
        ("quality", "11", "Sleep quality"),
        ("date", (TODAY + timedelta(days=1)).isoformat(), "The morning you woke up"),
    ):
        response = browser.post(SLEEP, {**NIGHT, field: value}, page=SLEEP)
        assert response.status_code == 422, field
        assert f'<span class="field">{shown}</span>' in response.text, field
        element = "sleep-" + field.replace("_", "-")
        assert re.search(rf'id="{element}"[^>]*aria-invalid="true"', response.text), field
        assert f'value="{value}"' in response.text  # what was typed is kept
    assert count(site, SleepNight, person_id) == 0 and sleep_hours(site, person_id) == []


def test_the_sleep_window_needs_five_nights_then_is_worked_out(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    early = browser.post(f"{SLEEP}/window", {}, page=SLEEP)
    assert early.status_code == 422 and '<span class="field">sleep diary</span>' in early.text
    for offset in range(6):
        night = {**NIGHT, "date": (TODAY - timedelta(days=offset)).isoformat()}
        assert browser.post(SLEEP, night, page=SLEEP).status_code == 303
    reviewed = browser.post(f"{SLEEP}/window", {"rise": "07:00"}, page=SLEEP)
    assert reviewed.status_code == 303
    page = browser.get(reviewed.headers["location"]).text
    assert status_of(page) == "Sleep window reviewed."
    assert "in bed at 00:45, up at 07:00 (6 h 15 min in bed, first" in page
    assert "sleep efficiency 78% over 6 nights" in page
    assert count(site, SleepNight, person_id) == 6


def test_a_diet_protocol_is_started_logged_and_stopped_after_a_confirmation(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    diet = "/program/body/diet"
    for form, field in (
        ({"foods": " , "}, "Suspect foods"),
        ({"foods": "gluten", "elimination_days": "3"}, "Elimination days"),
        ({"foods": "gluten", "start": (TODAY - timedelta(days=30)).isoformat()}, "First day"),
        ({"foods": "gluten", "outcome": "nonsense"}, "Judge each food by"),
    ):
        bad = browser.post(f"{diet}/start", form, page=diet)
        assert bad.status_code == 422 and f'<span class="field">{field}</span>' in bad.text
    assert count(site, DietProtocol, person_id) == 0

    started = browser.post(f"{diet}/start", {"foods": "gluten\ndairy, eggs"}, page=diet)
    assert started.status_code == 303
    page = browser.get(started.headers["location"]).text
    assert status_of(page) == "Protocol started."
    assert "Foods in challenge order: gluten, dairy, eggs" in page and "Today: baseline" in page
    assert "Start the protocol" not in page

    bad_day = browser.post(f"{diet}/log", {"followed": "slipped", "gi": "12"}, page=diet)
    assert bad_day.status_code == 422 and '<span class="field">GI symptoms</span>' in bad_day.text
    assert re.search(r'id="diet-gi"[^>]*aria-invalid="true"', bad_day.text)
    empty = browser.post(f"{diet}/log", {}, page=diet)
    assert (
        empty.status_code == 422
        and '<span class="field">Did you follow the day&#39;s plan?</span>' in empty.text
    )
    assert count(site, DietDay, person_id) == 0
    logged = browser.post(
        f"{diet}/log", {"followed": "slipped", "gi": "4", "note": "toast at a party"}, page=diet
    )
    assert logged.status_code == 303
    assert status_of(browser.get(logged.headers["location"]).text) == "Saved the day."
    with site.database.session() as session:
        day = session.scalars(select(DietDay)).one()
        assert (day.day, day.followed, day.note) == (TODAY, False, "toast at a party")

    asked = browser.get(f"{diet}/stop").text
    assert "Yes, stop the protocol" in asked
    unconfirmed = browser.post(f"{diet}/stop", {}, page=diet)
    assert unconfirmed.status_code == 200 and "Yes, stop the protocol" in unconfirmed.text
    with site.database.session() as session:
        assert session.scalars(select(DietProtocol.stopped_day)).one() is None
    stopped = browser.post(f"{diet}/stop", {"confirm": "stop"}, page=diet)
    assert stopped.status_code == 303
    page = browser.get(stopped.headers["location"]).text
    assert status_of(page) == "Protocol stopped." and "Start the protocol" in page
    with site.database.session() as session:
        assert session.scalars(select(DietProtocol.stopped_day)).one() == TODAY


def test_a_finished_challenge_shows_its_food_verdict(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    start = TODAY - timedelta(days=40)
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        start_protocol(
            session,
            person=person,
            foods=["gluten"],
            start=start,
            today=start,
            baseline=7,
            elimination=14,
            challenge=3,
            washout=3,
        )
        for offset in range(30):
            day = start + timedelta(days=offset)
            log_diet_day(session, person=person, day=day, today=TODAY, gi_symptoms=2 + offset % 2)
    page = browser.get("/program/body/diet").text
    assert re.search(r"<h3>gluten: [a-z ]+</h3>", page), page
    assert "points against the elimination baseline" in page or "gi symptoms:" in page
    assert "Start the protocol" in page  # the protocol is over: a new one can start


def test_a_lab_result_is_added_and_deleted_after_a_confirmation(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    labs = "/program/body/labs"
    result = {
        "analyte": "vitamin_d",
        "value": "20",
        "unit": "ng/mL",
        "low": "30",
        "high": "100",
        "date": (TODAY - timedelta(days=3)).isoformat(),
        "lab": "City lab",
    }
    for field, value in (
        ("unit", "furlongs"),
        ("value", "lots"),
        ("analyte", "unobtainium"),
        ("date", "0001-01-01"),
    ):
        bad = browser.post(labs, {**result, field: value}, page=labs)
        label = {"unit": "Unit", "value": "Value", "analyte": "Test"}.get(
            field, "Date of the sample"
        )
        assert bad.status_code == 422 and f'<span class="field">{label}</span>' in bad.text
    wrong_range = browser.post(labs, {**result, "low": "200"}, page=labs)
    assert (
        wrong_range.status_code == 422
        and '<span class="field">Reference range, low end</span>' in wrong_range.text
    )
    assert re.search(r'id="lab-low"[^>]*aria-invalid="true"', wrong_range.text)
    assert count(site, LabResultEntry, person_id) == 0

    added = browser.post(labs, result, page=labs)
    assert added.status_code == 303
    page = browser.get(added.headers["location"]).text
    assert status_of(page) == "Saved the result."
    assert "25-OH vitamin D: 20 ng/mL" in page and "below the lab" in page
    with site.database.session() as session:
        result_id = session.scalars(select(LabResultEntry.id)).one()

    asked = browser.get(f"{labs}/{result_id}/delete").text
    assert "Delete this lab result?" in asked and "20 ng/mL" in asked
    unconfirmed = browser.post(f"{labs}/{result_id}/delete", {}, page=labs)
    assert unconfirmed.status_code == 200 and "Yes, delete the result" in unconfirmed.text
    assert count(site, LabResultEntry, person_id) == 1
    deleted = browser.post(f"{labs}/{result_id}/delete", {"confirm": "delete"}, page=labs)
    assert deleted.status_code == 303
    assert status_of(browser.get(deleted.headers["location"]).text) == "Deleted the result."
    assert count(site, LabResultEntry, person_id) == 0


def test_a_period_is_logged_and_closed_and_the_cycle_summarised(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    cycle = "/program/body/cycle"
    first = TODAY - timedelta(days=30)
    empty = browser.post(cycle, {}, page=cycle)
    assert empty.status_code == 422 and '<span class="field">First day</span>' in empty.text
    backwards = browser.post(
        cycle,
        {"start": first.isoformat(), "end": (first - timedelta(days=2)).isoformat()},
        page=cycle,
    )
    assert (
        backwards.status_code == 422
        and '<span class="field">Last day of bleeding</span>' in backwards.text
    )
    assert re.search(r'id="cycle-end"[^>]*aria-invalid="true"', backwards.text)
    assert count(site, MenstrualPeriod, person_id) == 0

    opened = browser.post(cycle, {"start": first.isoformat()}, page=cycle)
    assert opened.status_code == 303
    page = browser.get(opened.headers["location"]).text
    assert status_of(page) == f"Saved the period from {first.isoformat()}."
    assert f"{first.isoformat()}, no last day yet" in page
    closed = browser.post(cycle, {"end": (first + timedelta(days=4)).isoformat()}, page=cycle)
    assert closed.status_code == 303
    browser.post(cycle, {"start": (TODAY - timedelta(days=2)).isoformat()}, page=cycle)
    page = browser.get(cycle).text
    assert f"{first.isoformat()} to {(first + timedelta(days=4)).isoformat()}" in page
    assert "Today is cycle day 3, menstrual phase" in page
    assert "Cycle lengths: 28 days" in page
    assert "Pain by phase, finished cycles" in page
    assert count(site, MenstrualPeriod, person_id) == 2


def test_a_mistyped_period_is_deleted_after_confirming_and_logged_again(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    cycle = "/program/body/cycle"
    right, wrong = TODAY - timedelta(days=30), TODAY - timedelta(days=20)
    browser.post(
        cycle,
        {"start": right.isoformat(), "end": (right + timedelta(days=4)).isoformat()},
        page=cycle,
    )
    browser.post(cycle, {"start": wrong.isoformat()}, page=cycle)
    page = browser.get(cycle).text
    link = f'href="{cycle}/{wrong.isoformat()}/delete"'
    assert link in page

    asked = browser.get(f"{cycle}/{wrong.isoformat()}/delete")
    assert asked.status_code == 200
    assert f"The period from {wrong.isoformat()}, no last day yet" in asked.text
    assert "Yes, delete the period" in asked.text
    unconfirmed = browser.post(f"{cycle}/{wrong.isoformat()}/delete", {}, page=cycle)
    assert "Yes, delete the period" in unconfirmed.text
    assert count(site, MenstrualPeriod, person_id) == 2
    unknown = browser.post(f"{cycle}/{TODAY.isoformat()}/delete", {"confirm": "delete"}, page=cycle)
    assert unknown.status_code == 422
    assert f"no period of yours starts on {TODAY.isoformat()}" in unknown.text
    not_a_day = browser.get(f"{cycle}/yesterday/delete")
    assert not_a_day.status_code == 422 and '<span class="field">First day</span>' in not_a_day.text
    assert count(site, MenstrualPeriod, person_id) == 2

    deleted = browser.post(f"{cycle}/{wrong.isoformat()}/delete", {"confirm": "delete"}, page=cycle)
    assert deleted.status_code == 303
    page = browser.get(deleted.headers["location"]).text
    assert status_of(page) == f"Deleted the period from {wrong.isoformat()}."
    assert link not in page and f"{right.isoformat()} to" in page
    assert count(site, MenstrualPeriod, person_id) == 1
    fixed = (wrong + timedelta(days=8)).isoformat()
    assert browser.post(cycle, {"start": fixed}, page=cycle).status_code == 303
    assert f"{fixed}, no last day yet" in browser.get(cycle).text


def test_medications_are_recorded_started_and_stopped(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    meds = "/program/body/meds"
    started = (TODAY - timedelta(days=40)).isoformat()
    nameless = browser.post(meds, {"name": " ", "start": started}, page=meds)
    assert nameless.status_code == 422 and '<span class="field">Name</span>' in nameless.text
    assert re.search(r'id="med-name"[^>]*aria-invalid="true"', nameless.text)
    future = browser.post(meds, {"name": "Vitamin D3", "start": "2999-01-01"}, page=meds)
    assert future.status_code == 422 and '<span class="field">Started on</span>' in future.text
    assert 'value="Vitamin D3"' in future.text  # what was typed is kept
    kind = browser.post(meds, {"name": "Vitamin D3", "kind": "candy"}, page=meds)
    assert kind.status_code == 422 and '<span class="field">Kind</span>' in kind.text
    assert count(site, Intervention, person_id) == 0

    added = browser.post(
        meds,
        {"name": "Vitamin D3", "kind": "supplement", "dose": "1000 IU daily", "start": started},
        page=meds,
    )
    assert added.status_code == 303
    page = browser.get(added.headers["location"]).text
    assert status_of(page) == "Saved what you started."
    assert "<strong>Vitamin D3</strong>, 1000 IU daily" in page
    assert f"supplement since {started}" in page
    again = browser.post(meds, {"name": "vitamin d3", "start": started}, page=meds)
    assert again.status_code == 422 and "already being taken" in again.text
    assert count(site, Intervention, person_id) == 1
    with site.database.session() as session:
        med_id = session.scalars(
            select(Intervention.id).where(Intervention.person_id == person_id)
        ).one()

    early = browser.post(
        f"{meds}/{med_id}/stop", {"date": (TODAY - timedelta(days=50)).isoformat()}, page=meds
    )
    assert early.status_code == 422 and '<span class="field">Last day</span>' in early.text
    assert re.search(rf'id="stop-{med_id}"[^>]*aria-invalid="true"', early.text)
    stopped_on = (TODAY - timedelta(days=2)).isoformat()
    stopped = browser.post(f"{meds}/{med_id}/stop", {"date": stopped_on}, page=meds)
    assert stopped.status_code == 303
    page = browser.get(stopped.headers["location"]).text
    assert status_of(page) == "Saved the day you stopped."
    assert "Nothing recorded as taken now." in page
    assert f"Vitamin D3, 1000 IU daily: {started} to {stopped_on}" in page
    twice = browser.post(f"{meds}/{med_id}/stop", {"date": stopped_on}, page=meds)
    assert twice.status_code == 422
    assert f"nothing with id {med_id} is being taken (being taken: none)" in twice.text
    overview = browser.get("/program/body").text
    assert f"Vitamin D3, 1000 IU daily: supplement from {started} to {stopped_on}" in overview
    assert f'href="{meds}"' in overview


def test_a_medication_entered_by_mistake_can_be_taken_back_or_deleted(site: Site) -> None:
    browser = site.signed_in("pat")
    person_id = person_of(site, "pat")
    meds = "/program/body/meds"
    started = (TODAY - timedelta(days=10)).isoformat()
    browser.post(meds, {"name": "Magnesium", "kind": "supplement", "start": started}, page=meds)
    with site.database.session() as session:
        med_id = session.scalars(
            select(Intervention.id).where(Intervention.person_id == person_id)
        ).one()
    stopped = browser.post(f"{meds}/{med_id}/stop", {"date": TODAY.isoformat()}, page=meds)
    page = browser.get(stopped.headers["location"]).text
    assert "Undo: I still take it" in page and 'name="name" value="Magnesium"' in page
    stale = browser.post(f"{meds}/{med_id}/resume", {"name": "Vitamin D3"}, page=meds)
    assert stale.status_code == 422 and "already gone; nothing was changed" in stale.text
    resumed = browser.post(f"{meds}/{med_id}/resume", {"name": "Magnesium"}, page=meds)
    page = browser.get(resumed.headers["location"]).text
    assert status_of(page) == "Taken back: it is recorded as taken now, with no last day."
    assert f"supplement since {started}" in page
    with site.database.session() as session:
        assert session.get(Intervention, med_id).end_day is None
    not_stopped = browser.post(f"{meds}/{med_id}/resume", {}, page=meds)
    assert not_stopped.status_code == 422 and "is not recorded as stopped" in not_stopped.text

    asked = browser.get(f"{meds}/{med_id}/delete")
    assert "Delete this entry?" in asked.text and "Magnesium (supplement)" in asked.text
    unconfirmed = browser.post(f"{meds}/{med_id}/delete", {}, page=meds)
    assert "Delete this entry?" in unconfirmed.text
    assert count(site, Intervention, person_id) == 1
    deleted = browser.post(f"{meds}/{med_id}/delete", {"confirm": "delete"}, page=meds)
    assert status_of(browser.get(deleted.headers["location"]).text) == "Deleted the entry."
    assert count(site, Intervention, person_id) == 0
    other = site.signed_in("sam")
    missing = other.post(f"{meds}/{med_id}/delete", {"confirm": "delete"}, page=meds)
    assert missing.status_code == 422


def test_a_clinician_sees_the_summaries_read_only_and_nobody_else_writes(site: Site) -> None:
    pat = site.signed_in("pat", name="Pat Doe")
    person_id = person_of(site, "pat")
    assert pat.post(SLEEP, NIGHT, page=SLEEP).status_code == 303
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        row = add_lab_result(
            session, person=person, day=TODAY, today=TODAY, analyte="tsh", value=2.1, unit="mIU/L"
        )
        result_id = row.id
        period_start = (TODAY - timedelta(days=3)).isoformat()
        med_id = add_medication(
            session,
            person=person,
            name="Amitriptyline",
            kind="medication",
            start=TODAY,
            today=TODAY,
        ).id
        log_period(session, person=person, today=TODAY, start=TODAY - timedelta(days=3), end=None)
    clinician = site.signed_in("dr-lee", "clinician")
    clinician.post("/clinician/accept", {"code": share_code(pat)}, page="/clinician")
    overview = clinician.get(f"/clinician/people/{person_id}").text
    assert f'href="/clinician/people/{person_id}/body"' in overview
    view = clinician.get(f"/clinician/people/{person_id}/body")
    assert view.status_code == 200
    main = main_of(view.text)
    assert "The last 7 nights (1 logged)" in main and "TSH" in main
    assert f"Amitriptyline: medication from {TODAY.isoformat()}, taken now" in main
    assert 'method="post"' not in main and "/program/body/" not in main
    assert "Body systems" in pat.get("/settings").text.split('id="access-log"')[1]

    ola = site.signed_in("ola")
    attempts: list[tuple[Browser, str, dict[str, object]]] = []
    for intruder in (clinician, ola):
        attempts += [
            (intruder, f"/program/body/labs/{result_id}/delete", {"confirm": "delete"}),
            (intruder, f"{SLEEP}/delete", {"night": NIGHT["date"], "confirm": "delete"}),
            (intruder, SLEEP, {**NIGHT, "bed": "22:00"}),
            (intruder, "/program/body/cycle", {"start": TODAY.isoformat()}),
            (intruder, f"/program/body/cycle/{period_start}/delete", {"confirm": "delete"}),
            (intruder, f"/program/body/meds/{med_id}/stop", {"date": TODAY.isoformat()}),
            (intruder, "/program/body/meds", {"name": "Sugar pill"}),
            (intruder, "/program/body/diet/start", {"foods": "gluten"}),
        ]
    for intruder, path, form in attempts:
        answer = intruder.post(path, form, page="/clinician" if intruder is clinician else SLEEP)
        if intruder is clinician:
            assert answer.status_code == 303 and answer.headers["location"].endswith("/clinician")
    assert ola.get(f"/program/body/labs/{result_id}/delete").status_code == 422
    assert count(site, LabResultEntry, person_id) == 1
    assert count(site, SleepNight, person_id) == 1
    with site.database.session() as session:
        night = session.scalars(select(SleepNight).where(SleepNight.person_id == person_id)).one()
        assert night.bed_at is not None and night.bed_at.hour == 23
    assert ola.get(f"/program/body/cycle/{period_start}/delete").status_code == 422
    assert count(site, MenstrualPeriod, person_id) == 1
    with site.database.session() as session:
        (med,) = session.scalars(select(Intervention).where(Intervention.person_id == person_id))
        assert (med.name, med.end_day) == ("Amitriptyline", None)
    assert count(site, DietProtocol, person_id) == 0


def test_earlier_protocols_keep_their_verdicts_on_every_page(site: Site) -> None:
    pat = site.signed_in("pat")
    person_id = person_of(site, "pat")
    start = TODAY - timedelta(days=40)
    with site.database.session() as session:
        person = session.get(Person, person_id)
        assert person is not None
        start_protocol(
            session, person=person, foods=["gluten"], start=start, today=start, baseline=7,
            elimination=14, challenge=3, washout=3, outcomes=["mood"],
        )  # fmt: skip
        mood = variables_of(session, person_id=person_id)["mood"]
        for offset in range(27):  # mood 7–8, down to 2–3 over gluten's response window
            set_observation(
                session, person_id=person_id, variable=mood, day=start + timedelta(days=offset),
                value=(2.0 if 21 <= offset <= 25 else 7.0) + offset % 2, source="checkin",
            )  # fmt: skip
        ensure_person_variable(
            session,
            person_id=person_id,
            definition=VariableDefinition(
                "energy", "Energy", VariableKind.SCALE, None, minimum=0, maximum=10
            ),
        )
    diet = "/program/body/diet"
    form = pat.get(diet).text
    assert 'value="mood"' in form and 'value="sleep_quality"' in form
    assert 'value="energy"' not in form  # which way is worse is not known
    started = pat.post(f"{diet}/start", {"foods": "eggs"}, page=diet)
    assert started.status_code == 303

    page = main_of(pat.get(diet).text)
    assert "No food's challenge is over yet." in page  # the running eggs protocol
    earlier = page.split('id="earlier-heading"')[1]
    assert (
        f"gluten, from {start.isoformat()} to {(start + timedelta(days=26)).isoformat()}" in earlier
    )
    assert "<h4>gluten: likely worsens symptoms</h4>" in earlier
    assert "mood (higher is better): -4.8 points against the elimination baseline" in earlier
    line = (
        f"Earlier protocol from {start.isoformat()}: <strong>gluten</strong>: likely worsens "
        "symptoms."
    )
    assert line in main_of(pat.get("/program/body").text)

    clinician = site.signed_in("dr-lee", "clinician")
    clinician.post("/clinician/accept", {"code": share_code(pat)}, page="/clinician")
    assert line in main_of(clinician.get(f"/clinician/people/{person_id}/body").text)
