"""Nothing tells an outsider who has an account or which letters exist: sign-up answers the
same for a taken address (its owner gets an email instead), and staff or print-shop actions
on a letter the asker may not open answer exactly like a letter that does not exist."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import csrf_token, login, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from letters_app.domain import accounts
from letters_app.domain.models import User
from letters_app.domain.status import Status
from security.world import World

pytestmark = pytest.mark.security

PASSWORD = "correct horse battery"


def _mails(app: Flask, to: str) -> list[EmailMessage]:
    folder = Path(app.extensions["letters"].config.instance_dir) / "mail"
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)]
    return [m for m in messages if m["To"] == to]


def _answer(client: FlaskClient, address: str, password: str) -> tuple[int, str, str]:
    response = post_form(client, "/signup", {"name": "Someone", "email": address,
                                             "password": password, "confirm": password})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    page = re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", page)
    return response.status_code, response.headers["Location"], page.replace(address, "ADDR")


def test_signup_answers_the_same_for_a_taken_address_and_tells_its_owner(
        app: Flask, client: FlaskClient) -> None:
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email="taken@example.com", name="Owner",
                             password="the owners password")
    taken = _answer(app.test_client(), "taken@example.com", PASSWORD)
    new = _answer(app.test_client(), "new@example.com", PASSWORD)
    assert taken == new
    assert "we sent a link to ADDR" in new[2]

    [notice] = _mails(app, "taken@example.com")
    assert notice["Subject"] == "You already have an account with us"
    assert "/forgot" in notice.get_body(("plain",)).get_content()
    [confirmation] = _mails(app, "new@example.com")
    text = confirmation.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+(/signup/confirm/\S+)", text).group(1)

    # Until the link is followed, the chosen password opens nothing, with the answer a wrong
    # password gets: a login cannot tell a new address from a taken one either.
    for address in ("taken@example.com", "new@example.com"):
        response = login(app.test_client(), address, PASSWORD)
        assert response.status_code == 200
        assert "Email or password is wrong." in response.get_data(as_text=True)
    with app.extensions["letters"].db.session() as session:
        owner = session.scalar(select(User).where(User.email == "taken@example.com"))
        assert accounts.password_matches(owner, "the owners password"), "owner's account changed"

    visitor = app.test_client()
    assert visitor.get(link).headers["Location"].endswith("/letters")
    assert visitor.get("/letters").status_code == 200
    assert visitor.get(link).headers["Location"].endswith("/login"), "a link works once"
    assert login(app.test_client(), "new@example.com", PASSWORD).status_code == 302


def test_an_unconfirmed_signup_cannot_be_squatted(app: Flask) -> None:
    """Someone signs up first with another person's address: the owner's own sign-up, once
    confirmed from their mailbox, carries the owner's password, not the squatter's."""
    _answer(app.test_client(), "ana@example.com", "the squatters password")
    owner = app.test_client()
    signup(owner, email="ana@example.com", password=PASSWORD)
    assert owner.get("/letters").status_code == 200
    assert login(app.test_client(), "ana@example.com", "the squatters password") \
        .status_code == 200


def test_a_forged_or_foreign_confirmation_link_opens_nothing(app: Flask) -> None:
    _answer(app.test_client(), "ana@example.com", PASSWORD)
    with app.extensions["letters"].db.session() as session:
        user = accounts.find_user_by_email(session, "ana@example.com")
        reset_token = accounts.password_reset_token(user, "test-secret-key")
        other_key = accounts.signup_token(user, "another secret key")
    for token in (reset_token, other_key, "x", "eyJpZCI6MX0.forged.sig"):
        visitor = app.test_client()
        assert visitor.get(f"/signup/confirm/{token}").headers["Location"].endswith("/login")
        assert visitor.get("/letters").status_code == 302


def _staff_answers(world: World, role: str, letter_no: int) -> dict[str, tuple[int, str]]:
    client = world.client(role)
    answers = {}
    for action in ("", "/claim", "/release", "/draft", "/send-back", "/cancel"):
        url = f"/staff/letters/{letter_no}{action}"
        response = (client.get(url) if not action else
                    client.post(url, data={"csrf_token": csrf_token(client, "/staff/")}))
        page = re.sub(r'name="csrf_token" value="[^"]+"', "", response.get_data(as_text=True))
        answers[action or "open"] = (response.status_code, page)
    return answers


def test_a_writer_learns_nothing_of_a_letter_they_may_not_open(sqlite_world: World) -> None:
    world = sqlite_world
    for status in (Status.DRAFTING, Status.IN_REVIEW, Status.READY_TO_PRINT, Status.SHIPPED):
        held = world.letter(status, writer="writer_a")["letter"]
        missing = held + 100_000
        assert _staff_answers(world, "writer_b", held) == \
            _staff_answers(world, "writer_b", missing), status


def test_a_print_shop_learns_nothing_of_letters_outside_its_batches(sqlite_world: World) -> None:
    world = sqlite_world
    client = world.client("shop")
    for status in (Status.DRAFTING, Status.AWAITING_APPROVAL, Status.SHIPPED):
        letter = world.letter(status, approved=True)["letter"]
        for suffix, body in (("/printed", None), ("/shipped", {"tracking_number": "1Z"}),
                             ("/files/letter_pdf", None)):
            method = "GET" if suffix.startswith("/files") else "POST"
            real = client.open(f"/api/v1/print/letters/{letter}{suffix}", method=method,
                               json=body, headers=world.api_headers)
            fake = client.open(f"/api/v1/print/letters/{letter + 100_000}{suffix}",
                               method=method, json=body, headers=world.api_headers)
            assert (real.status_code, real.get_json()) == (fake.status_code, fake.get_json())
