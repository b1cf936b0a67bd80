"""No customer can see or touch another customer's letters or files.

The URLs are enumerated from the Flask URL map: a new route that names a letter and forgets
the ownership check fails this test without anyone remembering to add it here.
"""

from __future__ import annotations

import re

from conftest import csrf_token, login, logout, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import file_links, letter_id_from, place_order, post_action
from sqlalchemy import select

from letters_app.domain.models import Document, Letter


def _letter_urls(app: Flask, letter_id: int, document_id: int) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "letter_id" not in rule.arguments:
            continue
        values = {"letter_id": letter_id, "document_id": document_id, "kind": "letter_pdf"}
        path = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, path))
    return urls


def test_customer_b_gets_404_on_every_url_of_customer_as_letter(
        app: Flask, client: FlaskClient) -> None:
    signup(client, email="a@example.com", password="password of a")
    letter_id = letter_id_from(place_order(client))
    page = post_action(client, letter_id, "approve").get_data(as_text=True)
    assert file_links(page, letter_id), "A's letter has files to steal"
    with app.extensions["letters"].db.session() as session:
        documents = session.scalars(select(Document).where(Document.letter_id == letter_id)).all()
    logout(client)

    signup(client, email="b@example.com", password="password of b")
    token = csrf_token(client, "/letters/new")
    urls = _letter_urls(app, letter_id, documents[0].id)
    assert {"GET", "POST"} <= {method for method, _ in urls}
    assert len(urls) >= 5
    for method, url in urls:
        response = client.open(url, method=method, data={"csrf_token": token})
        # The print API takes no cookies: without a token it answers 401 before any lookup.
        expected = 401 if url.startswith("/api/") else 404
        assert response.status_code == expected, f"{method} {url} answered {response.status_code}"
    for document in documents:  # every file of A's, by id, through A's and B's letter ids
        assert client.get(f"/letters/{letter_id}/files/{document.id}").status_code == 404
    logout(client)

    login(client, "a@example.com", "password of a")
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, letter_id).status == "ready_to_print"  # B changed nothing
    assert client.get(f"/letters/{letter_id}").status_code == 200


def test_a_file_is_not_reachable_through_another_letter_id(
        app: Flask, client: FlaskClient) -> None:
    signup(client, email="a@example.com", password="password of a")
    a_letter = letter_id_from(place_order(client))
    page = client.get(f"/letters/{a_letter}").get_data(as_text=True)
    a_file = int(re.findall(r"/files/(\d+)", page)[0])
    logout(client)
    signup(client, email="b@example.com", password="password of b")
    b_letter = letter_id_from(place_order(client))
    assert client.get(f"/letters/{b_letter}/files/{a_file}").status_code == 404


def test_staff_and_print_shop_accounts_cannot_use_customer_pages(
        app: Flask, client: FlaskClient) -> None:
    from letters_app.domain import accounts
    from letters_app.domain.models import Role

    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email="shop@example.com", name="Shop",
                             password="print shop pw 1", role=Role.PRINTSHOP)
    login(client, "shop@example.com", "print shop pw 1")
    assert client.get("/letters").status_code == 403
    assert client.get("/letters/new").status_code == 403
    assert client.get("/staff/").status_code == 403
