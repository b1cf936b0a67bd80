"""A customer's steps in the browser, shared by the Playwright tests."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

PASSWORD = "a long browser password"


def sign_up(page: Page, server, name: str, email: str) -> None:  # type: ignore[no-untyped-def]
    """Sign up on `server` (a LiveServer) and follow the link the confirmation email carries
    (made here as the email makes it: a worker may still be sending the email itself)."""
    from conftest import signup_token

    page.goto(server.url + "/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Follow it to finish signing up")).to_be_visible()
    page.goto(f"{server.url}/signup/confirm/{signup_token(server.app.test_client(), email)}")


def fill_people(page: Page, *, sender: str, signs: str, recipient: str, salutation: str,
                relationship: str) -> None:
    page.get_by_label("Your name").fill(sender)
    page.get_by_label("How you sign").fill(signs)
    page.get_by_label("Their full name").fill(recipient)
    page.get_by_label("How you address them").fill(salutation)
    page.get_by_label("Who they are to you").fill(relationship)


def fill_address(page: Page, street: str, city: str, postcode: str, area: str = "",
                 country: str | None = None) -> None:
    """The recipient's address on the order or address form (the country left as it is when
    none is given)."""
    page.get_by_label("Street address").fill(street)
    page.get_by_label("City").fill(city)
    page.get_by_label("Postal code").fill(postcode)
    page.get_by_label("State / province / region").fill(area)
    if country is not None:
        page.get_by_label("Country").select_option(country)


def approve_and_download(page: Page, timeout_ms: int) -> bytes:
    """Approve the proof on screen, wait for the download link to appear, download the PDF."""
    page.get_by_role("button", name="Approve this letter").click()
    link = page.get_by_role("link", name="Download the letter")
    expect(link).to_be_visible(timeout=timeout_ms)
    with page.expect_download() as download_info:
        link.click()
    return Path(download_info.value.path()).read_bytes()
