"""A render that fails leaves the letter recoverable: staff see why and retry it."""

from __future__ import annotations

from conftest import csrf_token, login, logout, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order, post_action
from sqlalchemy import update

from letters_app.domain import accounts
from letters_app.domain.models import Letter, Role


def _set_hand(app: Flask, letter_id: int, hand: str) -> None:
    with app.extensions["letters"].db.session() as session:
        session.execute(update(Letter).where(Letter.id == letter_id).values(hand=hand))


def _staff(app: Flask, email: str, role: Role) -> str:
    password = f"{role.value} password 1"
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email=email, name=email.split("@")[0], password=password,
                             role=role)
    return password


def _failed_render(app: Flask, client: FlaskClient, missing_hand: str = "gone") -> int:
    """A customer's approved letter whose hand went missing before the final render."""
    signup(client)
    letter_id = letter_id_from(place_order(client))
    _set_hand(app, letter_id, missing_hand)
    post_action(client, letter_id, "approve")
    return letter_id


def _status(app: Flask, letter_id: int) -> str:
    with app.extensions["letters"].db.session() as session:
        return session.get(Letter, letter_id).status


def test_failed_render_is_shown_to_staff_and_retried_by_a_reviewer(
        app: Flask, client: FlaskClient) -> None:
    password = _staff(app, "rev@example.com", Role.REVIEWER)
    letter_id = _failed_render(app, client, "a_hand_taken_out_of_service")
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Delayed — we are on it" in page
    assert "Download the letter" not in page
    logout(client)

    login(client, "rev@example.com", password)
    staff_page = client.get(f"/staff/letters/{letter_id}").get_data(as_text=True)
    assert "The last render failed" in staff_page
    assert "a_hand_taken_out_of_service" in staff_page
    _set_hand(app, letter_id, "caveat")  # the font is back
    token = csrf_token(client, f"/staff/letters/{letter_id}")
    response = client.post(f"/staff/letters/{letter_id}/retry-render",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "Rendering again." in response.get_data(as_text=True)
    assert _status(app, letter_id) == "ready_to_print"


def test_a_writer_cannot_retry_a_render(app: Flask, client: FlaskClient) -> None:
    password = _staff(app, "w@example.com", Role.WRITER)
    letter_id = _failed_render(app, client)
    logout(client)
    login(client, "w@example.com", password)
    token = csrf_token(client, "/staff/")
    response = client.post(f"/staff/letters/{letter_id}/retry-render", data={"csrf_token": token})
    assert response.status_code == 404  # an approved letter is no writer's business
    assert _status(app, letter_id) == "render_failed"


def test_a_reviewer_can_cancel_a_letter_that_cannot_render(
        app: Flask, client: FlaskClient) -> None:
    password = _staff(app, "rev@example.com", Role.REVIEWER)
    letter_id = _failed_render(app, client)
    logout(client)
    login(client, "rev@example.com", password)
    token = csrf_token(client, f"/staff/letters/{letter_id}")
    page = client.post(f"/staff/letters/{letter_id}/cancel", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "The letter is cancelled." in page
    assert _status(app, letter_id) == "cancelled"


def test_the_studio_refuses_a_writer_retrying_a_render_even_if_they_reach_it(
        app: Flask, client: FlaskClient) -> None:
    import pytest

    from letters_app.domain import studio
    from letters_app.domain.errors import DomainError
    from letters_app.domain.models import User

    letter_id = _failed_render(app, client)
    with app.extensions["letters"].db.session() as session:
        writer = accounts.create_user(session, email="w2@example.com", name="W",
                                      password="writer pw 1234", role=Role.WRITER)
        letter = session.get(Letter, letter_id)
        with pytest.raises(DomainError, match="Only a reviewer can retry a render"):
            studio.retry_render(session, letter, session.get(User, writer.id))
