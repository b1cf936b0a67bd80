"""A batch's print-ready files: one merged PDF that qpdf finds sound, with every letter's
text in order, and a manifest whose items, page numbers and checksums match it."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from conftest import signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import comparable, letter_id_from, pdf_text, place_order, post_action
from pypdf import PdfReader
from test_print_api import ready_letter, shop_token, take_batch

from letters_app.domain import accounts, printing
from letters_app.domain.models import Letter, OutboxMessage, PrintBatch
from letters_app.domain.sweep import sweep
from letters_app.jobs import Job, handlers


def approved_text(app: Flask, letter_id: int) -> str:
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        return letter.version(letter.approved_version).text


def test_batch_pdf_is_sound_holds_every_letter_in_order_and_matches_its_manifest(
        app: Flask, client: FlaskClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    signup(client)
    ids = [ready_letter(client) for _ in range(3)]
    headers, _ = shop_token(app)
    shop = app.test_client()
    files = {f["kind"]: f for f in take_batch(shop, headers, ids)["files"]}
    assert set(files) == {"batch_pdf", "manifest"}

    pdf = shop.get(files["batch_pdf"]["url"], headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["ETag"].strip('"') == files["batch_pdf"]["sha256"]
    assert hashlib.sha256(pdf.data).hexdigest() == files["batch_pdf"]["sha256"]
    part = shop.get(files["batch_pdf"]["url"], headers={**headers, "Range": "bytes=100-"})
    assert part.status_code == 206 and part.data == pdf.data[100:]
    manifest = shop.get(files["manifest"]["url"], headers=headers).get_json()

    if shutil.which("qpdf"):
        path = tmp_path / "batch.pdf"
        path.write_bytes(pdf.data)
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    reader = PdfReader(io.BytesIO(pdf.data))
    assert manifest["batch_pdf"] == {"sha256": files["batch_pdf"]["sha256"],
                                     "size": len(pdf.data), "pages": len(reader.pages)}
    items = manifest["items"]
    assert [item["letter_id"] for item in items] == ids
    cover = reader.pages[0].extract_text()
    assert all(f"letter {letter_id}" in cover for letter_id in ids)
    # Each letter's text where the manifest says it starts, in order; envelopes after.
    for item in items:
        first = item["first_page"] - 1
        pages = [reader.pages[n].extract_text() for n in range(first,
                                                              first + item["letter_pages"])]
        text = comparable(approved_text(app, item["letter_id"]))
        assert comparable(" ".join(pages))[:60] == text[:60]
        assert item["envelope_page"] > items[-1]["first_page"]
        assert "Berkeley".upper() in reader.pages[item["envelope_page"] - 1].extract_text()
        for kind in ("letter", "envelope"):
            stored = app.extensions["letters"].storage.read(item[f"{kind}_sha256"])
            assert stored.startswith(b"%PDF-")
        assert (item["paper"], item["stationery"], item["envelope_size"]) == (
            "letter", "cream", "no10")
    # In order: each letter's opening is found after the one before it (two engine drafts of
    # the same brief may open alike, so each search starts past the previous find).
    whole, start = comparable(pdf_text(pdf.data)), 0
    for letter_id in ids:
        start = whole.index(comparable(approved_text(app, letter_id))[:40], start) + 1


def test_another_shop_cannot_fetch_a_batch_file(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = ready_letter(client)
    headers, _ = shop_token(app)
    rival, _ = shop_token(app, email="rival@example.com")
    made = take_batch(app.test_client(), headers, [letter_id])
    for file in made["files"]:
        assert app.test_client().get(file["url"], headers=rival).status_code == 404
    assert app.test_client().get(f"/api/v1/print/batches/{made['id']}/files/other",
                                 headers=headers).status_code == 404
    assert json.loads(app.test_client().get(made["files"][1]["url"], headers=headers).data)


def _batch(app: Flask, ids: list[int], **options: str) -> tuple[bytes, dict]:  # type: ignore[type-arg]
    headers, _ = shop_token(app)
    shop = app.test_client()
    files = {f["kind"]: f["url"] for f in take_batch(shop, headers, ids, **options)["files"]}
    return (shop.get(files["batch_pdf"], headers=headers).data,
            shop.get(files["manifest"], headers=headers).get_json())


def _qpdf_check(tmp_path, data: bytes) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("qpdf"):
        path = tmp_path / "batch.pdf"
        path.write_bytes(data)
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def card_letter(client: FlaskClient) -> int:
    letter_id = letter_id_from(place_order(client, paper="card", length="note"))
    post_action(client, letter_id, "approve")
    return letter_id


def test_interleaved_puts_each_envelope_right_after_its_letter(
        app: Flask, client: FlaskClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    signup(client)
    ids = [ready_letter(client) for _ in range(3)]
    pdf, manifest = _batch(app, ids, order="interleaved")
    _qpdf_check(tmp_path, pdf)
    assert manifest["order"] == "interleaved"
    reader = PdfReader(io.BytesIO(pdf))
    expected_page = 2  # after the cover sheet
    for item in manifest["items"]:
        assert item["first_page"] == expected_page
        assert item["envelope_page"] == item["first_page"] + item["letter_pages"]
        expected_page = item["envelope_page"] + 1
        letter_pages = " ".join(reader.pages[n].extract_text() for n in range(
            item["first_page"] - 1, item["envelope_page"] - 1))
        assert comparable(letter_pages)[:60] == comparable(
            approved_text(app, item["letter_id"]))[:60]
        assert "BERKELEY" in reader.pages[item["envelope_page"] - 1].extract_text()
    assert expected_page - 1 == len(reader.pages)
    whole, start = comparable(pdf_text(pdf)), 0
    for letter_id in ids:  # letter, its envelope, the next letter...
        start = whole.index(comparable(approved_text(app, letter_id))[:40], start) + 1
        start = whole.index("BERKELEY", start) + 1


def test_cards_two_up_on_tabloid_with_crop_marks_in_order(  # type: ignore[no-untyped-def]
        app: Flask, client: FlaskClient, tmp_path, screenshots) -> None:
    signup(client)
    ids = [card_letter(client) for _ in range(3)]
    pdf, manifest = _batch(app, ids, imposition="2up_tabloid")
    _qpdf_check(tmp_path, pdf)
    (screenshots / "two-up.pdf").write_bytes(pdf)  # SCREENSHOT_DIR=... to look at it
    assert (manifest["imposition"], manifest["sheet"]) == ("2up_tabloid", "11 × 17 in")
    reader = PdfReader(io.BytesIO(pdf))
    items = manifest["items"]
    assert [(i["first_page"], i["first_slot"], i["letter_pages"]) for i in items] == [
        (2, 1, 1), (2, 2, 1), (3, 1, 1)]
    for number in (2, 3):
        box = reader.pages[number - 1].mediabox
        assert (float(box.width), float(box.height)) == (792, 1224)
    envelope = reader.pages[items[0]["envelope_page"] - 1].mediabox
    assert float(envelope.width) < 792  # envelopes are not imposed
    # Top card first: the second card's opening is found after the first's (two drafts of
    # one brief may open alike, so the search starts past the first find).
    sheet = comparable(reader.pages[1].extract_text())
    first, second = (comparable(approved_text(app, i))[:30] for i in ids[:2])
    assert sheet.index(second, sheet.index(first) + 1) > 0
    assert comparable(approved_text(app, ids[2]))[:30] in comparable(
        reader.pages[2].extract_text())


def test_a3_sheet_marks_stay_out_of_the_bleed() -> None:
    from pypdf import PdfReader as Reader
    from reportlab.pdfgen import canvas

    from letters_app.domain import imposition

    out = io.BytesIO()
    card = canvas.Canvas(out, pagesize=imposition.CARD, invariant=True)
    card.drawString(72, 400, "A card")
    card.save()
    page = Reader(io.BytesIO(out.getvalue())).pages[0]
    sheet = imposition.impose([(page, "cream"), (page, "plain")], imposition.SHEETS["2up_a3"])
    assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (
        842, 1191)
    (_, top_y), (_, low_y) = imposition.slots(imposition.SHEETS["2up_a3"])
    assert top_y - (low_y + imposition.CARD[1]) == 2 * imposition.BLEED  # bleeds meet
    assert sheet.extract_text().count("A card") == 2


def test_a_batch_builds_in_the_background_and_its_files_wait_until_ready(
        app: Flask, client: FlaskClient) -> None:
    """The batch exists, letters taken, before its files do; a lost build message is sent
    again by the sweep, and building twice changes nothing."""
    signup(client)
    letter_id = ready_letter(client)
    headers, _ = shop_token(app)
    services = app.extensions["letters"]
    with services.db.session() as session:  # the batch made, its build message lost
        shop = accounts.find_user_by_email(session, "press@example.com")
        batch_id = printing.create_batch(session, shop, [letter_id]).id
        session.execute(sa.delete(OutboxMessage))
        session.commit()
    shop_client = app.test_client()
    shown = shop_client.get(f"/api/v1/print/batches/{batch_id}", headers=headers).get_json()
    assert (shown["state"], shown["files"]) == ("building", [])
    waiting = shop_client.get(f"/api/v1/print/batches/{batch_id}/files/manifest",
                              headers=headers)
    assert waiting.status_code == 409 and waiting.get_json()["code"] == "not_ready"

    with services.db.session() as session:
        assert sweep(session, now=datetime.now(UTC) + timedelta(hours=1)) == 1
        session.commit()
    services.relay()  # the re-sent job runs (in-process: the embedded default)
    ready = shop_client.get(f"/api/v1/print/batches/{batch_id}", headers=headers).get_json()
    assert ready["state"] == "ready" and len(ready["files"]) == 2
    assert handlers.run(services, Job.BUILD_BATCH, {"batch_id": batch_id}) is False
    with services.db.session() as session:
        assert session.get(PrintBatch, batch_id).pdf_sha256 == next(
            f["sha256"] for f in ready["files"] if f["kind"] == "batch_pdf")
