"""Customers hear by email when there is something to read, download or expect."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from conftest import signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order, post_action
from sqlalchemy import select

from letters_app.domain.models import AuditEvent


def _mails(app: Flask) -> list[EmailMessage]:
    folder = Path(app.extensions["letters"].config.instance_dir) / "mail"
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in files]


def test_the_customer_is_told_when_the_proof_and_the_letter_are_ready(
        app: Flask, client: FlaskClient) -> None:
    signup(client, email="ana@example.com", name="Ana Lima")
    letter_id = letter_id_from(place_order(client))
    [proof] = _mails(app)
    assert proof["To"] == "ana@example.com"
    assert proof["Subject"] == "Your letter to Catherine Klausen is ready for you to read"
    body = proof.get_content()
    assert body.startswith("Dear Ana Lima,")
    assert f"http://127.0.0.1:5000/letters/{letter_id}" in body

    post_action(client, letter_id, "approve")
    subjects = [m["Subject"] for m in _mails(app)]
    assert subjects[1:] == ["Your letter to Catherine Klausen is penned"]


def test_a_customer_who_cancels_is_sent_a_confirmation(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "cancel")
    mails = _mails(app)
    assert [m["Subject"] for m in mails] == [
        "Your letter to Catherine Klausen is ready for you to read",
        "You cancelled your letter to Catherine Klausen"]
    assert "nothing will be invoiced" in mails[-1].get_content()


def test_a_notice_delivered_twice_is_emailed_once(app: Flask, client: FlaskClient) -> None:
    from letters_app.jobs import Job
    from letters_app.jobs.handlers import run

    signup(client)
    letter_id = letter_id_from(place_order(client))
    with app.extensions["letters"].db.session() as session:
        event_id = session.scalar(select(AuditEvent.id).where(
            AuditEvent.letter_id == letter_id, AuditEvent.to_status == "awaiting_approval"))
    run(app.extensions["letters"], Job.NOTIFY_CUSTOMER, {"event_id": event_id})
    assert len(_mails(app)) == 1


def test_names_cannot_break_the_email_headers(app: Flask, client: FlaskClient) -> None:
    signup(client)
    place_order(client, recipient_name="Cat\r\nBcc: everyone@example.com")
    [mail] = _mails(app)
    assert mail["Bcc"] is None
    assert mail["Subject"] == ("Your letter to Cat Bcc: everyone@example.com is ready for you "
                               "to read")
