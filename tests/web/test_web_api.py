"""The JSON API: personal tokens, the OpenAPI description, reads and writes of one's own days."""

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

from .conftest import Browser, Site


def new_token(browser: Browser, name: str = "my script") -> str:
    page = browser.post("/settings/tokens", {"name": name}, page="/settings")
    match = re.search(r'id="new-token" readonly value="(ft_[^"]+)"', page.text)
    assert match
    return match.group(1)


def test_a_token_reads_and_writes_days_without_a_browser(site: Site) -> None:
    browser = site.signed_in("pat")
    token = new_token(browser)
    script = TestClient(site.app)  # type: ignore[arg-type]
    auth = {"Authorization": f"Bearer {token}"}
    day = date.today().isoformat()
    put = script.put(f"/api/v1/days/{day}", json={"values": {"pain": 6}}, headers=auth)
    assert put.status_code == 200
    patched = script.patch(
        f"/api/v1/days/{day}",
        json={"values": {"fatigue": 4}, "add_tags": ["food:oats"], "note": "ok"},
        headers=auth,
    )
    assert patched.json() == {
        "date": day,
        "values": {"pain": 6.0, "fatigue": 4.0},
        "tags": ["oats"],
        "note": "ok",
    }
    assert script.get(f"/api/v1/days/{day}", headers=auth).json()["values"]["pain"] == 6
    missing = (date.today() - timedelta(days=3)).isoformat()
    assert script.get(f"/api/v1/days/{missing}", headers=auth).status_code == 404
    variables = script.get("/api/v1/variables", headers=auth).json()["variables"]
    assert {"pain", "oats"} <= {v["key"] for v in variables}
    assert [v["own"] for v in variables if v["key"] == "oats"] == [True]


def test_a_revoked_token_stops_working_and_tokens_are_stored_hashed(site: Site) -> None:
    browser = site.signed_in("pat")
    token = new_token(browser)
    script = TestClient(site.app)  # type: ignore[arg-type]
    auth = {"Authorization": f"Bearer {token}"}
    assert script.get("/api/v1/days", headers=auth).status_code == 200
    settings = browser.get("/settings").text
    assert token not in settings and token[:10] in settings
    revoke = re.search(r'action="(/settings/tokens/\d+/revoke)"', settings).group(1)  # type: ignore[union-attr]
    browser.post(revoke, page="/settings")
    assert script.get("/api/v1/days", headers=auth).status_code == 401
    with site.database.engine.connect() as connection:
        dump = "\n".join(str(row) for row in connection.exec_driver_sql("SELECT * FROM api_tokens"))
    assert token not in dump


def test_cookie_writes_need_the_csrf_header_but_token_writes_do_not(site: Site) -> None:
    browser = site.signed_in("pat")
    day = date.today().isoformat()
    forged = browser.client.put(f"/api/v1/days/{day}", json={"values": {"pain": 1}})
    assert forged.status_code == 403
    token = new_token(browser)
    script = TestClient(site.app)  # type: ignore[arg-type]
    ok = script.put(
        f"/api/v1/days/{day}",
        json={"values": {"pain": 1}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert ok.status_code == 200


def test_a_token_opens_only_the_api_never_the_pages(site: Site) -> None:
    """A leaked script token must not mint more tokens, share the diary or read the exports."""
    browser = site.signed_in("pat")
    token = new_token(browser)
    script = TestClient(site.app, follow_redirects=False)  # type: ignore[arg-type]
    auth = {"Authorization": f"Bearer {token}"}
    for path in ("/settings", "/today", "/report", "/story.md", "/data/export?format=json"):
        response = script.get(path, headers=auth)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login"), path
    assert script.get("/api/v1/days", headers=auth).status_code == 200
    before = browser.get("/settings").text.count("/revoke")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', script.get("/login").text)
    assert csrf
    minted = script.post(
        "/settings/tokens", data={"name": "persist", "csrf_token": csrf.group(1)}, headers=auth
    )
    assert minted.status_code == 303
    assert minted.headers["location"].startswith("/login")
    assert browser.get("/settings").text.count("/revoke") == before


def test_a_wrong_token_is_401_even_with_a_valid_cookie(site: Site) -> None:
    browser = site.signed_in("pat")
    response = browser.client.get("/api/v1/days", headers={"Authorization": "Bearer ft_nope"})
    assert response.status_code == 401


def test_body_maps_through_the_api(site: Site) -> None:
    browser = site.signed_in("pat")
    auth = {"Authorization": f"Bearer {new_token(browser)}"}
    script = TestClient(site.app)  # type: ignore[arg-type]
    day = date.today().isoformat()
    saved = script.put(
        f"/api/v1/pain-maps/{day}", json={"areas": ["neck", "jaw_left", "neck"]}, headers=auth
    )
    assert saved.json() == {"date": day, "areas": ["jaw_left", "neck"]}
    bad = script.put(f"/api/v1/pain-maps/{day}", json={"areas": ["wrist"]}, headers=auth)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "area"
    listed = script.get("/api/v1/pain-maps", headers=auth).json()
    assert listed == {"pain_maps": [{"date": day, "areas": ["jaw_left", "neck"]}]}


def test_openapi_describes_the_api_and_its_bearer_tokens(site: Site) -> None:
    schema = TestClient(site.app).get("/openapi.json").json()  # type: ignore[arg-type]
    paths = schema["paths"]
    assert {"/api/v1/days", "/api/v1/days/{day}", "/api/v1/variables", "/api/v1/pain-maps"} <= set(
        paths
    )
    assert not [p for p in paths if not p.startswith("/api/v1/")]  # pages stay out of it
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert set(paths["/api/v1/days/{day}"]) == {"get", "put", "patch"}
