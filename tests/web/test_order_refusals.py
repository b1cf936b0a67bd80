"""Bad input gets a clear message next to the field and creates nothing."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from conftest import signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import (
    comparable,
    file_links,
    letter_id_from,
    order_data,
    order_key,
    pdf_text,
    place_order,
    post_action,
    row_counts,
)

from letters_app.domain.models import Letter


@pytest.fixture
def customer(client: FlaskClient) -> FlaskClient:
    signup(client)
    return client


def _refused(app: Flask, client: FlaskClient, message: str, **changes: object) -> str:
    before = row_counts(app)
    response = place_order(client, **changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, "a refused order must re-show the form"
    assert message in html.unescape(page), page[:3000]
    assert row_counts(app) == before, "a refused order left rows behind"
    return page


def test_broken_postal_code_is_refused_next_to_the_field(app: Flask, customer: FlaskClient) -> None:
    page = _refused(app, customer, "This does not look right for an address in this country.",
                    address_postal_code="ABCDE")
    assert 'id="address_postal_code-error"' in page


def test_missing_street_is_refused(app: Flask, customer: FlaskClient) -> None:
    _refused(app, customer, "This is required for an address in this country.",
             address_street_address="")


def test_unknown_country_is_refused(app: Flask, customer: FlaskClient) -> None:
    _refused(app, customer, "Not a valid choice", address_country_code="XX")


def test_characters_the_hand_cannot_draw_are_named_and_another_hand_suggested(
        app: Flask, customer: FlaskClient) -> None:
    page = _refused(app, customer, "cannot write Ő", hand="homemade_apple",
                    recipient_salutation="Ősz")
    assert "Try the hand “Caveat”, which can." in html.unescape(page)


def test_characters_no_hand_can_draw_are_named(app: Flask, customer: FlaskClient) -> None:
    page = _refused(app, customer, "cannot write ✓ 字 漢", memories="we said ✓ to 漢字")
    assert "Try the hand" not in page


def test_over_long_memories_are_refused_with_the_count(app: Flask, customer: FlaskClient) -> None:
    _refused(app, customer, "At most 3000 characters (you have 3001).", memories="x" * 3001)


def test_over_long_name_is_refused(app: Flask, customer: FlaskClient) -> None:
    _refused(app, customer, "At most 120 characters (you have 121).",
             sender_name="A" * 121)


def test_deliver_by_in_the_past_is_refused(app: Flask, customer: FlaskClient) -> None:
    _refused(app, customer, "We need at least 2 days",
             deliver_by=(date.today() - timedelta(days=1)).isoformat())


def test_missing_names_are_refused(app: Flask, customer: FlaskClient) -> None:
    _refused(app, customer, "This is required.", recipient_salutation="   ")


def test_double_submitted_order_form_creates_one_order(app: Flask, customer: FlaskClient) -> None:
    from conftest import csrf_token

    token, key = order_key(customer)
    data = {**order_data(), "csrf_token": token, "order_key": key}
    first = customer.post("/letters/new", data=data)
    second = customer.post("/letters/new", data=data)
    assert first.status_code == second.status_code == 302
    assert letter_id_from(first) == letter_id_from(second)
    assert row_counts(app)["letters"] == 1
    assert csrf_token(customer, "/letters/new")  # the form still opens afterwards


def test_markup_is_shown_literally_and_printed_literally(app: Flask, customer: FlaskClient) -> None:
    markup = "<script>alert(1)</script> and &lt;b&gt; then <font color=red>red</font>"
    letter_id = letter_id_from(place_order(customer, memories=markup,
                                           recipient_salutation="<b>Cat</b>"))
    for url in ("/letters", f"/letters/{letter_id}"):
        page = customer.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "<b>Cat</b>" not in page
    detail = customer.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    page = post_action(customer, letter_id, "approve").get_data(as_text=True)
    downloads = [customer.get(link) for link in file_links(page, letter_id)]
    pdf = next(d for d in downloads if "letter.pdf" in d.headers.get("Content-Disposition", ""))
    text = comparable(pdf_text(pdf.data))
    assert comparable(markup) in text
    assert "<b>Cat</b>" in text


def test_approving_twice_is_refused_with_a_message(app: Flask, customer: FlaskClient) -> None:
    letter_id = letter_id_from(place_order(customer))
    post_action(customer, letter_id, "approve")
    before = row_counts(app)
    page = post_action(customer, letter_id, "approve").get_data(as_text=True)
    assert "A letter that is ready cannot become approved." in html.unescape(page)
    assert row_counts(app) == before


def test_approving_a_cancelled_letter_is_refused(app: Flask, customer: FlaskClient) -> None:
    letter_id = letter_id_from(place_order(customer))
    post_action(customer, letter_id, "cancel")
    page = post_action(customer, letter_id, "approve").get_data(as_text=True)
    assert "A letter that is cancelled cannot become approved." in html.unescape(page)


def test_approve_without_csrf_token_is_refused(app: Flask, customer: FlaskClient) -> None:
    letter_id = letter_id_from(place_order(customer))
    assert customer.post(f"/letters/{letter_id}/approve").status_code == 400
    assert customer.get(f"/letters/{letter_id}/status.json").get_json()["status"] == \
        "awaiting_approval"


def test_too_many_memories_are_refused(app: Flask, customer: FlaskClient) -> None:
    memories = "\n".join(f"memory number {n}" for n in range(13))
    _refused(app, customer, "At most 12 memories, one per line (you have 13).", memories=memories)


def test_a_rambling_memory_is_refused_with_a_hint(app: Flask, customer: FlaskClient) -> None:
    _refused(app, customer, "Keep each memory to 60 words (one has 61)",
             memories=" ".join(["word"] * 61))


def test_an_address_too_long_for_the_envelope_is_refused_at_order_time(
        app: Flask, customer: FlaskClient) -> None:
    street = "\n".join(f"Building {n}, Floor {n}" for n in range(1, 7))
    _refused(app, customer, "This address does not fit an envelope",
             address_street_address=street)


def test_the_order_form_lists_likely_countries_first_and_each_country_once(
        client: FlaskClient) -> None:
    signup(client)
    page = client.get("/letters/new").get_data(as_text=True)
    select = page[page.index('id="address_country_code"'):]
    select = select[:select.index("</select>")]
    options = re.findall(r'<option[^>]*value="([A-Z]{2})"', select)
    assert options[:4] == ["US", "GB", "CA", "AU"]
    assert len(options) == len(set(options))
    assert select.count(">Spain</option>") == 1
    assert '<optgroup label="Most often">' in select


def test_the_recipients_pronouns_reach_the_letter_and_the_studio_brief(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    page = client.get("/letters/new").get_data(as_text=True)
    assert 'name="recipient_pronouns" type="radio" value="she"' in page
    letter_id = letter_id_from(place_order(client, recipient_pronouns="she",
                                           memories="she taught me to dance"))
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter.recipient_pronouns == "she"
        assert "you taught me to dance" in letter.latest_version.text.lower().replace("\n", " ")


def test_pronouns_outside_the_choices_are_refused(app: Flask, client: FlaskClient) -> None:
    signup(client)
    before = row_counts(app)["letters"]
    page = place_order(client, recipient_pronouns="xe").get_data(as_text=True)
    assert "Not a valid choice" in page
    assert row_counts(app)["letters"] == before
