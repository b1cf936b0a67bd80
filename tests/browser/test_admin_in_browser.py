"""The admin area on a 390 px phone: every page fits the width (tables scroll inside their
box), and a token can be created and revoked with the thumb."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_steps import PASSWORD
from playwright.sync_api import Page, expect

from letters_app.domain import accounts
from letters_app.domain.models import Role

pytestmark = pytest.mark.browser
PAGES = ["/admin/", "/admin/users", "/admin/tokens", "/admin/routing", "/admin/webhooks",
         "/api/v1/reference"]


def test_admin_pages_fit_a_phone_and_a_token_is_shown_once(
        page: Page, live_server, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    with live_server.app.extensions["letters"].db.session() as session:
        for email, role in (("boss@example.com", Role.ADMIN),
                            ("a-print-shop-with-a-long-name@example.com", Role.PRINTSHOP)):
            accounts.create_user(session, email=email, name=email.split("@")[0],
                                 password=PASSWORD, role=role)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/login")
    page.get_by_label("Email").fill("boss@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(base + "/admin/tokens")
    page.get_by_label("Account (print shop or business client)").fill(
        "a-print-shop-with-a-long-name@example.com")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("code.secret")
    expect(secret).to_contain_text("lt_")
    page.screenshot(path=str(screenshots / "admin-tokens-390.png"), full_page=True)
    page.goto(base + "/admin/tokens")
    expect(page.locator("code.secret")).to_have_count(0)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Token revoked.")).to_be_visible()

    for path in PAGES:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate("""[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 391)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
        assert width <= 390, (path, width, wide)
    page.screenshot(path=str(screenshots / "api-reference-390.png"))
