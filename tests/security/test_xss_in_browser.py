"""Markup typed into every text field a letter collects is text everywhere: Chromium shows it
on every page that shows it without running it or growing an element from it, and the PDFs
print it literally.

One letter goes the whole way with a hostile payload in each field: the customer's name, the
order's names, address and memories, the revision note, the writer's name and draft, the
reviewer's send-back note, the print shop's tracking number.
"""

from __future__ import annotations

import pytest
from conftest import csrf_token, login, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import comparable, letter_id_from, pdf_text, place_order, post_action
from playwright.sync_api import Page
from sqlalchemy import select

from letters_app.domain import accounts
from letters_app.domain.models import Document, Letter, Role

pytestmark = [pytest.mark.security, pytest.mark.browser]

PASSWORD = "correct horse battery"


def payload(tag: str) -> str:
    """Markup that would run (and leave an element #inj-<tag>) if it were ever not escaped."""
    return f'<img src=x id=inj-{tag} onerror="window.xss=1;alert(1)">{{{{7*7}}}}'


SHORT = "<b id=inj-track>1Z</b>"  # tracking numbers are at most 60 characters
FIELDS = ("sender_name", "sender_signature", "relationship", "recipient_name",
          "recipient_salutation", "address_street_address", "address_city")


def _staff(app: Flask, role: Role, tag: str) -> FlaskClient:
    email = f"{tag}@example.com"
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email=email, name=payload(tag), password=PASSWORD,
                             role=role)
    client = app.test_client()
    assert login(client, email, PASSWORD).status_code == 302
    return client


def _post(client: FlaskClient, url: str, **data: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client, url.rsplit("/", 1)[0] if "/staff/letters/" in url else "/staff/")
    response = client.post(url, data={"csrf_token": token, **data})
    assert response.status_code == 302, (url, response.status_code)
    return response


def _the_whole_way(app: Flask) -> int:
    customer = app.test_client()
    signup(customer, name=payload("customer"), password=PASSWORD)
    order = {name: payload(name) for name in FIELDS}
    order["memories"] = payload("memory1") + "\n" + payload("memory2")
    letter_id = letter_id_from(place_order(customer, **order))
    post_action(customer, letter_id, "revise", note=payload("revision"))

    writer = _staff(app, Role.WRITER, "writer")
    reviewer = _staff(app, Role.REVIEWER, "reviewer")
    base = f"/staff/letters/{letter_id}"
    _post(writer, f"{base}/claim")
    _post(writer, f"{base}/draft", text=draft_text(), expected_version="1",
          submit_for_review="Save and submit for review")
    _post(reviewer, f"{base}/send-back", note=payload("sendback"))
    _post(writer, f"{base}/draft", text=draft_text() + "\n", expected_version="2",
          submit_for_review="Save and submit for review")
    # The draft is far shorter than a page: the reviewer overrides the length check, and the
    # override note (hostile too) joins the timeline the pages show.
    _post(reviewer, f"{base}/release-to-customer", override_note=payload("override"))
    post_action(customer, letter_id, "approve")

    with app.extensions["letters"].db.session() as session:
        shop = accounts.create_user(session, email="shop@example.com", name=payload("shop"),
                                    password=PASSWORD, role=Role.PRINTSHOP)
        secret = accounts.issue_token(session, shop, name="t",
                                      scopes={"print:read", "print:write"}).secret
        assert session.get(Letter, letter_id).status == "ready_to_print"
    api, headers = app.test_client(), {"Authorization": f"Bearer {secret}"}
    assert api.post("/api/v1/print/batches", json={"letter_ids": [letter_id]},
                    headers=headers).status_code == 202
    assert api.post(f"/api/v1/print/letters/{letter_id}/printed",
                    headers=headers).status_code == 200
    assert api.post(f"/api/v1/print/letters/{letter_id}/shipped",
                    json={"tracking_number": SHORT}, headers=headers).status_code == 200
    return letter_id


