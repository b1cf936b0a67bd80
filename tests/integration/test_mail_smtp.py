"""Emails leave through a real SMTP server (aiosmtpd on a loopback port)."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from conftest import make_config, signup
from letter_steps import letter_id_from, place_order


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    with socket.socket() as sock:  # aiosmtpd 1.4 cannot take port 0
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def test_the_proof_notice_is_sent_over_smtp(tmp_path: Path, sqlite_url: str,
                                            smtp: tuple[int, Inbox]) -> None:
    from conftest import _empty

    from letters_app.web import create_app

    port, inbox = smtp
    app = create_app(make_config(tmp_path, sqlite_url, MAIL_URL=f"smtp://127.0.0.1:{port}",
                                 SITE_URL="https://letters.example/",
                                 MAIL_FROM="Letters <hello@letters.example>"))
    try:
        client = app.test_client()
        signup(client, email="ana@example.com", name="Ana Lima")
        letter_id = letter_id_from(place_order(client))
        confirmation, message = inbox.messages
        assert confirmation["Subject"] == "Confirm your email to finish signing up"
        assert "https://letters.example/signup/confirm/" in confirmation.get_content()
        assert message["From"] == "Letters <hello@letters.example>"
        assert message["To"] == "ana@example.com"
        assert f"https://letters.example/letters/{letter_id}" in message.get_content()
        assert not (tmp_path / "instance" / "mail").exists()
    finally:
        app.extensions["letters"].db.dispose()
        _empty(sqlite_url)
