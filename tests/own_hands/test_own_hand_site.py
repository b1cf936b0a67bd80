"""A customer's own hand in the site: the sample sheet bound to their account, uploads that
are refused with what to do and leave nothing, the result page, accepting it, ordering a
letter in it, and privacy: nobody else sees, downloads or orders in it."""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from datetime import date, timedelta

import pytest
from conftest import csrf_token, login, logout, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, order_data, order_key, pdf_text, place_order, post_action
from PIL import Image
from pypdf import PdfReader, PdfWriter

from letters_app.domain import accounts, bulk_orders, orders, own_hands
from letters_app.domain.addresses import AddressInput
from letters_app.domain.errors import InvalidInput
from letters_app.domain.hand_uploads import MAX_UPLOAD_BYTES
from letters_app.domain.models import Document, HandSheet, HandState, Letter, OwnHand
from own_hands.steps import ADVICE, built_hand, hand_name_on_order_form

PASSWORD = "correct horse battery"
ANA, BEA = "ana@example.com", "bea@example.com"


def _rows(app: Flask, model: type) -> list:
    with app.extensions["letters"].db.session() as session:
        return list(session.query(model))


def _blobs(app: Flask) -> set[str]:
    return {blob.sha256 for blob in app.extensions["letters"].storage.list_blobs()}


