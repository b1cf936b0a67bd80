"""The studio in the browser: a customer's revision note reaches a writer beside the editor;
the writer compares two versions, restores one, previews it in the hand and submits it; a
reviewer who did not write it releases it; the customer sees the new proof."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_steps import PASSWORD, approve_and_download, fill_address, fill_people, sign_up
from letter_steps import comparable, pdf_text
from playwright.sync_api import Page, expect

from letters_app.domain import accounts
from letters_app.domain.models import Role

pytestmark = pytest.mark.browser
NOTE = "Please call it the kayak, not the canoe."


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def _shoot(page: Page, screenshots: Path, name: str) -> None:
    """The page as it is, at desktop and at phone width."""
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _save_with(page: Page, old: str, new: str) -> None:
    editor = page.get_by_label("Letter text")
    text = editor.input_value()
    assert old in text
    editor.fill(text.replace(old, new, 1))  # a same-length swap keeps the ordered page
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved as version")).to_be_visible()


def test_a_writer_compares_restores_previews_and_submits_and_a_reviewer_releases(
        page: Page, live_server, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    with live_server.app.extensions["letters"].db.session() as session:
        for email, role in (("wren@example.com", Role.WRITER), ("rex@example.com", Role.REVIEWER)):
            accounts.create_user(session, email=email, name=email.split("@")[0].title(),
                                 password=PASSWORD, role=role)

    sign_up(page, live_server, "Ida Berg", "ida@example.com")
    page.goto(base + "/letters/new")
    fill_people(page, sender="Ida Berg", signs="Ida", recipient="Tom Berg", salutation="Dad",
                relationship="father")
    fill_address(page, "Drottninggatan 1", "Stockholm", "111 51", "", "SE")
    page.get_by_label("Occasion").select_option("birthday")
    page.get_by_label("Memories and points to include").fill("the red canoe on Lake Mälaren")
    page.get_by_label("Deliver by").fill((date.today() + timedelta(days=4)).isoformat())
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("heading", name="Your proof")).to_be_visible()
    letter_url = page.url
    page.get_by_text("Ask for changes").first.click()
    page.get_by_label("What should change?").fill(NOTE)
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.get_by_text("A writer is reworking your letter")).to_be_visible()
    _log_out(page)

    _log_in(page, base, "wren@example.com")
    page.get_by_role("button", name="Claim next").click()
    notes = page.locator("#revision-notes")
    expect(notes).to_contain_text(NOTE)
    expect(notes).to_contain_text("about version 1")
    expect(page.locator("#word-count")).to_contain_text(re.compile(r"\d+ words, within"))
    _save_with(page, "canoe", "kayak")   # version 2
    _save_with(page, "kayak", "skiff")   # version 3

    page.get_by_label("Compare version").select_option("2")
    page.get_by_label("with").select_option("3")
    page.get_by_role("button", name="Compare").click()
    diff = page.locator("#diff")
    expect(diff.locator("del")).to_have_text([" kayak"])
    expect(diff.locator("ins")).to_have_text([" skiff"])
    page.screenshot(path=screenshots / "studio-compare-1280.png", full_page=True)
    page.get_by_role("link", name="back to the letter").click()

    page.locator("#restore-2").click()
    expect(page.get_by_text("Version 2 is restored as a new version.")).to_be_visible()
    assert "kayak" in page.get_by_label("Letter text").input_value()
    expect(page.locator("#length-check")).to_contain_text("Version 4: 1 page")
    _shoot(page, screenshots, "studio-letter")

    page.get_by_role("link", name="Preview in the hand").click()
    expect(page.locator("#page-count")).to_contain_text("1 page, 1 ordered")
    image = page.get_by_role("img", name="Page 1 of version 4")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 300
    page.screenshot(path=screenshots / "studio-preview-1280.png", full_page=True)
    page.get_by_role("link", name="back to the letter").click()
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Waiting for review").first).to_be_visible()
    _log_out(page)

    _log_in(page, base, "rex@example.com")
    expect(page.locator("#queue")).to_contain_text("Waiting for review")
    _shoot(page, screenshots, "studio-queue")
    page.get_by_role("link", name="The floor").click()
    expect(page.locator("#writers")).to_contain_text("Wren")
    _shoot(page, screenshots, "studio-floor")
    page.goto(letter_url.replace("/letters/", "/staff/letters/"))
    page.get_by_role("button", name="Release version 4 to the customer").click()
    expect(page.get_by_text("Released: the proof is being prepared")).to_be_visible()
    _log_out(page)

    _log_in(page, base, "ida@example.com")
    page.goto(letter_url)
    expect(page.get_by_role("heading", name="Your proof")).to_be_visible()
    draft = page.locator("#draft-text").inner_text()
    assert "kayak" in draft and "skiff" not in draft
    data = approve_and_download(page, timeout_ms=30_000)
    assert comparable(pdf_text(data)) == comparable(draft)
