"""A customer who deletes their account while a letter is with the print shop: the letter is
withdrawn from every batch it was in. The batches' merged PDFs and manifests are built
again without it (the old files gone from storage), the shop's API says it was withdrawn and
refuses to have it printed, and the other customers' letters in the batch go on as before."""

from __future__ import annotations

import io
import json
from datetime import date

import sqlalchemy as sa
from conftest import post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, pdf_text, place_order, post_action
from pypdf import PdfReader
from test_print_api import ready_letter, shop_token, take_batch

from letters_app.domain import accounts, printing, recurring
from letters_app.domain.models import (
    Letter,
    RecurringLetter,
    Role,
    Webhook,
    WebhookDelivery,
)

PASSWORD = "correct horse battery"
ERASED_NAME = "Marguerite Oyelaran"


def test_an_erased_letter_leaves_every_batch_it_was_in(app: Flask, client: FlaskClient) -> None:
    services = app.extensions["letters"]
    signup(client, email="ana.lima@example.com", password=PASSWORD)
    erased = ready_letter_to(client, ERASED_NAME)
    taken_back = ready_letter_to(client, "Bartholomew Fenwick")
    neighbour = app.test_client()
    signup(neighbour, email="bo@example.com", name="Bo Berg")
    kept = ready_letter(neighbour)
    with services.db.session() as session:  # a webhook on her account, and a yearly letter
        ana = accounts.find_user_by_email(session, "ana.lima@example.com")
        # As webhooks.register makes them (for business accounts, which the site does not
        # let delete themselves): her letters' moves to printing queue deliveries to it.
        session.add(Webhook(user_id=ana.id, url="http://127.0.0.1:9/ana-lima", secret="whsec_x",
                            enabled=True))
        recurring.every_year(session, ana, session.get(Letter, taken_back), date(2027, 3, 1))
        session.commit()
    headers, _ = shop_token(app)
    shop = app.test_client()
    first = take_batch(shop, headers, [erased, kept])
    # The second letter was printed in a batch of its own, then taken back by staff: the
    # batch no longer lists it, but its files still hold it.
    second = take_batch(shop, headers, [taken_back])
    with services.db.session() as session:
        reviewer = accounts.create_user(session, email="rev@example.com", name="Rev",
                                        password="reviewer pw 12", role=Role.REVIEWER)
        printing.take_back(session, session.get(Letter, taken_back), reviewer)
        session.commit()
    old_files = {f["sha256"] for batch in (first, second) for f in batch["files"]}
    assert ERASED_NAME.upper() in pdf_text(_file(shop, headers, first, "batch_pdf")).upper()
    assert "FENWICK" in pdf_text(_file(shop, headers, second, "batch_pdf")).upper()

    with services.db.session() as session:
        assert session.scalars(sa.select(WebhookDelivery)).all()  # her letters' moves

    response = post_form(client, "/account/delete",
                         {"current_password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302

    batch = shop.get(f"/api/v1/print/batches/{first['id']}", headers=headers).get_json()
    assert batch["state"] == "ready"  # built again by the job the erasure sent
    letters = {letter["id"]: letter for letter in batch["letters"]}
    assert (letters[erased]["status"], letters[erased]["withdrawn"]) == ("cancelled", True)
    assert letters[erased]["files"] == []
    assert (letters[kept]["status"], letters[kept]["withdrawn"]) == ("printing", False)
    manifest = json.loads(_file(shop, headers, batch, "manifest"))
    assert [item["letter_id"] for item in manifest["items"]] == [kept]
    assert manifest["withdrawn_letter_ids"] == [erased]
    pdf = _file(shop, headers, batch, "batch_pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert manifest["batch_pdf"]["pages"] == len(reader.pages)
    cover = reader.pages[0].extract_text()
    assert f"letter {kept}:" in cover and f"letter {erased}:" not in cover
    assert f"Withdrawn, do not print or ship: letter {erased}" in cover
    text = pdf_text(pdf).upper()
    assert ERASED_NAME.upper() not in text and "BERKELEY" in text  # the neighbour's envelope

    again = shop.get(f"/api/v1/print/batches/{second['id']}", headers=headers).get_json()
    assert again["state"] == "ready" and again["letters"] == []
    assert "FENWICK" not in pdf_text(_file(shop, headers, again, "batch_pdf")).upper()
    # The files it was in are gone from storage, not just no longer listed.
    stored = {blob.sha256 for blob in services.storage.list_blobs()}
    assert old_files and not old_files & stored

    # The shop cannot print it, nor fetch what it was; the neighbour's letter goes on.
    with services.db.session() as session:  # nothing more is sent to her endpoint
        assert session.scalars(sa.select(Webhook)).all() == []
        assert session.scalars(sa.select(WebhookDelivery)).all() == []
        assert session.scalars(sa.select(RecurringLetter)).all() == []

    refused = shop.post(f"/api/v1/print/letters/{erased}/printed", headers=headers)
    assert refused.status_code == 409 and "withdrawn" in refused.get_json()["error"]
    assert shop.get(f"/api/v1/print/letters/{erased}/files/letter_pdf",
                    headers=headers).status_code == 404
    assert shop.post(f"/api/v1/print/letters/{kept}/printed",
                     headers=headers).status_code == 200
    open_ids = [b["id"] for b in shop.get("/api/v1/print/batches",
                                          headers=headers).get_json()["batches"]]
    assert open_ids == [first["id"]]


def ready_letter_to(client: FlaskClient, recipient_name: str) -> int:
    letter_id = letter_id_from(place_order(client, recipient_name=recipient_name))
    post_action(client, letter_id, "approve")
    return letter_id


def _file(shop: FlaskClient, headers: dict[str, str], batch: dict, kind: str) -> bytes:  # type: ignore[type-arg]
    url = next(f["url"] for f in batch["files"] if f["kind"] == kind)
    response = shop.get(url, headers=headers)
    assert response.status_code == 200
    return response.data