def draft_text() -> str:
    return (f"Dear {payload('draft_salutation')},\n\n"
            f"{payload('draft_body')} and {{% for x in range(9) %}}{{{{x}}}}{{% endfor %}}.\n\n"
            f"{payload('draft_signature')}")


def _browse(page: Page, base: str, email: str, urls: list[str]) -> list[str]:
    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(f"dialog on {page.url}"),
                                      dialog.dismiss()))
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    for url in urls:
        response = page.goto(base + url)
        assert response is not None and response.status == 200, url
        injected = page.locator("[id^=inj- i]").count()  # the address is upper-cased
        if injected:
            problems.append(f"{url}: {injected} injected element(s)")
        if page.evaluate("window.xss") is not None:
            problems.append(f"{url}: injected script ran")
        if "<img src=x id=inj-" not in page.inner_text("body").lower():
            problems.append(f"{url}: the payload is not shown as text")
        if "{{7*7}}" not in page.inner_text("body"):
            problems.append(f"{url}: template syntax not shown literally")
    page.get_by_role("button", name="Log out").click()
    return problems


def test_hostile_text_in_every_field_is_shown_as_text_and_printed_literally(
        page: Page, live_app: tuple[Flask, object]) -> None:
    app, server = live_app
    letter_id = _the_whole_way(app)
    base = server.url  # type: ignore[attr-defined]
    problems = _browse(page, base, "ana@example.com",
                       ["/letters", f"/letters/{letter_id}", "/account"])
    staff_pages = ["/staff/", f"/staff/letters/{letter_id}",
                   f"/staff/letters/{letter_id}?version=1",
                   f"/staff/letters/{letter_id}?version=3"]
    problems += _browse(page, base, "reviewer@example.com", staff_pages)
    problems += _browse(page, base, "writer@example.com", staff_pages)
    assert not problems, problems
    missing = _fields_on_no_page(app, letter_id)
    assert not missing, f"payloads on no page, so not tested: {missing}"

    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        files = {d.kind: app.extensions["letters"].storage.read(d.sha256)
                 for d in session.scalars(select(Document).where(
                     Document.letter_id == letter_id, Document.version == letter.approved_version,
                     Document.kind.in_(["letter_pdf", "envelope_pdf"])))}
    # Compared without whitespace: pypdf reads a wide gap between two handwritten "}" as a
    # space ("{{7*7} }"); every character is there, in order, none interpreted or dropped.
    printed = _squeezed(pdf_text(files["letter_pdf"]))
    for tag in ("draft_salutation", "draft_body", "draft_signature"):
        assert _squeezed(payload(tag)) in printed, f"{tag} not printed literally"
    assert _squeezed("{% for x in range(9) %}{{x}}{% endfor %}") in printed
    envelope = _squeezed(pdf_text(files["envelope_pdf"]))
    for tag in ("recipient_name", "address_street_address", "address_city"):
        assert _squeezed(payload(tag)) in envelope, f"{tag} not on the envelope literally"


def _squeezed(text: str) -> str:
    return "".join(comparable(text).split()).lower()  # US cities are upper-cased


def _fields_on_no_page(app: Flask, letter_id: int) -> list[str]:
    """Each field's payload is on a page (escaped), so none passes by being shown nowhere."""
    pages = ""
    for email, url in (("reviewer@example.com", f"/staff/letters/{letter_id}"),
                       ("ana@example.com", f"/letters/{letter_id}")):
        client = app.test_client()
        assert login(client, email, PASSWORD).status_code == 302
        pages += client.get(url).get_data(as_text=True).lower()  # US cities are upper-cased
    tags = (*FIELDS, "memory1", "memory2", "revision", "sendback", "writer", "draft_body")
    missing = [tag for tag in tags if f"&lt;img src=x id=inj-{tag} " not in pages]
    if "&lt;b id=inj-track&gt;1z&lt;/b&gt;" not in pages:
        missing.append("tracking_number")
    return missing
