"""The whole way through the site with a real sheet: the sheet PDF the site hands out, filled
by the simulator (a stock hand drawn into its boxes) and scanned, uploaded, read on the hands
queue (in-process in the embedded default) into a font that draws the sample; and another
customer's sheet refused with what to do, leaving no font and no upload."""

from __future__ import annotations

import io
import re
from functools import cache

from conftest import csrf_token, logout, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from handmaking.simulate import cover_marks, filled_sheet, scanned
from PIL import Image

from letters_app import rendering
from letters_app.domain import own_hands
from letters_app.domain.hand_building import NOT_YOUR_SHEET
from letters_app.domain.models import HandState, OwnHand
from letters_app.handmaking.layout import standard_layout
from letters_app.plotting.letter import plot_letter


@cache
def _scan(sheet_id: str) -> bytes:
    page, _ = filled_sheet("caveat", sheet_id=sheet_id, seed=3)
    return scanned(page, seed=3)


def _sheet_id(client: FlaskClient) -> str:
    response = post_form(client, "/my-hand/sheet", {"paper": "letter"}, form_url="/my-hand")
    match = re.search(r"handwriting-sheet-([A-Z0-9]+)\.pdf",
                      response.headers["Content-Disposition"])
    assert match
    return match.group(1)


def _upload(client: FlaskClient, data: bytes):  # type: ignore[no-untyped-def]
    return client.post("/my-hand/upload", data={"csrf_token": csrf_token(client, "/my-hand"),
                                                "sheet": (io.BytesIO(data), "scan.jpg")},
                       content_type="multipart/form-data")


def _hands(app: Flask) -> list[OwnHand]:
    with app.extensions["letters"].db.session() as session:
        return list(session.query(OwnHand).order_by(OwnHand.id))


def test_a_filled_sheet_becomes_the_customers_hand_and_anothers_sheet_is_refused(
        app: Flask, client: FlaskClient) -> None:
    signup(client, "ana@example.com")
    sheet_id = _sheet_id(client)
    response = _upload(client, _scan(sheet_id))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    (hand,) = _hands(app)
    assert hand.state == HandState.READY, hand.error
    assert hand.sheet_id == sheet_id and hand.font_sha256 and "a" in hand.characters
    assert 'id="hand-sample"' in page and 'id="accept-hand"' in page
    sample = client.get(f"/my-hand/{hand.id}/sample.png")
    assert sample.status_code == 200
    ink = Image.open(io.BytesIO(sample.data)).convert("L").point(lambda v: v < 120)
    assert ink.getbbox() is not None and ink.width > 400  # the paragraph, written
    post_form(client, f"/my-hand/{hand.id}/accept", {}, form_url=f"/my-hand/{hand.id}")
    # Accepted, its centre lines are built: the pen plotter writes a letter in it.
    (hand,) = _hands(app)
    assert hand.state == HandState.ACCEPTED and hand.strokes_sha256
    style = rendering.LetterStyle(hand=own_hands.hand_name(hand))
    text = "Dear Cat,\n\nThank you for the soup. Zoë sends her love."
    (sheet,) = plot_letter(text, style, 4)
    (stock,) = plot_letter(text, rendering.LetterStyle(hand="caveat"), 4)  # what was drawn
    assert 0.6 < sheet.stats.draw_mm / stock.stats.draw_mm < 1.6
    assert sheet.stats.pen_downs > 30

    logout(client)
    signup(client, "bea@example.com", name="Bea Stone")
    storage = app.extensions["letters"].storage
    before = {blob.sha256 for blob in storage.list_blobs()}
    response = _upload(client, _scan(sheet_id))  # Ana's sheet, uploaded by Bea
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    refused = _hands(app)[1]
    assert refused.state == HandState.REFUSED and refused.error == NOT_YOUR_SHEET
    assert NOT_YOUR_SHEET in page and 'id="hand-sample"' not in page
    assert refused.font_sha256 is None and refused.upload_sha256 is None
    # Ana's upload had the same bytes and stays hers; nothing new is kept for Bea.
    assert {blob.sha256 for blob in storage.list_blobs()} == before
    assert client.get(f"/my-hand/{refused.id}/sample.png").status_code == 404


def test_a_sheet_that_cannot_be_read_is_refused_with_what_to_do(app: Flask,
                                                                client: FlaskClient) -> None:
    signup(client, "ana@example.com")
    sheet_id = _sheet_id(client)
    layout = standard_layout("letter")
    page, _ = filled_sheet("caveat", sheet_id=sheet_id, seed=4, layout=layout)
    response = _upload(client, scanned(cover_marks(page, layout, 2), seed=4))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    (hand,) = _hands(app)
    assert hand.state == HandState.REFUSED and "corner squares" in hand.error
    assert hand.error in html and "Upload again" in html
    assert hand.font_sha256 is None and hand.upload_sha256 is None
    assert list(app.extensions["letters"].storage.list_blobs()) == []
