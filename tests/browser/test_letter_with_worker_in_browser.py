"""In a real browser against the production shape: the page follows the worker by itself."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_steps import approve_and_download, fill_address, fill_people, sign_up
from letter_steps import comparable, pdf_text
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


def test_proof_and_download_appear_without_reloading(
        page: Page, live_worker_server, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    base = live_worker_server.url
    sign_up(page, live_worker_server, "Wen Zhou", "wen@example.com")
    page.goto(base + "/letters/new")
    fill_people(page, sender="Wen Zhou", signs="Wen", recipient="Zofia Kowalska",
                salutation="Zosia", relationship="old friend")
    fill_address(page, "ul. Długa 5", "Gdańsk", "80-831", "", "PL")
    page.get_by_label("Occasion").select_option("birthday")
    page.get_by_label("Tone").select_option("playful")
    page.get_by_label("Length").select_option("note")
    page.get_by_label("Memories and points to include").fill("the night we got lost in Łódź")
    page.get_by_label("Paper").select_option("card")
    page.get_by_label("Deliver by").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_label("Marck Script").check()
    page.get_by_role("button", name="Place order").click()

    # The worker drafts and renders the proof; poll.js reloads the page when it is ready.
    expect(page.locator("#working")).to_be_visible()
    expect(page.get_by_role("heading", name="Your proof")).to_be_visible(timeout=60_000)
    draft = page.locator("#draft-text").inner_text()
    assert "Zosia" in draft and "Łódź" in draft
    page.screenshot(path=screenshots / "5-worker-proof.png", full_page=True)

    data = approve_and_download(page, timeout_ms=60_000)
    assert comparable(pdf_text(data)) == comparable(draft)
