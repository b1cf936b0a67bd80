"""A business account orders from a CSV in Chromium: choose the file, read the report, fix
the bad row, upload again, place the orders. Every step passes axe and fits 390 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from api.test_bulk_orders import csv_text, good_row
from browser.test_accessibility import violations
from browser.test_customer_journeys import _shoot
from playwright.sync_api import Page, expect

from letters_app.domain import accounts
from letters_app.domain.models import Role

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "acme@example.com", "acme business pw 1"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "bypass_csp": True}  # axe comes in as a script tag


def test_upload_report_fix_and_confirm(page: Page, live_app, tmp_path: Path,  # type: ignore[no-untyped-def]
                                       screenshots: Path) -> None:
    app, server = live_app
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email=EMAIL, name="Acme Realty", password=PASSWORD,
                             role=Role.BUSINESS)
        session.commit()
    page.goto(server.url + "/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Order letters from a CSV")).to_be_visible()
    assert violations(page) == [], "upload page"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template CSV").click()
    assert download.value.suggested_filename == "letters-orders-template.csv"

    unreadable = tmp_path / "pipes.csv"  # one long unknown column: its name must wrap
    unreadable.write_text("|".join(good_row(0)) + "\n" + "|".join(good_row(0).values()) + "\n")
    page.get_by_label("CSV file, one row per recipient").set_input_files(unreadable)
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".flash-error")).to_contain_text("unknown columns")
    _shoot(page, screenshots, "bulk-unreadable")

    rows = [good_row(n) for n in range(5)]
    rows[2]["postal_code"] = "ABCDE"
    bad = tmp_path / "clients.csv"
    bad.write_text(csv_text(rows))
    page.get_by_label("Your name").fill("Acme Realty")
    page.get_by_label("How you sign").fill("Jo at Acme")
    page.get_by_label("Who they are to you").fill("client")
    page.get_by_label("Occasion").select_option("thank_you")
    page.get_by_label("CSV file, one row per recipient").set_input_files(bad)
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#report-summary")).to_have_text(
        "4 of 5 rows are ready to order; 1 needs fixing (they are not ordered).")
    expect(page.locator("tr.row-bad")).to_contain_text("Postal code")
    assert violations(page) == [], "report"
    _shoot(page, screenshots, "bulk-report")

    rows[2]["postal_code"] = "94709"  # fixed in the spreadsheet, uploaded again
    fixed = tmp_path / "clients-fixed.csv"
    fixed.write_text(csv_text(rows))
    page.get_by_label("CSV file, one row per recipient").set_input_files(fixed)
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#report-summary")).to_have_text("5 of 5 rows are ready to order.")
    page.get_by_role("button", name="Place 5 orders").click()
    expect(page.get_by_role("heading", name="5 orders placed")).to_be_visible()
    assert violations(page) == [], "placed"
    _shoot(page, screenshots, "bulk-placed")
