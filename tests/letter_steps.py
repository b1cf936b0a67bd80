"""Steps of the letter path as a customer takes them in the browser, for the Flask client."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, timedelta

import sqlalchemy as sa
from conftest import csrf_token
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from letters_app.domain.models import Address, AuditEvent, Letter, OutboxMessage


def order_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "sender_name": "Theodore Twombly", "sender_signature": "Theo",
        "relationship": "wife", "recipient_name": "Catherine Klausen",
        "recipient_salutation": "Cat",
        "address_street_address": "2100 Vine Street", "address_city": "Berkeley",
        "address_postal_code": "94709", "address_country_area": "CA",
        "address_country_code": "US",
        "occasion": "anniversary", "tone": "romantic", "length": "page",
        "memories": "the summer we drove to Big Sur and the car broke down\n"
                    "how you laughed when the mechanic called us newlyweds",
        "hand": "caveat", "ink": "blue_black", "paper": "letter", "stationery": "cream",
        "with_envelope": "y", "deliver_by": (date.today() + timedelta(days=10)).isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def order_key(client: FlaskClient) -> tuple[str, str]:
    """The CSRF token and the one-time order key of a freshly opened order form."""
    html = client.get("/letters/new").get_data(as_text=True)
    key = re.search(r'id="order_key" name="order_key" type="hidden" value="([0-9a-f]+)"', html)
    assert key, "order form has no order key"
    return csrf_token(client, "/letters/new"), key.group(1)


def place_order(client: FlaskClient, **changes: object):  # type: ignore[no-untyped-def]
    token, key = order_key(client)
    return client.post("/letters/new", data={**order_data(**changes), "csrf_token": token,
                                             "order_key": key})


def letter_id_from(response) -> int:  # type: ignore[no-untyped-def]
    match = re.search(r"/letters/(\d+)$", response.headers["Location"])
    assert match, response.headers.get("Location")
    return int(match.group(1))


VERSION_RE = re.compile(r'name="version" value="(\d+)"')


def shown_version(client: FlaskClient, letter_id: int) -> str:
    """The draft version the letter page's approve button carries ('' when it has none)."""
    match = VERSION_RE.search(client.get(f"/letters/{letter_id}").get_data(as_text=True))
    return match.group(1) if match else ""


def post_action(client: FlaskClient, letter_id: int, action: str,
                **extra: str):  # type: ignore[no-untyped-def]
    """Press a button on the letter page, as the page offers it (CSRF token, version seen)."""
    token = csrf_token(client, f"/letters/{letter_id}")
    data = {"csrf_token": token, "version": shown_version(client, letter_id), **extra}
    return client.post(f"/letters/{letter_id}/{action}", data=data, follow_redirects=True)


def file_links(html: str, letter_id: int) -> list[str]:
    return re.findall(rf'(/letters/{letter_id}/files/\d+)"', html)


def row_counts(app: Flask) -> dict[str, int]:
    with app.extensions["letters"].db.session() as session:
        return {model.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (Letter, Address, AuditEvent, OutboxMessage)}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def comparable(text: str) -> str:
    """Text as a reader compares it: NFC, typographic quotes folded, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    for fancy, plain in {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}.items():
        text = text.replace(fancy, plain)
    return " ".join(text.split())
