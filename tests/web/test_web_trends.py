"""Trends with what happened around the numbers: flares shaded, plan changes and interventions
marked, questionnaire totals over their bands, and each of them also in words in a table."""

from datetime import UTC, date, datetime, time, timedelta

from fibrotrack.services.assessments import record_response
from fibrotrack.services.checkin import CheckIn, check_in
from fibrotrack.services.medications import add_medication
from fibrotrack.services.plan import add_practice, change_practice, stop_practice
from fibrotrack.storage.models import Account, Person

from .conftest import Site

TODAY = date.today()
FLARE = range(14, 7, -1)  # 14 to 8 days ago: pain and fatigue 8 on a baseline of 2 to 4


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def fill_person(site: Site, username: str) -> None:
    account_id = site.account(username)
    with site.database.session() as session:
        account = session.get(Account, account_id)
        assert account is not None and account.person_id is not None
        person = session.get(Person, account.person_id)
        assert person is not None
        for days in range(120, -1, -1):
            level = 8.0 if days in FLARE else 2.0 + days % 3
            change = CheckIn(day=ago(days), values={"pain": level, "fatigue": level})
            check_in(session, person=person, change=change, today=TODAY)
        add_practice(
            session,
            person=person,
            practice_id="walking",
            today=TODAY,
            start=ago(30),
            days_per_week=3,
            minutes=20,
        )
        change_practice(
            session,
            person=person,
            practice_id="walking",
            today=TODAY,
            day=ago(20),
            days_per_week=5,
            minutes=20,
        )
        stop_practice(session, person=person, practice_id="walking", today=TODAY, day=ago(5))
        for name, start in (("Amitriptyline", ago(40)), ("Old remedy", ago(150))):
            add_medication(
                session,
                person=person,
                name=name,
                kind="medication",
                start=start,
                today=TODAY,
                dose="10 mg",
            )
        for days, answer in ((60, 2), (3, 1)):
            record_response(
                session,
                person=person,
                instrument_id="phq9",
                answers={f"q{n}": answer for n in range(1, 10)},
                taken_at=datetime.combine(ago(days), time(12), tzinfo=UTC),
                today=TODAY,
            )


def test_trends_shade_flares_mark_plan_changes_and_list_both_in_tables(site: Site) -> None:
    fill_person(site, "pat")
    browser = site.browser()
    browser.sign_in("pat")
    page = browser.get("/trends", params={"period": "90"}).text

    flares = page.split('<table class="data" id="flares-table">')[1].split("</table>")[0]
    assert f'<th scope="row">{ago(14).isoformat()}</th><td>{ago(8).isoformat()}</td>' in flares
    assert "<td>7</td>" in flares and "<td>detected</td>" in flares
    pain = page.split('id="chart-pain-title"')[1].split("</svg>")[0]
    assert '<g class="flares"><rect class="detected"' in pain
    assert f"Flare {ago(14):%-d %b %Y} to {ago(8):%-d %b %Y} (7 days" in pain

    changes = page.split('<table class="data" id="changes-table">')[1].split("</table>")[0]
    for day, text in (
        (ago(40), "Started medication Amitriptyline (10 mg)"),
        (ago(30), "Started Walking (20 min, 3 days a week)"),
        (ago(20), "Changed Walking to 20 min, 5 days a week"),
        (ago(5), "Stopped Walking (last day)"),
    ):
        assert f'<tr><th scope="row">{day.isoformat()}</th><td>{text}</td></tr>' in changes
    assert "Old remedy" not in page  # started before the period
    assert '<g class="started"><title>Started Walking (20 min, 3 days a week)</title>' in pain
    assert '<g class="changed">' in pain and '<g class="stopped">' in pain

    numbers = page.split("<caption>Pain: logged days and 7-day means</caption>")[1]
    numbers = numbers.split("</table>")[0]
    assert f'<th scope="row">{ago(10).isoformat()}</th><td>8</td>' in numbers
    flare_day = numbers.split(f'<th scope="row">{ago(10).isoformat()}</th>')[1].split("</tr>")[0]
    assert flare_day.endswith("<td>flare</td>")
    change_day = numbers.split(f'<th scope="row">{ago(20).isoformat()}</th>')[1].split("</tr>")[0]
    assert change_day.endswith("<td>Changed Walking to 20 min, 5 days a week</td>")


def test_questionnaire_totals_are_drawn_over_their_bands_with_a_table(site: Site) -> None:
    fill_person(site, "sam")
    browser = site.browser()
    browser.sign_in("sam")
    page = browser.get("/trends", params={"period": "90"}).text
    assert '<h2 id="trend-phq9">PHQ-9 total</h2>' in page
    chart = page.split('id="chart-phq9-title"')[1].split("</svg>")[0]
    assert chart.count("<rect") >= 5  # the five bands, behind the totals
    assert '<g class="bands"><g class="band-1"><title>Minimal (0–4)</title>' in chart
    assert '<g class="scores"><polyline' in chart and chart.count("<circle") == 2
    table = page.split("<caption>PHQ-9: totals and bands</caption>")[1].split("</table>")[0]
    assert f'<th scope="row">{ago(3).isoformat()}</th><td>9</td><td>Mild (5–9)</td>' in table
    assert f'<th scope="row">{ago(60).isoformat()}</th><td>18</td>' in table
    assert "Moderately severe" in table
    short = browser.get("/trends", params={"period": "30"}).text
    assert "PHQ-9 total" in short and "<td>18</td>" not in short.split("PHQ-9 total")[1]


def test_trends_without_flares_or_changes_say_so(site: Site) -> None:
    browser = site.signed_in("lee")
    browser.post("/today", {"pain": "4"}, page="/today")
    page = browser.get("/trends", params={"period": "30"}).text
    assert "No flare in this period." in page
    assert "No practice or intervention started, changed or stopped in this period." in page
    assert 'id="trend-phq9"' not in page


def test_the_demo_trends_show_flares_plan_changes_and_questionnaires(site: Site) -> None:
    page = site.browser().get("/demo/trends", params={"period": "365"})
    assert page.status_code == 200
    text = page.text
    assert 'id="flares-table"' in text and '<g class="flares"><rect' in text
    assert 'id="changes-table"' in text and "Started " in text
    assert '<g class="bands">' in text and "PHQ-9 total" in text


def test_an_address_changed_by_hand_gets_a_page_not_json(site: Site) -> None:
    browser = site.signed_in("pat")
    page = browser.get("/trends?period=abc", headers={"Accept": "text/html"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "This address could not be used: period:" in page.text
    api = browser.get("/api/v1/days/soon", headers={"Accept": "text/html"})
    assert api.status_code == 422 and api.json()["detail"][0]["field"] == "date"
