"""What a customer does around a letter, in Chromium: the live price, saving an address and
ordering with it, correcting it, cancelling after a confirmation page; every page fits a
390 px phone without sideways scrolling. Screenshots at 1280 and 390 px of each page."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_steps import PASSWORD, fill_address, sign_up
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _shoot(page: Page, screenshots: Path, name: str) -> None:
    """Both widths of the page as it is; at 390 px nothing may stick out sideways."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=screenshots / f"{name}-390.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=screenshots / f"{name}-1280.png", full_page=True)
    assert width <= PHONE["width"], f"{name} is {width} px wide at 390 px"


def test_the_price_follows_the_choices_as_they_change(
        page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, live_server, "Ada Quinn", "ada@example.com")
    page.goto(live_server.url + "/letters/new")
    quote = page.locator("#quote")
    expect(quote).to_contain_text("Letter, one page")
    expect(page.locator("#update-quote")).to_be_hidden()  # JavaScript prices it live
    page.get_by_label("Length").select_option("two_pages")
    expect(quote).to_contain_text("Letter, two pages")
    page.get_by_label("Stationery").select_option("cream")
    expect(quote).to_contain_text("Cream stationery")
    expect(quote.locator("tfoot")).to_contain_text("$43.00")  # 38 + 2 cream + 3 envelope
    page.get_by_label("Add an addressed envelope").uncheck()
    expect(quote).not_to_contain_text("Addressed envelope")


def test_without_javascript_update_the_price_shows_it(
        browser, live_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_up(page, live_server, "Ada Quinn", "ada@example.com")
        page.goto(live_server.url + "/letters/new")
        page.get_by_label("Length").select_option("note")
        page.get_by_role("button", name="Update the price").click()
        expect(page.locator("#quote")).to_contain_text("Letter, a short note (card)")
        expect(page.get_by_role("heading", name="Order a letter")).to_be_visible()
    finally:
        context.close()


def test_save_an_address_order_with_it_correct_it_and_cancel(
        page: Page, live_server, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    shoot: Callable[[str], None] = lambda name: _shoot(page, screenshots, name)  # noqa: E731
    sign_up(page, live_server, "Theodore Twombly", "theo@example.com")
    shoot("01-my-letters-empty")

    page.get_by_role("link", name="Address book").click()
    shoot("02-address-book-empty")
    page.get_by_role("link", name="Change your sender details").click()
    page.get_by_label("Your name").fill("Theodore Twombly")
    page.get_by_label("How you sign").fill("Your loving grandson, Theo")
    fill_address(page, "2100 Vine Street", "Berkeley", "94709", "CA", "US")
    shoot("03-sender-details")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your sender details are saved")).to_be_visible()

    page.get_by_role("link", name="Add someone").click()
    page.get_by_label("Their full name").fill("Rose Twombly")
    page.get_by_label("How you address them").fill("Grandma")
    page.get_by_label("Who they are to you").fill("grandmother")
    page.get_by_label("she/her").check()
    fill_address(page, "12 Elm Row", "Edinburgh", "EH7 4AA", "", "GB")
    shoot("04-add-someone")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved Rose Twombly to your address book.")).to_be_visible()
    shoot("05-address-book")

    page.get_by_role("link", name="Write to Grandma").click()
    expect(page.get_by_label("Their full name")).to_have_value("Rose Twombly")
    expect(page.get_by_label("Your name")).to_have_value("Theodore Twombly")
    expect(page.get_by_label("Print my return address on the envelope")).to_be_checked()
    page.get_by_label("Occasion").select_option("thank_you")
    page.get_by_label("Memories and points to include").fill("she taught me to bake bread")
    shoot("06-order-form")
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_role("heading", name="Your proof")).to_be_visible(timeout=30_000)
    envelope = page.locator("#envelope-proof")
    expect(envelope).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", envelope.element_handle()) > 300
    expect(page.locator("#letter-price")).to_contain_text("$")
    expect(page.locator("#draft-text")).to_contain_text("you taught me to bake bread")
    shoot("07-proof-with-envelope")

    page.get_by_role("link", name="Correct the address").click()
    shoot("08-correct-address")
    page.get_by_label("Street address").fill("3 Leith Walk")
    page.get_by_role("button", name="Save the address").click()
    expect(page.get_by_text("The address is corrected.")).to_be_visible()
    expect(page.get_by_text("Address corrected")).to_be_visible()  # in the timeline

    page.get_by_role("link", name="Cancel the order…").click()
    expect(page.get_by_role("heading", name="Cancel your letter to Rose Twombly?")).to_be_visible()
    shoot("09-cancel-confirmation")
    page.get_by_role("link", name="No, keep it").click()
    expect(page.locator("#status-label")).to_have_text("Proof ready for you")
    page.get_by_role("link", name="Cancel the order…").click()
    page.get_by_role("button", name="Yes, cancel this letter").click()
    expect(page.get_by_text("Your letter is cancelled.")).to_be_visible()
    expect(page.locator("#status-label")).to_have_text("Cancelled")
    shoot("10-cancelled")

    page.get_by_role("link", name="My letters").click()
    expect(page.get_by_role("link", name="To Rose Twombly")).to_be_visible()
    shoot("11-my-letters")
    for name, url in (("12-home", "/"), ("13-account", "/account")):
        page.goto(base + url)
        shoot(name)


def test_download_my_data_then_delete_the_account(
        page: Page, live_server, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    sign_up(page, live_server, "Theodore Twombly", "theo@example.com")
    page.get_by_role("link", name="Theodore Twombly").click()
    _shoot(page, screenshots, "14-account-with-data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    archive = zipfile.ZipFile(Path(download_info.value.path()))
    assert json.loads(archive.read("my-data.json"))["account"]["email"] == "theo@example.com"

    page.get_by_role("link", name="Delete my account…").click()
    _shoot(page, screenshots, "15-delete-account")
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Tick this to confirm")).to_be_visible()
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and your data are deleted.")).to_be_visible()
    _shoot(page, screenshots, "16-account-deleted")
    page.goto(base + "/login")
    page.get_by_label("Email").fill("theo@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
