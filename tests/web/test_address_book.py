"""The address book and the sender details: saved once, they pre-fill every order; the
return address goes on the envelope where chosen. Each customer sees only their own."""

from __future__ import annotations

import re

from conftest import logout, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import file_links, letter_id_from, pdf_text, place_order, post_action

from letters_app.domain.models import Address, Letter, SavedRecipient

GRANDMA = {"recipient_name": "Rose Twombly", "recipient_salutation": "Grandma",
           "relationship": "grandmother", "recipient_pronouns": "she",
           "address_street_address": "12 Elm Row", "address_city": "Edinburgh",
           "address_postal_code": "EH7 4AA", "address_country_code": "GB"}
SENDER = {"sender_name": "Theodore Twombly", "sender_signature": "Your loving grandson, Theo",
          "address_street_address": "2100 Vine Street", "address_city": "Berkeley",
          "address_postal_code": "94709", "address_country_area": "CA",
          "address_country_code": "US"}


def _save_grandma(client: FlaskClient) -> int:
    response = post_form(client, "/addresses/new", GRANDMA)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/addresses").get_data(as_text=True)
    match = re.search(r"/letters/new\?to=(\d+)", page)
    assert match, page
    return int(match.group(1))


def test_a_saved_recipient_prefills_the_order_form(client: FlaskClient) -> None:
    signup(client)
    saved = _save_grandma(client)
    book = client.get("/addresses").get_data(as_text=True)
    assert "Rose Twombly" in book and "EDINBURGH" in book and "Write to Grandma" in book
    form = client.get(f"/letters/new?to={saved}").get_data(as_text=True)
    assert 'value="Rose Twombly"' in form and 'value="Grandma"' in form
    assert "12 Elm Row</textarea>" in form
    assert re.search(r'<option selected value="GB">|<option value="GB" selected>', form)
    assert 'checked id="recipient_pronouns-1"' in form or \
        re.search(r'id="recipient_pronouns-1"[^>]*checked', form)


def test_sender_details_prefill_and_the_return_address_is_on_the_envelope(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    assert post_form(client, "/sender", SENDER).status_code == 302
    form = client.get("/letters/new").get_data(as_text=True)
    assert 'value="Theodore Twombly"' in form
    assert 'value="Your loving grandson, Theo"' in form
    assert re.search(r'id="with_return_address"[^>]*checked|checked id="with_return_address"',
                     form)
    letter_id = letter_id_from(place_order(client, **{
        "address_street_address": "12 Elm Row", "address_city": "Edinburgh",
        "address_postal_code": "EH7 4AA", "address_country_code": "GB",
        "address_country_area": "", "with_return_address": "y"}))
    page = post_action(client, letter_id, "approve").get_data(as_text=True)
    envelope = next(client.get(link) for link in file_links(page, letter_id)
                    if "envelope" in client.get(link).headers.get("Content-Disposition", ""))
    text = pdf_text(envelope.data)
    assert "EDINBURGH" in text and "BERKELEY, CA 94709" in text

    # The letter keeps its own copy: changing the sender details later leaves it alone.
    post_form(client, "/sender", {**SENDER, "address_street_address": "1 New Road"})
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter.return_address is not None
        assert "2100 VINE STREET" in " ".join(letter.return_address.lines).upper()


def test_a_return_address_is_refused_until_there_is_one(client: FlaskClient) -> None:
    signup(client)
    page = place_order(client, with_return_address="y").get_data(as_text=True)
    assert "Add your return address to your sender details first" in page


def test_ticking_save_adds_the_recipient_once(app: Flask, client: FlaskClient) -> None:
    signup(client)
    place_order(client, save_recipient="y")
    place_order(client, save_recipient="y")
    with app.extensions["letters"].db.session() as session:
        assert [s.recipient_name for s in session.query(SavedRecipient)] == ["Catherine Klausen"]


def test_an_entry_can_be_edited_and_removed(app: Flask, client: FlaskClient) -> None:
    signup(client)
    saved = _save_grandma(client)
    edit = client.get(f"/addresses/{saved}/edit").get_data(as_text=True)
    assert 'value="Rose Twombly"' in edit
    post_form(client, f"/addresses/{saved}/edit",
              {**GRANDMA, "address_street_address": "3 Leith Walk"})
    assert "3 LEITH WALK" in client.get("/addresses").get_data(as_text=True).upper()
    with app.extensions["letters"].db.session() as session:
        addresses_before = session.query(Address).count()
    post_form(client, f"/addresses/{saved}/remove", {}, form_url="/addresses")
    assert "Rose Twombly" not in client.get("/addresses").get_data(as_text=True)
    with app.extensions["letters"].db.session() as session:
        assert session.query(SavedRecipient).count() == 0
        assert session.query(Address).count() == addresses_before - 1


def test_a_bad_address_is_refused_next_to_its_field(client: FlaskClient) -> None:
    signup(client)
    response = post_form(client, "/addresses/new", {**GRANDMA, "address_city": ""})
    assert response.status_code == 200
    assert "This is required for an address in this country." in response.get_data(as_text=True)


def test_nobody_else_sees_or_changes_an_address_book(client: FlaskClient) -> None:
    signup(client, email="ana@example.com")
    saved = _save_grandma(client)
    logout(client)
    signup(client, email="bo@example.com", name="Bo Berg")
    assert "Rose Twombly" not in client.get("/addresses").get_data(as_text=True)
    assert client.get(f"/addresses/{saved}/edit").status_code == 404
    assert client.get(f"/letters/new?to={saved}").status_code == 404
    assert post_form(client, f"/addresses/{saved}/remove", {},
                     form_url="/addresses").status_code == 404
