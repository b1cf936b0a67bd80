"""A new customer, in a real browser: sign up, order, see the proof, approve, download."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_steps import approve_and_download, fill_address, fill_people, sign_up
from letter_steps import comparable, pdf_text
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_customer_orders_approves_and_downloads_in_the_browser(
        page: Page, live_server, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url)
    page.get_by_role("link", name="Start a letter").click()
    expect(page).to_have_url(live_server.url + "/signup")
    sign_up(page, live_server, "Samantha Lee", "sam@example.com")
    expect(page.get_by_text("You have no letters yet")).to_be_visible()
    page.screenshot(path=screenshots / "1-my-letters-empty.png", full_page=True)

    page.get_by_role("link", name="Order your first letter").click()
    fill_people(page, sender="Theodore Twombly", signs="Theo", recipient="Catherine Klausen",
                salutation="Cat", relationship="wife")
    fill_address(page, "2100 Vine Street", "Berkeley", "94709", "CA", "US")
    page.get_by_label("Occasion").select_option("thank_you")
    page.get_by_label("Tone").select_option("heartfelt")
    page.get_by_label("Memories and points to include").fill(
        "the night you drove four hours to bring me soup\nyour terrible, perfect puns")
    page.get_by_label("Deliver by").fill((date.today() + timedelta(days=9)).isoformat())
    page.get_by_label("Dancing Script").check()
    hand_images = page.locator(".hands img")
    expect(hand_images.first).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", hand_images.first.element_handle()) > 100
    page.screenshot(path=screenshots / "2-order-form.png", full_page=True)
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_role("heading", name="Your proof")).to_be_visible(timeout=30_000)
    proof = page.locator(".proof img").first
    expect(proof).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", proof.element_handle()) > 500
    draft = page.locator("#draft-text").inner_text()
    assert "Cat" in draft and "soup" in draft
    page.screenshot(path=screenshots / "3-proof.png", full_page=True)

    data = approve_and_download(page, timeout_ms=30_000)
    page.screenshot(path=screenshots / "4-ready.png", full_page=True)
    assert data.startswith(b"%PDF-")
    assert comparable(pdf_text(data)) == comparable(draft)


def test_order_form_shows_errors_next_to_fields_in_the_browser(
        page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, live_server, "Bo", "bo@example.com")
    page.goto(live_server.url + "/letters/new")
    fill_people(page, sender="Bo", signs="Bo", recipient="Ann", salutation="Ann",
                relationship="sister")
    fill_address(page, "1 Main Street", "Boston", "ABCDE", "MA")
    page.get_by_role("button", name="Place order").click()
    error = page.locator("#address_postal_code-error")
    expect(error).to_have_text("This does not look right for an address in this country.")
    expect(page.get_by_label("Street address")).to_have_value("1 Main Street")  # nothing lost


def test_a_pen_plotted_order_is_priced_live_and_proofed_with_what_the_pen_draws(
        page: Page, live_server, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, live_server, "Pat", "pat@example.com")
    page.goto(live_server.url + "/letters/new")
    fill_people(page, sender="Pat Doe", signs="Pat", recipient="Ann Doe", salutation="Ann",
                relationship="sister")
    fill_address(page, "1 Main Street", "Boston", "02108", "MA")
    page.get_by_label("Kalam").check()
    quote = page.locator("#quote")
    expect(quote).not_to_contain_text("Pen-plotted in ink")
    page.get_by_label("Pen-plotted in ink").check()
    expect(quote).to_contain_text("Pen-plotted in ink")  # the live price, from the server
    expect(quote).to_contain_text("$12.00")
    page.screenshot(path=screenshots / "pen-1-order-form.png", full_page=True)
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_role("heading", name="Your proof")).to_be_visible(timeout=30_000)
    expect(page.locator("#pen-proof")).to_contain_text("what the pen will draw")
    proof = page.get_by_alt_text("Page 1 of the letter as the pen will draw it")
    expect(proof).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", proof.element_handle()) > 500
    page.screenshot(path=screenshots / "pen-2-proof.png", full_page=True)