def _upload(client: FlaskClient, data: bytes, name: str = "sheet.jpg"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/my-hand")
    return client.post("/my-hand/upload", data={"csrf_token": token,
                                                "sheet": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 255).save(out, format="PNG")
    return out.getvalue()


def _bomb() -> bytes:
    """A tiny PNG that claims 50,000 × 50,000 pixels (a decompression bomb)."""
    head = b"IHDR" + struct.pack(">IIBBBBB", 50_000, 50_000, 8, 0, 0, 0, 0)
    ihdr = struct.pack(">I", 13) + head + struct.pack(">I", zlib.crc32(head))
    return _png(8, 8)[:8] + ihdr + _png(8, 8)[33:]


def _order_request(hand: str) -> orders.OrderRequest:
    data = order_data(hand=hand)
    return orders.OrderRequest(
        sender_name=str(data["sender_name"]), sender_signature=str(data["sender_signature"]),
        relationship=str(data["relationship"]), recipient_name=str(data["recipient_name"]),
        recipient_salutation=str(data["recipient_salutation"]),
        address=AddressInput(name=str(data["recipient_name"]),
                             street_address="2100 Vine Street", city="Berkeley",
                             postal_code="94709", country_area="CA", country_code="US"),
        occasion="anniversary", tone="romantic", length="page", memories="", hand=hand,
        ink="blue_black", paper="letter", stationery="cream", with_envelope=False,
        deliver_by=date.today() + timedelta(days=10))


def _shared(hand: str) -> orders.OrderRequest:
    """The template order a CSV's rows fill in (bulk_orders.check reads one)."""
    return _order_request(hand)


def _accepted(app: Flask, client: FlaskClient) -> tuple[int, str]:
    hand_id = built_hand(app, ANA)
    response = post_form(client, f"/my-hand/{hand_id}/accept", {},
                         form_url=f"/my-hand/{hand_id}")
    assert response.status_code == 302
    name = hand_name_on_order_form(client.get("/letters/new").get_data(as_text=True))
    assert name is not None
    return hand_id, name


def test_sample_sheet_is_a_pdf_whose_id_is_bound_to_the_customer(app: Flask,
                                                                  client: FlaskClient) -> None:
    signup(client, ANA)
    assert "Get your sample sheet" in client.get("/my-hand").get_data(as_text=True)
    response = post_form(client, "/my-hand/sheet", {"paper": "a4"}, form_url="/my-hand")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    (sheet,) = _rows(app, HandSheet)
    assert sheet.paper == "a4" and response.headers["Content-Disposition"].endswith(
        f"handwriting-sheet-{sheet.id}.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1 and sheet.id in reader.pages[0].extract_text()
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4
    refused = post_form(client, "/my-hand/sheet", {"paper": "legal"}, form_url="/my-hand")
    assert refused.status_code == 422 and len(_rows(app, HandSheet)) == 1


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty"),
    (b"GIF89a not a sheet at all", "This is not a picture we can read"),
    (b"\xff\xd8\xff\xe0 broken jpeg", "This picture is damaged"),
    (_png(300, 200), "This picture is too small (300 × 200 pixels)"),
    (_bomb(), "far too large to be a photo"),
], ids=["empty", "not-an-image", "damaged", "tiny", "decompression-bomb"])
def test_a_bad_upload_is_refused_with_what_to_send_and_nothing_is_kept(
        app: Flask, client: FlaskClient, data: bytes, message: str) -> None:
    signup(client, ANA)
    before = _blobs(app)
    response = _upload(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page, page[:2000]
    assert _rows(app, OwnHand) == [] and _blobs(app) == before


def test_a_pdf_of_several_pages_is_refused(app: Flask, client: FlaskClient) -> None:
    signup(client, ANA)
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    response = _upload(client, out.getvalue(), "sheet.pdf")
    assert response.status_code == 422
    assert "This PDF has 2 pages; send only the page" in response.get_data(as_text=True)
    assert _rows(app, OwnHand) == []


def test_an_upload_over_the_limit_is_refused_before_it_is_read(app: Flask,
                                                               client: FlaskClient) -> None:
    signup(client, ANA)
    response = _upload(client, b"\xff\xd8\xff" + bytes(MAX_UPLOAD_BYTES + 100_000))
    assert response.status_code == 413 and _rows(app, OwnHand) == []
    assert f"The file is larger than {MAX_UPLOAD_BYTES // 2**20} MB" in response.get_data(
        as_text=True)


def test_the_result_page_shows_the_sample_and_the_report_and_accepting_offers_the_hand(
        app: Flask, client: FlaskClient) -> None:
    signup(client, ANA)
    hand_id = built_hand(app, ANA)
    page = client.get(f"/my-hand/{hand_id}").get_data(as_text=True)
    assert ADVICE[0] in page and 'id="accept-hand"' in page
    sample = client.get(f"/my-hand/{hand_id}/sample.png")
    assert sample.status_code == 200 and sample.mimetype == "image/png"
    image = Image.open(io.BytesIO(sample.data)).convert("L")
    assert image.width > 400 and min(image.getdata()) < 100  # ink on the card
    assert hand_name_on_order_form(client.get("/letters/new").get_data(as_text=True)) is None
    assert client.get(f"/my-hand/{hand_id}/status.json").json["state"] == "ready"
    post_form(client, f"/my-hand/{hand_id}/accept", {}, form_url=f"/my-hand/{hand_id}")
    assert 'id="hand-accepted"' in client.get(f"/my-hand/{hand_id}").get_data(as_text=True)
    (hand,) = _rows(app, OwnHand)
    assert hand.state == HandState.ACCEPTED and hand.accepted_at is not None
    # Accepting builds the pen plotter's centre lines (the embedded default runs it here).
    assert hand.strokes_sha256 in _blobs(app)
    html = client.get("/letters/new").get_data(as_text=True)
    name = hand_name_on_order_form(html)
    assert name is not None and "Your own hand" in html
    # Offered first, but a paid option is never chosen for the customer.
    assert re.search(rf'<input checked [^>]*value="{name}"', html) is None
    assert re.search(r'<input checked [^>]*name="hand"', html)
    assert client.get(f"/hands/{name}.png").status_code == 200


def test_a_letter_in_the_own_hand_is_priced_and_written_in_it(app: Flask,
                                                              client: FlaskClient) -> None:
    signup(client, ANA)
    _, name = _accepted(app, client)
    # The coverage check names what the sheet did not give, and nothing is ordered.
    response = place_order(client, hand=name, memories="write to me at cat@home")
    assert response.status_code == 200 and "cannot write @" in response.get_data(as_text=True)
    assert _rows(app, Letter) == []
    quoted = client.get("/letters/quote.json", query_string={**order_data(hand=name)}).json
    assert "In your own handwriting" in [line["label"] for line in quoted["lines"]]
    letter_id = letter_id_from(place_order(client, hand=name))
    post_action(client, letter_id, "approve")
    (letter,) = _rows(app, Letter)
    assert letter.hand == name and letter.status == "ready_to_print"
    assert any(line["label"] == "In your own handwriting" for line in letter.price_lines)
    with app.extensions["letters"].db.session() as session:
        pdf = next(d for d in session.query(Document) if d.kind == "letter_pdf")
    text = pdf_text(app.extensions["letters"].storage.read(pdf.sha256))
    assert "Cat" in text


def test_another_customer_cannot_see_download_or_order_in_the_hand(
        app: Flask, client: FlaskClient) -> None:
    signup(client, ANA)
    hand_id, name = _accepted(app, client)
    logout(client)
    signup(client, BEA, name="Bea Stone")
    for url in (f"/my-hand/{hand_id}", f"/my-hand/{hand_id}/status.json",
                f"/my-hand/{hand_id}/sample.png", f"/hands/{name}.png"):
        assert client.get(url).status_code == 404, url
    assert post_form(client, f"/my-hand/{hand_id}/accept", {},
                     form_url="/my-hand").status_code == 404
    assert hand_name_on_order_form(client.get("/letters/new").get_data(as_text=True)) is None
    token, key = order_key(client)
    response = client.post("/letters/new", data={**order_data(hand=name), "csrf_token": token,
                                                 "order_key": key})
    assert re.search(r'has-error">\s*<span id="hand-label"', response.get_data(as_text=True))
    assert _rows(app, Letter) == []
    # The order API and CSV uploads share the domain's rule: her hand is not Bea's to use.
    with app.extensions["letters"].db.session() as session:
        bea = accounts.find_user_by_email(session, BEA)
        with pytest.raises(InvalidInput) as refused:
            orders.place_order(session, bea, _order_request(name), "api-1")
        assert refused.value.field_errors["hand"] == "Choose one of the hands."
        # The hand is what every row shares: named once, not on each row.
        with pytest.raises(InvalidInput) as refused_csv:
            bulk_orders.check("recipient_name,recipient_salutation,street_address,city,"
                              "postal_code,country_area,country_code\n"
                              "Cat K,Cat,2100 Vine Street,Berkeley,94709,CA,US\n",
                              _shared(name), own=own_hands.choosable(session, bea))
        assert refused_csv.value.field_errors["hand"] == "Choose one of the hands."
    logout(client)
    assert client.get(f"/hands/{name}.png").status_code == 404


def test_the_hand_is_in_my_data_and_goes_with_the_account(app: Flask,
                                                          client: FlaskClient) -> None:
    signup(client, ANA)
    hand_id = built_hand(app, ANA)
    assert client.get(f"/my-hand/{hand_id}/sample.png").status_code == 200
    (hand,) = _rows(app, OwnHand)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/account/my-data.zip").data))
    names = set(archive.namelist())
    assert {f"hands/{hand_id}/sheet.png", f"hands/{hand_id}/hand.ttf"} <= names
    document = json.loads(archive.read("my-data.json"))
    assert document["own_hands"][0]["state"] == "ready"
    assert document["own_hands"][0]["report"]["advice"] == ADVICE
    response = post_form(client, "/account/delete", {"current_password": PASSWORD,
                                                     "confirm": "y"})
    assert response.status_code == 302
    assert _rows(app, OwnHand) == [] and _rows(app, HandSheet) == []
    assert not hand.blobs & _blobs(app)
    cache = app.extensions["letters"].hand_fonts.cache_dir  # this machine's copies go too
    assert not any(path.name.split(".")[0] in hand.blobs
                   for path in (cache.iterdir() if cache.exists() else ()))
    assert login(client, ANA, PASSWORD).status_code == 200  # no such account any more


def test_a_sheet_never_read_ends_failed_at_the_sweep_and_its_upload_goes(
        app: Flask, client: FlaskClient) -> None:
    from datetime import UTC, datetime

    from letters_app.domain.hand_building import TIMED_OUT
    from letters_app.jobs import handlers

    signup(client, ANA)
    services = app.extensions["letters"]
    upload = services.storage.put(b"\xff\xd8\xff a sheet whose message was lost")
    with services.db.session() as session:
        customer = accounts.find_user_by_email(session, ANA)
        session.add(OwnHand(customer_id=customer.id, upload_sha256=upload.sha256,
                            upload_type="image/jpeg", characters="",
                            created_at=datetime.now(UTC) - services.config.sweep_stuck_after
                            - timedelta(minutes=1)))
    handlers.sweep_stuck_letters(services)
    (hand,) = _rows(app, OwnHand)
    assert hand.state == HandState.FAILED and hand.error == TIMED_OUT
    assert not services.storage.exists(upload.sha256)
    assert TIMED_OUT in client.get(f"/my-hand/{hand.id}").get_data(as_text=True)
