"""A customer's data: all of it in one zip to take away, or erased with the account: after
deletion no table, stored file or log line holds their names, email, addresses or letters."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import login, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, pdf_text, place_order, post_action
from own_hands.steps import built_hand

from letters_app.domain import accounts, printing
from letters_app.domain.models import Base, Document, Letter, OwnHand, PrintBatch, Role, User
from letters_app.jobs import Job, handlers

PASSWORD = "correct horse battery"
SENDER = {"sender_name": "Theodore Twombly", "sender_signature": "Your Theo",
          "address_street_address": "77 Quarry Lane", "address_city": "Sausalito",
          "address_postal_code": "94965", "address_country_area": "CA",
          "address_country_code": "US"}
GRANDMA = {"recipient_name": "Rosalind Quimby", "recipient_salutation": "Granny Roz",
           "relationship": "grandmother", "recipient_pronouns": "she",
           "address_street_address": "12 Elm Row", "address_city": "Edinburgh",
           "address_postal_code": "EH7 4AA", "address_country_code": "GB"}


def _customer_with_everything(app: Flask, client: FlaskClient) -> list[int]:
    """Sender details, an address book entry, and letters in every kind of state: one ready
    to print, one already printing, one cancelled, one with a revision note."""
    signup(client, email="ana.lima@example.com", name="Ana Lima", password=PASSWORD)
    post_form(client, "/sender", SENDER)
    post_form(client, "/addresses/new", GRANDMA)
    ready = letter_id_from(place_order(client, with_return_address="y"))
    post_action(client, ready, "approve")
    printing_id = letter_id_from(place_order(client, recipient_name="Marguerite Oyelaran"))
    post_action(client, printing_id, "approve")
    cancelled = letter_id_from(place_order(client, recipient_name="Bartholomew Fenwick"))
    post_action(client, cancelled, "cancel")
    revised = letter_id_from(place_order(client, recipient_name="Philippa Nakashima"))
    post_action(client, revised, "revise", note="mention the lighthouse at Point Reyes")
    with app.extensions["letters"].db.session() as session:
        shop = accounts.create_user(session, email="shop@example.com", name="Print Shop",
                                    password="shop password 1", role=Role.PRINTSHOP)
        batch_id = printing.create_batch(session, shop, [printing_id]).id
        session.commit()
    # Built as the renders queue would: its merged PDF and manifest hold her letter.
    assert handlers.run(app.extensions["letters"], Job.BUILD_BATCH, {"batch_id": batch_id})
    # Her own hand, from a sheet she wrote her name on (what the photo of it would show).
    built_hand(app, "ana.lima@example.com", upload=b"\x89PNG\r\n\x1a\n signed Ana Lima")
    return [ready, printing_id, cancelled, revised]


def test_download_my_data_holds_the_account_book_letters_and_pdfs(
        app: Flask, client: FlaskClient) -> None:
    ready, printing_id, cancelled, revised = _customer_with_everything(app, client)
    response = client.get("/account/my-data.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("my-data.json"))
    assert data["account"] == {"name": "Ana Lima", "email": "ana.lima@example.com",
                               "created_at": data["account"]["created_at"]}
    assert data["sender_details"]["signature"] == "Your Theo"
    assert "77 Quarry Lane" in data["sender_details"]["return_address"]
    assert [entry["name"] for entry in data["address_book"]] == ["Rosalind Quimby"]
    letters = {letter["id"]: letter for letter in data["letters"]}
    assert set(letters) == {ready, printing_id, cancelled, revised}
    assert letters[ready]["brief"]["memories"].startswith("the summer we drove to Big Sur")
    assert "Cat" in letters[ready]["drafts"][0]["text"].splitlines()[0]  # the salutation
    assert letters[ready]["timeline"][0]["action"] == "ordered"
    assert "mention the lighthouse at Point Reyes" in [
        e["note"] for e in letters[revised]["timeline"]]
    assert letters[ready]["price"]["currency"] == "USD"
    names = archive.namelist()
    assert f"letters/{ready}/letter.pdf" in names and f"letters/{ready}/envelope.pdf" in names
    assert f"letters/{cancelled}/letter.pdf" not in names
    (hand,) = data["own_hands"]
    assert {f"hands/{hand['id']}/sheet.png", f"hands/{hand['id']}/hand.ttf"} <= set(names)
    envelope = pdf_text(archive.read(f"letters/{ready}/envelope.pdf"))
    assert "77 Quarry Lane" in envelope


def test_deleting_needs_the_password_and_a_confirmation(app: Flask,
                                                        client: FlaskClient) -> None:
    signup(client, email="ana.lima@example.com", name="Ana Lima", password=PASSWORD)
    page = post_form(client, "/account/delete", {"current_password": "wrong password"})
    text = page.get_data(as_text=True)
    assert "That is not your current password." in text and "Tick this to confirm" in text
    with app.extensions["letters"].db.session() as session:
        assert session.scalar(sa.select(User).where(User.name == "Ana Lima")) is not None


def test_a_deleted_account_leaves_no_trace_of_the_customer(
        app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    letters = _customer_with_everything(app, client)
    services = app.extensions["letters"]
    with services.db.session() as session:
        texts = [v.text for letter_id in letters
                 for v in session.get(Letter, letter_id).versions]
        blobs = set(session.scalars(sa.select(Document.sha256).where(
            Document.letter_id.in_(letters))))
        blobs |= {key for hand in session.scalars(sa.select(OwnHand)) for key in hand.blobs}
        batch = session.get(PrintBatch, session.get(Letter, letters[1]).print_batch_id)
        blobs |= {batch.pdf_sha256, batch.manifest_sha256}
    needles = ["Ana Lima", "ana.lima@example.com", "Theodore Twombly", "Your Theo",
               "Catherine Klausen", "Marguerite Oyelaran", "Bartholomew Fenwick",
               "Philippa Nakashima", "Rosalind Quimby", "Granny Roz", "2100 Vine Street",
               "77 Quarry Lane", "Sausalito", "12 Elm Row", "EH7 4AA", "Big Sur",
               "lighthouse at Point Reyes"]
    needles += [line for text in texts for line in text.splitlines() if len(line) > 25]

    # The scans find the customer before the deletion: they can fail.
    assert len(_database_hits(services.db.engine, needles)) > len(needles)
    assert any(_blob_hits(services.storage.read(sha), needles) for sha in blobs)
    assert "Marguerite Oyelaran" in _blob_hits(services.storage.read(batch.pdf_sha256), needles)

    mail = Path(services.config.instance_dir) / "mail"
    mailed = set(mail.glob("*.eml"))
    response = post_form(client, "/account/delete",
                         {"current_password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert client.get("/letters").status_code == 302  # the session has ended
    assert login(client, "ana.lima@example.com", PASSWORD).status_code == 200  # refused

    hits = _database_hits(services.db.engine, needles)
    hits += [f"storage {b.sha256}: {n}" for b in services.storage.list_blobs()
             for n in _blob_hits(services.storage.read(b.sha256), needles)]
    hits += [f"log: {n}" for n in needles if n.lower() in caplog.text.lower()]
    # Nothing the erasure sets off (the batch's rebuild, the moves it makes) emails anyone.
    hits += [f"mail {path.name}: {n}" for path in set(mail.glob("*.eml")) - mailed
             for n in _blob_hits(path.read_bytes(), needles)]
    assert hits == []
    assert not blobs & {b.sha256 for b in services.storage.list_blobs()}
    with services.db.session() as session:
        # The letter with the print shop is still there for the shop to finish, anonymised.
        # It is withdrawn from its batch, whose files were built again without it.
        kept = session.get(Letter, letters[1])
        assert kept is not None and kept.status == "cancelled" and kept.withdrawn_at
        rebuilt = session.get(PrintBatch, kept.print_batch_id)
        assert rebuilt.state == "ready" and rebuilt.pdf_sha256 not in blobs
        assert {session.get(Letter, i) for i in (letters[0], letters[2], letters[3])} == {None}


def _database_hits(engine: sa.Engine, needles: list[str]) -> list[str]:
    """Every text-like column of every table, searched for every needle, ignoring case."""
    hits = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns
                       if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
            for row in conn.execute(sa.select(*columns)) if columns else []:
                for column, value in zip(columns, row, strict=True):
                    text = json.dumps(value) if not isinstance(value, str) else value
                    hits += [f"{table.name}.{column.name}: {n}" for n in needles
                             if n.lower() in text.lower()]
    return hits


def _blob_hits(data: bytes, needles: list[str]) -> list[str]:
    text = _readable(data).lower()
    return [n for n in needles if n.lower() in text]


def _readable(data: bytes) -> str:
    """The blob's raw bytes and what a reader gets out of it: a PDF's text (its streams are
    compressed), JSON with its escapes undone, and whatever a gzip or zip holds, in turn."""
    text = data.decode("latin-1")
    if data.startswith(b"%PDF-"):
        text += pdf_text(data)
    elif data.startswith(b"\x1f\x8b"):
        text += _readable(gzip.decompress(data))
    elif data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text += "".join(_readable(archive.read(name)) for name in archive.namelist())
    else:
        with contextlib.suppress(ValueError):  # not JSON: the raw bytes are what there is
            text += json.dumps(json.loads(data), ensure_ascii=False)
    return text
