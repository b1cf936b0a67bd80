"""What a checker found changing orders from outside: the messages a customer reads when a
change is refused must be true of their letter and name the hand as the order form does."""

from __future__ import annotations

import html
import re

from conftest import csrf_token, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order

from letters_app.domain.models import Letter


def _errors(page: str) -> list[str]:
    return [html.unescape(e) for e in re.findall(r'<p class="error"[^>]*>(.*?)</p>', page)]


def test_a_cancelled_letter_is_not_said_to_be_with_the_print_shop(client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    token = csrf_token(client, f"/letters/{letter_id}/cancel")
    client.post(f"/letters/{letter_id}/cancel", data={"csrf_token": token})
    page = client.get(f"/letters/{letter_id}/edit", follow_redirects=True).get_data(as_text=True)
    assert "print shop" not in page
    assert "The letter is cancelled; it can no longer change." in page


def test_a_corrected_address_the_hand_cannot_write_names_the_hand_and_characters(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client, hand="homemade_apple", pen_plotted="y"))
    response = post_form(client, f"/letters/{letter_id}/edit", {
        "recipient_name": "Catherine Klausen", "address_street_address": "ul. Źródlana 12",
        "address_city": "Łódź", "address_postal_code": "90-001", "address_country_code": "PL"})
    assert response.status_code == 200
    errors = _errors(response.get_data(as_text=True))
    # As the order form says it: the hand by its name, beside each field the characters as
    # typed there (not the capitals the envelope draws the city in), no code points.
    assert "The hand “Homemade Apple” cannot write Ź." in errors
    assert "The hand “Homemade Apple” cannot write ź." in errors
    assert "homemade_apple" not in " ".join(errors) and "U+" not in " ".join(errors)
    with app.extensions["letters"].db.session() as session:
        assert "BERKELEY" in " ".join(session.get(Letter, letter_id).recipient_address.lines)


def test_a_name_the_hand_cannot_write_is_said_once(client: FlaskClient) -> None:
    signup(client)
    response = place_order(client, hand="homemade_apple", recipient_name="Zofia Wiśniewska")
    assert response.status_code == 200
    errors = _errors(response.get_data(as_text=True))
    assert errors.count("The hand “Homemade Apple” cannot write ś. Try the hand “Caveat”, "
                        "which can.") == 1, errors
