"""After ordering: change the whole order before writing starts, correct the address after a
proof without re-drafting (the envelope is rendered again), see the envelope before
approving, and cancel on a page of its own that says what it means."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser

from conftest import csrf_token, logout, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import file_links, letter_id_from, pdf_text, place_order, post_action
from sqlalchemy import select

from letters_app.domain.addresses import AddressInput
from letters_app.domain.models import Document, Letter, User
from letters_app.domain.orders import OrderRequest
from letters_app.domain.orders import place_order as domain_place_order

NEW_ADDRESS = {"recipient_name": "Catherine Klausen", "address_street_address": "1 Oak Lane",
               "address_city": "Oakland", "address_postal_code": "94610",
               "address_country_area": "CA", "address_country_code": "US"}


def _unsent_order(app: Flask, email: str = "ana@example.com") -> int:
    """An order whose first draft is queued but not yet written (the outbox not relayed)."""
    with app.extensions["letters"].db.session() as session:
        customer = session.scalar(select(User).where(User.email == email))
        letter = domain_place_order(session, customer, OrderRequest(
            sender_name="Theodore Twombly", sender_signature="Theo", relationship="wife",
            recipient_name="Catherine Klausen", recipient_salutation="Cat",
            address=AddressInput(name="Catherine Klausen", street_address="2100 Vine Street",
                                 city="Berkeley", postal_code="94709", country_code="US",
                                 country_area="CA"),
            occasion="anniversary", tone="romantic", length="note", memories="",
            hand="caveat", ink="blue_black", paper="letter", stationery="cream",
            with_envelope=True, deliver_by=date.today() + timedelta(days=20)), "unsent-1")
        session.commit()
        return letter.id


class _FormValues(HTMLParser):
    """The values a browser would send back from a page's form, unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        name = a.get("name", "")
        if tag == "input" and a.get("type") in {"radio", "checkbox"}:
            if "checked" in a:
                self.values[name] = a.get("value", "y")
        elif tag == "input" and a.get("type") != "submit" and name:
            self.values[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data.lstrip("\n")


def _edit_fields(page: str) -> dict[str, str]:
    parser = _FormValues()
    parser.feed(page[page.index('<form method="post" novalidate class="order">'):])
    return parser.values


def test_the_whole_order_can_change_before_writing_starts(app: Flask,
                                                          client: FlaskClient) -> None:
    signup(client)
    letter_id = _unsent_order(app)
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert 'id="edit"' in page
    form = client.get(f"/letters/{letter_id}/edit").get_data(as_text=True)
    assert "Change your order" in form and 'value="Cat"' in form
    fields = _edit_fields(form)
    fields.update(recipient_salutation="Kitty", length="page", memories="she taught me to swim",
                  recipient_pronouns="she")
    response = post_form(client, f"/letters/{letter_id}/edit", fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert (letter.recipient_salutation, letter.length) == ("Kitty", "page")
        assert letter.price_cents == 2400 + 200 + 300  # the price follows the change
        # The first draft, written once the change committed, is written from the new brief.
        draft = letter.latest_version.text
        assert draft.startswith(("Dear Kitty", "My dearest Kitty", "Dearest Kitty")) or \
            "Kitty" in draft.splitlines()[0]
        assert "you taught me to swim" in draft.lower().replace("\n", " ")
        assert [e.action for e in letter.events][:2] == ["ordered", "edited"]


def test_after_a_proof_only_the_address_changes_and_the_envelope_is_rendered_again(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert 'id="envelope-proof"' in page  # the envelope is shown before approval
    assert 'id="edit"' not in page and 'id="correct-address"' in page
    envelope_before = _envelope_proof(app, letter_id)
    form = client.get(f"/letters/{letter_id}/edit").get_data(as_text=True)
    assert "Correct the address" in form and "Occasion" not in form
    response = post_form(client, f"/letters/{letter_id}/edit", NEW_ADDRESS)
    assert response.status_code == 302
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter.current_version == 1 and len(letter.versions) == 1  # not re-drafted
        assert letter.recipient_address.lines[1:3] == ["1 Oak Lane", "OAKLAND, CA 94610"]
        assert letter.status == "awaiting_approval"
    assert _envelope_proof(app, letter_id) != envelope_before

    page = post_action(client, letter_id, "approve").get_data(as_text=True)
    post_form(client, f"/letters/{letter_id}/edit",
              {**NEW_ADDRESS, "address_street_address": "9 Pine Street"})
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    [envelope] = [client.get(link) for link in set(file_links(page, letter_id))
                  if "envelope.pdf" in client.get(link).headers.get("Content-Disposition", "")]
    assert "9 Pine Street" in pdf_text(envelope.data)


def _envelope_proof(app: Flask, letter_id: int) -> str:
    with app.extensions["letters"].db.session() as session:
        return session.scalar(select(Document.sha256).where(
            Document.letter_id == letter_id, Document.kind == "envelope_png"))


def test_a_bad_corrected_address_is_refused_and_changes_nothing(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    response = post_form(client, f"/letters/{letter_id}/edit",
                         {**NEW_ADDRESS, "address_postal_code": "not a zip"})
    assert response.status_code == 200
    assert "This does not look right" in response.get_data(as_text=True)
    with app.extensions["letters"].db.session() as session:
        assert "BERKELEY" in " ".join(session.get(Letter, letter_id).recipient_address.lines)


def test_cancelling_asks_on_its_own_page_and_says_what_it_means(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    # Approve is a button; cancel is a link to a page that asks first.
    assert 'id="approve" class="primary"' in page
    assert f'href="/letters/{letter_id}/cancel" class="cancel-link" id="cancel"' in page
    confirm = client.get(f"/letters/{letter_id}/cancel").get_data(as_text=True)
    assert "nothing is penned, printed or posted" in confirm
    assert "nothing is invoiced" in confirm and "No, keep it" in confirm
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, letter_id).status == "awaiting_approval"
    token = csrf_token(client, f"/letters/{letter_id}/cancel")
    done = client.post(f"/letters/{letter_id}/cancel", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "Your letter is cancelled" in done
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, letter_id).status == "cancelled"
    assert client.get(f"/letters/{letter_id}/cancel").status_code == 302  # nothing to confirm


def test_nobody_else_changes_or_cancels_a_letter(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    logout(client)
    signup(client, email="bo@example.com", name="Bo Berg")
    assert client.get(f"/letters/{letter_id}/edit").status_code == 404
    assert client.get(f"/letters/{letter_id}/cancel").status_code == 404
    assert post_form(client, f"/letters/{letter_id}/edit", NEW_ADDRESS,
                     form_url="/letters").status_code == 404
