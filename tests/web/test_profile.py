"""Changing the account's name, and its email: the new address is used only after its owner
opens the link sent to it, and only with the current password."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from conftest import login, logout, post_form, signup
from flask import Flask
from flask.testing import FlaskClient

PASSWORD = "correct horse battery"


def _links(app: Flask, to: str) -> list[str]:
    folder = Path(app.extensions["letters"].config.instance_dir) / "mail"
    links = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == to:
            text = message.get_body(("plain",)).get_content()
            links += re.findall(r"http://127\.0\.0\.1:5000(/account/email/\S+)", text)
    return links


def test_the_name_changes_at_once(client: FlaskClient) -> None:
    signup(client, name="Ana Lima")
    response = post_form(client, "/account/profile", {"name": "Ana  Lima-Berg",
                                                      "email": "ana@example.com"})
    assert response.status_code == 302
    assert "Ana Lima-Berg" in client.get("/account").get_data(as_text=True)


def test_a_new_email_is_used_after_its_link_is_opened(app: Flask, client: FlaskClient) -> None:
    signup(client, email="ana@example.com", password=PASSWORD)
    response = post_form(client, "/account/profile", {
        "name": "Ana Lima", "email": "Ana.New@example.com", "current_password": PASSWORD})
    assert response.status_code == 302
    assert "ana@example.com" in client.get("/account").get_data(as_text=True)  # not yet
    [link] = _links(app, "ana.new@example.com")
    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "Your email is now ana.new@example.com." in page
    logout(client)
    assert login(client, "ana.new@example.com", PASSWORD).status_code == 302
    assert client.get(link, follow_redirects=True).status_code == 200
    assert "already been used" in client.get(link, follow_redirects=True).get_data(as_text=True)


def test_without_the_current_password_the_email_stays(app: Flask, client: FlaskClient) -> None:
    signup(client, email="ana@example.com", password=PASSWORD)
    page = post_form(client, "/account/profile", {
        "name": "Ana Lima", "email": "mallory@example.com", "current_password": "guess"})
    assert "That is not your current password." in page.get_data(as_text=True)
    assert _links(app, "mallory@example.com") == []


def test_a_forged_or_taken_address_link_changes_nothing(app: Flask, client: FlaskClient) -> None:
    signup(client, email="bo@example.com", name="Bo Berg")
    logout(client)
    signup(client, email="ana@example.com", password=PASSWORD)
    page = post_form(client, "/account/profile", {
        "name": "Ana Lima", "email": "bo@example.com", "current_password": PASSWORD},
        follow_redirects=True).get_data(as_text=True)
    assert "An account with that email already exists." in page
    forged = client.get("/account/email/not-a-token", follow_redirects=True)
    assert "expired or is not valid" in forged.get_data(as_text=True)
