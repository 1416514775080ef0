"""The pages a person uses: Today with autosave, the body map and its heat map, Trends,
Settings; and the security and accessibility rules every page keeps."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from fibrotrack.diary.pain_areas import PAIN_AREA_KEYS
from fibrotrack.storage.models import Person, PersonPreferences

from .conftest import Browser, Site

PERSON_PAGES = [
    "/today",
    "/body-map",
    "/body-map/frequency",
    "/trends",
    "/history",
    "/settings",
    "/data",
]


def log_days(browser: Browser, values: dict[int, int]) -> None:
    """Log pain on days ``offset`` days ago."""
    for offset, pain in values.items():
        day = (date.today() - timedelta(days=offset)).isoformat()
        browser.post("/today", {"date": day, "pain": str(pain)}, page="/today")


def test_today_offers_eleven_buttons_per_rating_and_a_place_for_autosave(site: Site) -> None:
    browser = site.signed_in("pat")
    page = browser.get("/today").text
    assert len(re.findall(r'name="pain" value="\d+"', page)) == 11
    assert 'role="status" aria-live="polite"' in page
    assert "/static/autosave.js" in page
    assert 'data-autosave="/api/v1/days/' in page
    assert "Same as yesterday" in page and "Bad day" in page


def test_an_empty_check_in_does_not_say_saved(site: Site) -> None:
    browser = site.signed_in("pat")
    day = (date.today() - timedelta(days=2)).isoformat()
    empty = browser.post("/today", {"date": day}, page="/today")
    page = browser.get(empty.headers["location"]).text
    assert "Saved." not in page
    assert "Nothing is logged for this day: it stays missing" in page
    filled = browser.post("/today", {"date": day, "pain": "4"}, page="/today")
    assert "Saved." in browser.get(filled.headers["location"]).text


def test_autosave_changes_one_field_and_keeps_the_rest(site: Site) -> None:
    browser = site.signed_in("pat")
    day = date.today().isoformat()
    browser.post("/today", {"date": day, "pain": "5", "fatigue": "6", "note": "hi"}, page="/today")
    token = browser.csrf("/today")
    answer = browser.client.patch(
        f"/api/v1/days/{day}", json={"values": {"pain": 3}}, headers={"X-CSRF-Token": token}
    )
    assert answer.status_code == 200
    assert answer.json()["values"] == {"pain": 3, "fatigue": 6}
    cleared = browser.client.patch(
        f"/api/v1/days/{day}", json={"clear": ["fatigue"]}, headers={"X-CSRF-Token": token}
    )
    assert cleared.json()["values"] == {"pain": 3}
    assert cleared.json()["note"] == "hi"


def test_the_bad_day_form_asks_for_three_ratings_only(site: Site) -> None:
    browser = site.signed_in("pat")
    page = browser.get("/today", params={"mode": "bad"}).text
    assert set(re.findall(r'<input type="radio" id="(\w+)-0"', page)) == {
        "pain",
        "fatigue",
        "sleep_quality",
    }


def test_recent_tags_come_first(site: Site) -> None:
    browser = site.signed_in("pat")
    old = (date.today() - timedelta(days=40)).isoformat()
    recent = (date.today() - timedelta(days=1)).isoformat()
    browser.post("/today", {"date": old, "new_tags": "aaa old"}, page="/today")
    browser.post("/today", {"date": recent, "new_tags": "zzz recent"}, page="/today")
    page = browser.get("/today").text
    assert page.index("zzz recent") < page.index("aaa old")


def test_the_body_map_has_every_wpi_area_as_a_toggle_that_works_without_javascript(
    site: Site,
) -> None:
    browser = site.signed_in("pat")
    page = browser.get("/body-map").text
    boxes = re.findall(r'<input type="checkbox" id="area-(\w+)" name="area"', page)
    assert tuple(boxes) == PAIN_AREA_KEYS
    for key in PAIN_AREA_KEYS:  # every area is drawn on the figure as a label of its checkbox
        assert f'<label for="area-{key}" class="area-hit" data-area="{key}">' in page
    saved = browser.post(
        "/body-map", {"date": date.today().isoformat(), "area": ["neck", "hip_left"]}, page="/today"
    )
    assert saved.status_code == 303
    again = browser.get("/body-map").text
    assert 'id="area-neck" name="area" value="neck" checked' in again
    assert 'id="area-hip_left" name="area" value="hip_left" checked' in again
    assert 'value="chest" checked' not in again


def test_an_unknown_area_is_refused_and_nothing_is_stored(site: Site) -> None:
    browser = site.signed_in("pat")
    refused = browser.post("/body-map", {"area": ["neck", "wrist"]}, page="/today")
    assert refused.status_code == 422
    assert "Not recorded yet" in browser.get("/body-map").text


def test_the_heat_map_counts_recorded_days_only(site: Site) -> None:
    browser = site.signed_in("pat")
    for offset, areas in ((1, ["neck", "lower_back"]), (2, ["neck"]), (3, []), (9, ["neck"])):
        day = (date.today() - timedelta(days=offset)).isoformat()
        browser.post("/body-map", {"date": day, "area": areas}, page="/today")
    page = browser.get("/body-map/frequency", params={"period": "30"}).text
    assert "recorded on 4 days" in page
    assert re.search(r"<th scope=\"row\">Neck</th><td>3</td><td>75%</td>", page)
    assert re.search(r"<th scope=\"row\">Lower back</th><td>1</td><td>25%</td>", page)
    assert re.search(r"<th scope=\"row\">Chest</th><td>0</td><td>0%</td>", page)
    week = browser.get(
        "/body-map/frequency",
        params={
            "period": "chosen",
            "from": (date.today() - timedelta(days=2)).isoformat(),
            "to": date.today().isoformat(),
        },
    ).text
    assert "recorded on 2 days" in week
    assert 'class="area-shape heat-4"' in week  # neck: both recorded days


def test_trends_draw_svg_charts_with_the_seven_day_mean_and_a_table(site: Site) -> None:
    browser = site.signed_in("pat")
    log_days(browser, {offset: 6 for offset in range(10) if offset != 2} | {20: 2})
    page = browser.get("/trends", params={"period": "30"}).text
    assert '<svg class="chart"' in page and 'role="img"' in page
    assert "Pain: logged on 10 of 30 days." in page
    assert "<polyline" in page
    table = page.split("<caption>Pain: logged days and 7-day means</caption>")[1]
    # the header, the 10 logged days, and the unlogged day whose window still has a mean;
    # day 20's lone value has no mean (fewer than 4 of its 7 days logged)
    assert table.count("<tr>") == 1 + 10 + 1
    assert "<td>not logged</td><td>6.0</td>" in table
    assert "<td>2</td><td>–</td>" in table
    assert "Fatigue" not in page  # never logged in the period: no empty chart


def test_a_chosen_period_with_bad_dates_is_refused_naming_the_field(site: Site) -> None:
    browser = site.signed_in("pat")
    page = browser.get("/trends", params={"period": "chosen", "from": "2026-02-30", "to": "x"})
    assert page.status_code == 422
    assert '<span class="field">date</span>' in page.text


def test_a_date_centuries_ago_is_a_mistyped_year_refused_everywhere(site: Site) -> None:
    """Year 1 once saved, then broke the Today, History, Insights and report pages for good."""
    browser = site.signed_in("pat")
    log_days(browser, {offset: 4 for offset in range(40)})
    saved = browser.post("/today", {"date": "0001-01-01", "pain": "3"}, page="/today")
    assert saved.status_code == 422
    assert '<span class="field">date</span>: 0001-01-01 is before 1900: check the year' in (
        saved.text
    )
    for path, field in (
        ("/today?date=0001-01-01", "date"),
        ("/body-map?date=0001-01-01", "date"),
        ("/history?end=0001-01-01", "end"),
        ("/report?from=0001-01-01&to=0001-01-05", "From"),
        ("/program/review?date=0001-01-01", "date"),
    ):
        page = browser.get(path)
        assert page.status_code == 422, path
        assert f'<span class="field">{field}</span>' in page.text, path
    assert browser.get("/history").text.count("0001") == 0
    assert browser.get("/insights").status_code == 200


def test_settings_change_time_zone_theme_and_reminders(site: Site) -> None:
    browser = site.signed_in("pat")
    saved = browser.post(
        "/settings",
        {
            "timezone": "Europe/London",
            "theme": "dark",
            "units": "us",
            "crisis_country": "GB",
            "reminder_time": "21:30",
            "reminder_email": "",
        },
        page="/settings",
    )
    assert saved.status_code == 303
    assert "ft_theme=dark" in saved.headers["set-cookie"]
    page = browser.get("/settings").text
    assert '<html lang="en" data-theme="dark">' in page
    assert 'value="21:30"' in page and 'value="GB" selected' in page
    with site.database.session() as session:
        person = session.scalars(select(Person)).one()
        preferences = session.get(PersonPreferences, person.id)
        assert person.timezone == "Europe/London"
        assert preferences is not None and preferences.units == "us"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Olympus"),
        ("timezone", "Europe"),  # a folder of the time zone database: it was a 500
        ("timezone", "localtime"),
        ("reminder_time", "25:00"),
        ("crisis_country", "XX"),
        ("email_reminders", "1"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(site: Site, field: str, value: str) -> None:
    browser = site.signed_in("pat")
    form = {"timezone": "UTC", "theme": "system", "units": "metric", "reminder_time": "20:00"}
    form[field] = value
    refused = browser.post("/settings", form, page="/settings")
    assert refused.status_code == 422
    assert '<span class="field">' in refused.text
    with site.database.session() as session:
        assert session.scalars(select(PersonPreferences)).first() is None


def test_the_header_theme_toggle_returns_to_the_same_page_and_never_elsewhere(
    site: Site,
) -> None:
    browser = site.signed_in("pat")
    back = browser.post("/theme", {"theme": "dark", "back": "/trends?period=30"}, page="/today")
    assert back.headers["location"] == "/trends?period=30"
    assert "ft_theme=dark" in back.headers["set-cookie"]
    away = browser.post("/theme", {"theme": "light", "back": "//evil.example/"}, page="/today")
    assert away.headers["location"] == "/"


def test_every_page_sends_the_security_headers_and_has_no_inline_code(site: Site) -> None:
    site.account("owner", "admin")
    browser = site.browser()
    browser.sign_in("owner")
    clinician = site.signed_in("dr-lee", "clinician")
    pages = [(browser, p) for p in [*PERSON_PAGES, "/admin"]]
    pages += [(clinician, "/clinician"), (clinician, "/settings"), (site.browser(), "/login")]
    for who, path in pages:
        response = who.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        html = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\sstyle=", html), path
        assert "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path
        assert html.count("<h1") == 1, path
        assert '<main id="main">' in html


def test_downloads_of_health_data_are_never_cached_but_the_stylesheet_may_be(site: Site) -> None:
    browser = site.signed_in("pat")
    browser.post("/today", {"pain": "5"}, page="/today")
    downloads = ["/report.pdf", "/story.md", "/story.pdf"]
    downloads += [f"/data/export?format={kind}" for kind in ("json", "csv", "fhir")]
    for path in downloads:
        response = browser.get(path)
        assert response.status_code == 200, path
        assert "text/html" not in response.headers["content-type"], path
        assert response.headers["cache-control"] == "no-store", path
    assert "no-store" not in browser.get("/static/style.css").headers.get("cache-control", "")


def test_state_changing_forms_carry_the_csrf_token(site: Site) -> None:
    browser = site.signed_in("pat")
    for path in PERSON_PAGES:
        html = browser.get(path).text
        for form in re.findall(r'<form method="post".*?</form>', html, flags=re.S):
            assert 'name="csrf_token"' in form, path
