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


def test_failed_render_is_shown_to_staff_and_retried_by_a_reviewer(
        app: Flask, client: FlaskClient) -> None:
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email="rev@example.com", name="Rev",
                             password="reviewer pw 12", role=Role.REVIEWER)
    signup(client)
    letter_id = letter_id_from(place_order(client))
    _set_hand(app, letter_id, "a_hand_taken_out_of_service")  # the font went missing
    page = post_action(client, letter_id, "approve").get_data(as_text=True)
    assert "Delayed — we are on it" in page
    assert "Download the letter" not in page
    logout(client)

    login(client, "rev@example.com", "reviewer pw 12")
    staff_page = client.get(f"/staff/letters/{letter_id}").get_data(as_text=True)
    assert "The last render failed" in staff_page
    assert "a_hand_taken_out_of_service" in staff_page
    _set_hand(app, letter_id, "caveat")  # the font is back
    token = csrf_token(client, f"/staff/letters/{letter_id}")
    response = client.post(f"/staff/letters/{letter_id}/retry-render",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "Rendering again." in response.get_data(as_text=True)
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, letter_id).status == "ready_to_print"


def test_a_writer_cannot_retry_a_render(app: Flask, client: FlaskClient) -> None:
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email="w@example.com", name="W",
                             password="writer pw 1234", role=Role.WRITER)
    signup(client)
    letter_id = letter_id_from(place_order(client))
    _set_hand(app, letter_id, "gone")
    post_action(client, letter_id, "approve")
    logout(client)
    login(client, "w@example.com", "writer pw 1234")
    token = csrf_token(client, "/staff/")
    response = client.post(f"/staff/letters/{letter_id}/retry-render", data={"csrf_token": token})
    assert response.status_code == 404  # an approved letter is no writer's business
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, letter_id).status == "render_failed"


def test_a_reviewer_can_cancel_a_letter_that_cannot_render(
        app: Flask, client: FlaskClient) -> None:
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email="rev@example.com", name="Rev",
                             password="reviewer pw 12", role=Role.REVIEWER)
    signup(client)
    letter_id = letter_id_from(place_order(client))
    _set_hand(app, letter_id, "gone")
    post_action(client, letter_id, "approve")
    logout(client)
    login(client, "rev@example.com", "reviewer pw 12")
    token = csrf_token(client, f"/staff/letters/{letter_id}")
    page = client.post(f"/staff/letters/{letter_id}/cancel", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "The letter is cancelled." in page
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, letter_id).status == "cancelled"


def test_the_studio_refuses_a_writer_retrying_a_render_even_if_they_reach_it(
        app: Flask, client: FlaskClient) -> None:
    import pytest

    from letters_app.domain import studio
    from letters_app.domain.errors import DomainError
    from letters_app.domain.models import User

    signup(client)
    letter_id = letter_id_from(place_order(client))
    _set_hand(app, letter_id, "gone")
    post_action(client, letter_id, "approve")
    with app.extensions["letters"].db.session() as session:
        writer = accounts.create_user(session, email="w2@example.com", name="W",
                                      password="writer pw 1234", role=Role.WRITER)
        letter = session.get(Letter, letter_id)
        with pytest.raises(DomainError, match="Only a reviewer can retry a render"):
            studio.retry_render(session, letter, session.get(User, writer.id))
