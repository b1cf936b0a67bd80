"""A customer's notes reach a human writer and come back as a new proof, all in the browser."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_steps import PASSWORD, approve_and_download, fill_people, sign_up
from letter_steps import comparable, pdf_text
from playwright.sync_api import Page, expect

from letters_app.domain import accounts
from letters_app.domain.models import Role

pytestmark = pytest.mark.browser


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_revision_notes_go_to_a_writer_and_a_reviewer_before_the_customer(
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
    page.get_by_label("Street address").fill("Drottninggatan 1")
    page.get_by_label("City").fill("Stockholm")
    page.get_by_label("Postal code").fill("111 51")
    page.get_by_label("Country").select_option("SE")
    page.get_by_label("Occasion").select_option("birthday")
    page.get_by_label("Memories and points to include").fill("the red canoe on Lake Mälaren")
    page.get_by_label("Deliver by").fill((date.today() + timedelta(days=8)).isoformat())
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("heading", name="Your proof")).to_be_visible()
    letter_url = page.url
    page.get_by_text("Ask for changes").first.click()
    page.get_by_label("What should change?").fill("Please say he taught me to whistle.")
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.get_by_text("A writer is reworking your letter")).to_be_visible()
    _log_out(page)

    _log_in(page, base, "wren@example.com")
    page.get_by_role("button", name="Claim next").click()
    expect(page.get_by_text("Please say he taught me to whistle.")).to_be_visible()
    editor = page.get_by_label("Letter text")
    paragraphs = editor.input_value().split("\n\n")
    paragraphs.insert(-1, "And thank you for teaching me to whistle.")  # before the closing
    editor.fill("\n\n".join(paragraphs))
    page.screenshot(path=screenshots / "6-writer-editor.png", full_page=True)
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Being reviewed").first).to_be_visible()
    _log_out(page)

    _log_in(page, base, "rex@example.com")
    page.goto(letter_url.replace("/letters/", "/staff/letters/"))
    page.get_by_role("button", name="Release version 2 to the customer").click()
    _log_out(page)

    _log_in(page, base, "ida@example.com")
    page.goto(letter_url)
    expect(page.get_by_role("heading", name="Your proof")).to_be_visible()
    draft = page.locator("#draft-text").inner_text()
    assert "teaching me to whistle" in draft
    data = approve_and_download(page, timeout_ms=30_000)
    assert comparable(pdf_text(data)) == comparable(draft)
