"""Importing on the Data page in a real Chromium: upload a file, see the preview, confirm,
follow the import to its summary, then undo it; axe-core on /data, the preview and the undo
confirmation in light and dark (and reduced motion), the undo page at 320 px."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from fibrotrack.services.import_jobs import queue_import
from fibrotrack.storage import open_database
from fibrotrack.storage.models import Person
from fibrotrack.storage.types import utc_now
from test_interop_bearable import GENERATION_A

from .conftest import LIGHT_AND_DARK, axe_findings, axe_violations, shot, sign_up

pytestmark = pytest.mark.browser


def waiting_import(live_server, export: Path) -> int:  # type: ignore[no-untyped-def]
    """An import waiting for its preview, to look at its progress page. No thread runs it: its
    row is dated an hour ahead, so the server's sweeps take it for a running one."""
    database = open_database(live_server.settings.resolved_database_url)
    with database.session() as session:
        person = session.scalars(select(Person)).one()
        with export.open("rb") as upload:
            run = queue_import(
                session,
                person=person,
                format="bearable",
                file_name="waiting.csv",
                upload=upload,
                uploads=live_server.settings.data_dir / "uploads",
                preview=True,
            )
        run.updated_at = utc_now() + timedelta(hours=1)
        import_id = run.id
    database.dispose()
    return import_id


def test_import_a_file_with_a_preview_then_confirm(
    chromium: Browser, live_server, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    export = tmp_path / "Bearable export.csv"
    export.write_text(GENERATION_A, encoding="utf-8")
    context = chromium.new_context(color_scheme="light")
    page = context.new_page()
    sign_up(page, base)
    page.goto(f"{base}/data")
    page.select_option("#format", "bearable")
    page.set_input_files("#file", str(export))
    page.click("button:has-text('Upload and preview')")
    expect(page.locator("h2#summary-heading")).to_have_text(
        "What this import would do", timeout=30_000
    )
    expect(page.locator("#days-new")).to_have_text("2")
    expect(page.locator("#import-summary")).to_contain_text("2020-09-22 to 2020-09-23")
    shot(page, "import-preview.png")
    preview_url = page.url

    storage = context.storage_state()
    paths = ("/data", preview_url.removeprefix(base))
    found = axe_findings(chromium, base, paths, storage_state=storage, modes=LIGHT_AND_DARK)
    assert found == [], "\n".join(found)

    running = waiting_import(live_server, export)
    for scheme in ("light", "dark"):
        checked = chromium.new_context(storage_state=storage, color_scheme=scheme)  # type: ignore[arg-type]
        other = checked.new_page()
        other.goto(f"{base}/data/imports/{running}")
        expect(other.locator("#progress")).to_be_visible()
        found += [f"{scheme} progress: {v}" for v in axe_violations(other)]
        checked.close()
    assert found == [], "\n".join(found)

    page.click("button:has-text('Confirm and import')")
    expect(page.locator("h2#summary-heading")).to_have_text("Imported", timeout=30_000)
    expect(page.get_by_role("status")).to_contain_text("The import is done")
    page.click("main a:has-text('See your history')")
    page.goto(f"{base}/history?end=2020-09-30")
    expect(page.locator("main")).to_contain_text("9.75")
    page.goto(f"{base}/data")
    expect(page.locator("main")).to_contain_text("Bearable export.csv")

    page.click("main a:has-text('Undo this import')")
    expect(page.locator("#undo-removes")).to_contain_text("values")
    undo_path = page.url.removeprefix(base)
    modes = {
        "light": {"color_scheme": "light"},
        "dark": {"color_scheme": "dark"},
        "reduced motion": {"reduced_motion": "reduce", "color_scheme": "light"},
    }
    for mode, options in modes.items():
        checked = chromium.new_context(storage_state=storage, **options)  # type: ignore[arg-type]
        other = checked.new_page()
        other.goto(f"{base}{undo_path}")
        found += [f"{mode} undo: {v}" for v in axe_violations(other)]
        checked.close()
    narrow = chromium.new_context(storage_state=storage, viewport={"width": 320, "height": 640})  # type: ignore[arg-type]
    other = narrow.new_page()
    other.goto(f"{base}{undo_path}")
    assert other.evaluate("document.documentElement.scrollWidth") <= 320
    narrow.close()
    assert found == [], "\n".join(found)
    page.click("main button:has-text('Undo this import')")
    expect(page.locator("h2#summary-heading")).to_have_text("Undone", timeout=30_000)
    expect(page.locator("#undone")).to_contain_text("This import was undone on")
    page.goto(f"{base}/history?end=2020-09-30")
    expect(page.locator("main")).not_to_contain_text("9.75")
    context.close()
