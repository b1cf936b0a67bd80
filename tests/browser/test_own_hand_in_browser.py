"""A customer's own hand in Chromium: download the sample sheet, upload it filled (the
simulator writes a stock hand into its boxes and scans it), watch it being read, see the
report and the sample, accept, order a letter in it, approve, and download a PDF whose text
layer is the letter. The new pages pass axe-core and fit a 390 px phone."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_steps import approve_and_download, fill_address, fill_people, sign_up
from handmaking.simulate import filled_sheet, scanned
from letter_steps import comparable, pdf_text
from playwright.sync_api import Page, expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # axe is injected as a script tag, which the app's strict CSP would otherwise refuse.
    return {**browser_context_args, "bypass_csp": True}


def _check_page(page: Page, screenshots: Path, name: str) -> None:
    """No axe-core violations; nothing sticks out sideways at 390 px; screenshots of both."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=screenshots / f"{name}-390.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=screenshots / f"{name}-1280.png", full_page=True)
    assert width <= PHONE["width"], f"{name} is {width} px wide at 390 px"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run()")
    assert [(v["id"], v["nodes"][0]["target"][0]) for v in result["violations"]] == [], name


def test_sheet_upload_accept_order_and_download_in_my_own_hand(
        page: Page, live_server, screenshots: Path,  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    sign_up(page, live_server, "Ana Lima", "ana@example.com")
    page.get_by_role("link", name="Your own hand").click()
    _check_page(page, screenshots, "1-own-hand")

    page.get_by_label("A4").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my sample sheet (PDF)").click()
    download = download_info.value
    sheet_id = re.fullmatch(r"handwriting-sheet-([A-Z0-9]+)\.pdf",
                            download.suggested_filename).group(1)  # type: ignore[union-attr]
    reader = PdfReader(download.path())
    assert len(reader.pages) == 1 and sheet_id in reader.pages[0].extract_text()

    page_image, _ = filled_sheet("caveat", paper="a4", sheet_id=sheet_id, seed=5)
    scan = tmp_path / "my-sheet.jpg"
    scan.write_bytes(scanned(page_image, seed=5))
    page.get_by_label("Photo or scan of your filled sheet").set_input_files(scan)
    page.get_by_role("button", name="Upload and build my hand").click()

    sample = page.locator("#hand-sample")
    expect(sample).to_be_visible(timeout=30_000)
    expect(page.locator("#hand-report")).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 400",
                           arg=sample.element_handle())
    _check_page(page, screenshots, "2-own-hand-result")
    # The embedded default builds the centre lines inside this request (about 10 s).
    page.get_by_role("button", name="Accept my hand").click(timeout=60_000)
    expect(page.locator("#hand-accepted")).to_be_visible(timeout=60_000)  # + centre lines

    page.get_by_role("link", name="order a letter", exact=True).click()
    fill_people(page, sender="Ana Lima", signs="Ana", recipient="Catherine Klausen",
                salutation="Cat", relationship="friend")
    fill_address(page, "2100 Vine Street", "Berkeley", "94709", "CA", "US")
    page.get_by_label("Occasion").select_option("thank_you")
    page.get_by_label("Memories and points to include").fill("the soup you brought in March")
    page.get_by_label("Deliver by").fill((date.today() + timedelta(days=9)).isoformat())
    page.get_by_label(re.compile(r"Your own hand \(")).first.check()
    expect(page.locator("#quote")).to_contain_text("In your own handwriting")
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_role("heading", name="Your proof")).to_be_visible(timeout=30_000)
    draft = page.locator("#draft-text").inner_text()
    page.screenshot(path=screenshots / "3-proof-in-own-hand.png", full_page=True)
    data = approve_and_download(page, timeout_ms=30_000)
    assert data.startswith(b"%PDF-")
    assert comparable(pdf_text(data)) == comparable(draft)
