"""One letter end to end through the Flask client, tasks in-process, on SQLite and PostgreSQL:
order -> engine draft -> proof -> approve -> final render -> download."""

from __future__ import annotations

import html
import io

from conftest import signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import (
    comparable,
    file_links,
    letter_id_from,
    pdf_text,
    place_order,
    post_action,
)
from PIL import Image
from sqlalchemy import select

from letters_app.domain.models import Document, DraftVersion, Letter


def test_one_letter_from_order_to_downloaded_pdf(app: Flask, client: FlaskClient) -> None:
    signup(client)
    response = place_order(client)
    assert response.status_code == 302
    letter_id = letter_id_from(response)

    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Proof ready for you" in page
    proof_links = file_links(page, letter_id)
    assert proof_links, "the proof page shows no page images"
    image = client.get(proof_links[0])
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert Image.open(io.BytesIO(image.data)).size[0] > 500

    with app.extensions["letters"].db.session() as session:
        draft = session.scalars(select(DraftVersion).where(
            DraftVersion.letter_id == letter_id)).one()
    assert html.escape(draft.text.splitlines()[0], quote=False) in page
    assert "Cat" in draft.text and "Big Sur" in draft.text

    page = post_action(client, letter_id, "approve").get_data(as_text=True)
    assert "Ready" in page
    links = file_links(page, letter_id)
    downloads = [client.get(link) for link in links]
    pdfs = [d for d in downloads if d.mimetype == "application/pdf"]
    assert len(pdfs) == 2  # the letter and its envelope
    letter_pdf = next(d for d in pdfs if "letter.pdf" in d.headers["Content-Disposition"])
    assert letter_pdf.data.startswith(b"%PDF-")
    assert comparable(pdf_text(letter_pdf.data)) == comparable(draft.text)
    envelope = next(d for d in pdfs if "envelope.pdf" in d.headers["Content-Disposition"])
    assert "BERKELEY, CA 94709" in pdf_text(envelope.data)

    timeline = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    for step in ("Order placed", "Being written", "Being reviewed", "Proof ready for you",
                 "Approved", "Being penned", "Ready"):
        assert step in timeline
    assert client.get(f"/letters/{letter_id}/status.json").get_json()["status"] == "ready_to_print"


def test_my_letters_lists_the_order_with_its_status(client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    listing = client.get("/letters").get_data(as_text=True)
    assert f"/letters/{letter_id}" in listing
    assert "To Catherine Klausen" in listing
    assert "Proof ready for you" in listing


def test_customer_cancels_before_approving(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    page = post_action(client, letter_id, "cancel").get_data(as_text=True)
    assert "Your letter is cancelled." in page
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, letter_id).status == "cancelled"


def _fetchable(app: Flask, client: FlaskClient, letter_id: int) -> dict[str, int]:
    """Every stored file of the letter, requested by id: kind -> HTTP status."""
    with app.extensions["letters"].db.session() as session:
        docs = session.scalars(select(Document).where(Document.letter_id == letter_id)).all()
        kinds = [(d.id, d.kind) for d in docs]
    return {kind: client.get(f"/letters/{letter_id}/files/{doc_id}").status_code
            for doc_id, kind in kinds}


def test_before_approval_only_the_proof_images_can_be_fetched(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Download the letter" not in page
    assert _fetchable(app, client, letter_id) == {"proof_png": 200, "envelope_png": 200}


def test_after_approval_print_files_are_private_and_not_cacheable(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "approve")
    assert _fetchable(app, client, letter_id) == {
        "proof_png": 200, "envelope_png": 200, "letter_pdf": 200, "envelope_pdf": 200,
        "preview_png": 200}
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    response = client.get(file_links(page, letter_id)[0])
    assert response.headers["Cache-Control"] == "private, no-store"


def test_nothing_of_a_cancelled_letter_can_be_fetched(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "cancel")
    assert set(_fetchable(app, client, letter_id).values()) == {404}
