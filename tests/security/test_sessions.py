"""Sessions end on the server: a copied cookie replayed after logout, a new password or a
closed account opens nothing; every login gets a new session id; the cookie carries nothing
derived from the password hash. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import login, logout, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from letters_app.domain import accounts
from letters_app.domain.models import LoginSession, User

pytestmark = pytest.mark.security

EMAIL, PASSWORD = "ana@example.com", "correct horse battery"


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def _replay(app: Flask, value: str) -> FlaskClient:
    """Another browser holding a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


def _session_data(app: Flask, value: str) -> dict:
    return app.session_interface.get_signing_serializer(app).loads(value)  # type: ignore[union-attr]


def _opens_my_letters(client: FlaskClient) -> bool:
    return client.get("/letters").status_code == 200


def test_cookie_replayed_after_logout_opens_nothing(app: Flask, client: FlaskClient) -> None:
    signup(client, email=EMAIL, password=PASSWORD)
    copied = _cookie(client)
    assert _opens_my_letters(_replay(app, copied))
    logout(client)
    assert not _opens_my_letters(client)
    assert not _opens_my_letters(_replay(app, copied))


def test_cookie_replayed_after_a_password_change_opens_nothing(app: Flask,
                                                               client: FlaskClient) -> None:
    signup(client, email=EMAIL, password=PASSWORD)
    other_browser = _replay(app, _cookie(client))
    response = post_form(client, "/account", {"current_password": PASSWORD,
                                              "new_password": "a brand new password",
                                              "confirm": "a brand new password"})
    assert response.status_code == 302
    assert _opens_my_letters(client), "the browser that changed it stays logged in"
    assert not _opens_my_letters(other_browser)


def test_cookie_replayed_after_a_password_reset_opens_nothing(app: Flask,
                                                              client: FlaskClient) -> None:
    signup(client, email=EMAIL, password=PASSWORD)
    copied = _cookie(client)
    with app.extensions["letters"].db.session() as session:
        accounts.set_password(accounts.find_user_by_email(session, EMAIL), "reset to this one")
    assert not _opens_my_letters(_replay(app, copied))


def test_cookie_replayed_after_the_account_is_closed_opens_nothing(app: Flask,
                                                                   client: FlaskClient) -> None:
    signup(client, email=EMAIL, password=PASSWORD)
    copied = _cookie(client)
    with app.extensions["letters"].db.session() as session:
        accounts.deactivate(accounts.find_user_by_email(session, EMAIL))
    assert not _opens_my_letters(_replay(app, copied))
    assert login(app.test_client(), EMAIL, PASSWORD).status_code == 200  # refused


def test_each_login_gets_a_new_session_id_and_nothing_from_before_survives(
        app: Flask, client: FlaskClient) -> None:
    signup(client, email=EMAIL, password=PASSWORD)
    logout(client)
    client.get("/login")
    before = _session_data(app, _cookie(client))
    ids = []
    for _ in range(2):
        assert login(client, EMAIL, PASSWORD).status_code == 302
        data = _session_data(app, _cookie(client))
        ids.append(data["_user_id"])
        assert data.get("csrf_token") != before.get("csrf_token"), "pre-login state kept"
    assert ids[0] != ids[1]
    first_login = _replay(app, _cookie(client))
    assert _opens_my_letters(first_login)


def test_the_cookie_carries_nothing_of_the_password_hash_and_the_table_no_secret(
        app: Flask, client: FlaskClient) -> None:
    signup(client, email=EMAIL, password=PASSWORD)
    session_id = _session_data(app, _cookie(client))["_user_id"]
    with app.extensions["letters"].db.session() as session:
        user = session.scalar(select(User).where(User.email == EMAIL))
        digest = user.password_hash.rsplit("$", 1)[-1]
        stored = session.scalars(select(LoginSession.token_hash)).all()
    pieces = {digest[i:i + 8] for i in range(len(digest) - 7)}
    assert not any(piece in session_id for piece in pieces)
    assert str(user.id) not in session_id.split(":")
    assert len(session_id) >= 40  # 256 random bits
    assert session_id not in stored  # only its hash is kept


def test_reset_link_carries_nothing_of_the_password_hash(app: Flask) -> None:
    import base64
    import json

    with app.extensions["letters"].db.session() as session:
        user = accounts.create_user(session, email=EMAIL, name="Ana", password=PASSWORD)
        token = accounts.password_reset_token(user, "test-secret-key")
        digest = user.password_hash.rsplit("$", 1)[-1]
    payload = token.split(".")[0]
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert not any(digest[i:i + 8] in data["stamp"] for i in range(len(digest) - 7))


def test_a_session_past_its_lifetime_opens_nothing(app: Flask, client: FlaskClient) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    signup(client, email=EMAIL, password=PASSWORD)
    assert _opens_my_letters(client)
    with app.extensions["letters"].db.session() as session:
        session.execute(update(LoginSession).values(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert not _opens_my_letters(client)
