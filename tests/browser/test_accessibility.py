"""Every page a customer sees passes axe-core's checks (WCAG rules it can automate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_steps import sign_up
from letter_steps import order_data
from playwright.sync_api import Page

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # axe is injected as a script tag, which the app's strict CSP would otherwise refuse.
    return {**browser_context_args, "bypass_csp": True}


def violations(page: Page) -> list[tuple[str, str]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run()")
    return [(v["id"], v["nodes"][0]["target"][0]) for v in result["violations"]]


def test_customer_pages_have_no_accessibility_violations(
        page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    for url in ("/", "/login", "/signup", "/forgot"):
        page.goto(base + url)
        assert violations(page) == [], url
    sign_up(page, live_server, "Ada Quinn", "ada@example.com")
    assert violations(page) == [], "/letters (empty)"
    page.goto(base + "/letters/new")
    assert violations(page) == [], "/letters/new"
    data = order_data()
    for field in ("sender_name", "sender_signature", "relationship", "recipient_name",
                  "recipient_salutation", "address_street_address", "address_city",
                  "address_postal_code", "address_country_area", "memories"):
        page.fill(f"#{field}", str(data[field]))
    page.fill("#address_postal_code", "not a postcode")
    page.get_by_role("button", name="Place order").click()
    assert violations(page) == [], "/letters/new with errors"
    page.fill("#address_postal_code", str(data["address_postal_code"]))
    page.get_by_role("button", name="Place order").click()
    page.get_by_role("heading", name="Your proof").wait_for()
    assert violations(page) == [], "proof page"
    for url in ("/letters", "/account"):
        page.goto(base + url)
        assert violations(page) == [], url
