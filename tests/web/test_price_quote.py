"""The customer sees the price before ordering (live, and without JavaScript), and the order
keeps it: on the letter page and in emails, as the amount to be invoiced."""

from __future__ import annotations

import email
import email.policy
from datetime import date, timedelta
from pathlib import Path

from conftest import signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, order_data, order_key, place_order, row_counts

from letters_app.domain.models import Letter


def test_the_order_form_shows_the_price_of_its_default_choices(client: FlaskClient) -> None:
    signup(client)
    page = client.get("/letters/new").get_data(as_text=True)
    assert 'id="quote"' in page
    assert "Letter, one page" in page and "Total, to be invoiced" in page
    assert 'src="/static/quote.js"' in page


def test_the_live_quote_prices_what_the_form_says(client: FlaskClient) -> None:
    signup(client)
    soon = (date.today() + timedelta(days=3)).isoformat()
    answer = client.get("/letters/quote.json", query_string={
        "length": "note", "paper": "card", "stationery": "cream", "with_envelope": "y",
        "deliver_by": soon})
    assert answer.status_code == 200
    data = answer.get_json()
    assert [line["label"] for line in data["lines"]] == [
        "Letter, a short note (card)", "Card stock", "Cream stationery", "Addressed envelope",
        "Express delivery"]
    assert data["total_cents"] == 1400 + 200 + 200 + 300 + 1800
    assert data["total"] == "$39.00"


def test_the_live_quote_refuses_what_it_cannot_price(client: FlaskClient) -> None:
    signup(client)
    answer = client.get("/letters/quote.json", query_string={"length": "page",
                                                             "paper": "papyrus"})
    assert answer.status_code == 422
    assert "Choose" in answer.get_json()["error"]


def test_the_live_quote_is_for_signed_in_customers(client: FlaskClient) -> None:
    assert client.get("/letters/quote.json").status_code in {302, 401}


def test_update_the_price_without_javascript_places_nothing(app: Flask,
                                                            client: FlaskClient) -> None:
    signup(client)
    token, key = order_key(client)
    before = row_counts(app)["letters"]
    page = client.post("/letters/new", data={
        **order_data(length="two_pages", stationery="plain"), "csrf_token": token,
        "order_key": key, "update_quote": "Update the price"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Letter, two pages" in text
    assert "Please correct" not in text
    assert 'value="Catherine Klausen"' in text  # what was typed stays in the form
    assert row_counts(app)["letters"] == before


def test_the_order_keeps_its_quote_and_shows_it_as_to_be_invoiced(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    far = (date.today() + timedelta(days=30)).isoformat()
    letter_id = letter_id_from(place_order(client, deliver_by=far))
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        # order_data: one page on cream stationery, with an envelope, standard delivery.
        assert (letter.price_cents, letter.price_currency) == (2400 + 200 + 300, "USD")
        assert [line["label"] for line in letter.price_lines] == [
            "Letter, one page", "Cream stationery", "Addressed envelope", "Standard delivery"]
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert 'id="letter-price">$29.00</strong>, to be invoiced' in page

    folder = Path(app.extensions["letters"].config.instance_dir) / "mail"
    bodies = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
              for p in folder.glob("*.eml")]
    assert bodies and all("Price: $29.00, to be invoiced." in str(m) for m in bodies)
