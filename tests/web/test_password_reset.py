"""A customer who forgot their password gets a one-time, timed link by email."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from conftest import csrf_token, login, logout, post_form, signup
from flask import Flask
from flask.testing import FlaskClient

from letters_app.domain import accounts


def _reset_links(app: Flask) -> list[str]:
    folder = Path(app.extensions["letters"].config.instance_dir) / "mail"
    links = []
    for path in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["Subject"] == "Reset your password":
            text = message.get_body(("plain",)).get_content()
            links += re.findall(r"http://127\.0\.0\.1:5000(/reset/\S+)", text)
    return links


def _ask(client: FlaskClient, address: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/forgot", {"email": address}, follow_redirects=True)


def _choose(client: FlaskClient, link: str, password: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client, link)
    return client.post(link, data={"new_password": password, "confirm": password,
                                   "csrf_token": token}, follow_redirects=True)


def test_forgotten_password_is_reset_through_the_emailed_link(
        app: Flask, client: FlaskClient) -> None:
    signup(client, email="ana@example.com", password="the old password")
    logout(client)
    page = _ask(client, "ANA@example.com").get_data(as_text=True)
    assert "a link to choose a new password is on its way" in page
    [link] = _reset_links(app)
    page = _choose(client, link, "a brand new password").get_data(as_text=True)
    assert "Your new password is set." in page
    logout(client)
    assert "wrong" in login(client, "ana@example.com", "the old password").get_data(as_text=True)
    assert login(client, "ana@example.com", "a brand new password").status_code == 302


def test_a_reset_link_works_once(app: Flask, client: FlaskClient) -> None:
    signup(client, email="ana@example.com", password="the old password")
    logout(client)
    _ask(client, "ana@example.com")
    [link] = _reset_links(app)
    _choose(client, link, "a brand new password")
    logout(client)
    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "This reset link has already been used" in page


def test_an_unknown_email_gets_the_same_answer_and_no_mail(
        app: Flask, client: FlaskClient) -> None:
    page = _ask(client, "nobody@example.com").get_data(as_text=True)
    assert "a link to choose a new password is on its way" in page
    assert _reset_links(app) == []


def test_an_expired_or_forged_link_is_refused(app: Flask, client: FlaskClient) -> None:
    signup(client, email="ana@example.com", password="the old password")
    secret = app.extensions["letters"].config.secret_key
    with app.extensions["letters"].db.session() as session:
        user = accounts.find_user_by_email(session, "ana@example.com")
        token = accounts.password_reset_token(user, secret)
        import pytest

        from letters_app.domain.errors import InvalidInput

        with pytest.raises(InvalidInput, match="expired or is not valid"):
            accounts.user_for_reset_token(session, token, secret, max_age=-1)
        with pytest.raises(InvalidInput, match="expired or is not valid"):
            accounts.user_for_reset_token(session, token, "another secret")
    logout(client)
    page = client.get(f"/reset/{token}x", follow_redirects=True).get_data(as_text=True)
    assert "expired or is not valid" in page
