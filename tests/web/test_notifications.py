"""Customers hear by email when there is something to read, download or expect."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
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
    confirmation, proof = _mails(app)
    assert confirmation["Subject"] == "We have your order: a letter to Catherine Klausen"
    assert proof["To"] == "ana@example.com"
    assert proof["Subject"] == "Your letter to Catherine Klausen is ready for you to read"
    body = proof.get_body(("plain",)).get_content()
    assert body.startswith("Dear Ana Lima,")
    assert f"http://127.0.0.1:5000/letters/{letter_id}" in body

    post_action(client, letter_id, "approve")
    subjects = [m["Subject"] for m in _mails(app)]
    assert subjects[2:] == ["Your letter to Catherine Klausen is penned"]


def test_a_customer_who_cancels_is_sent_a_confirmation(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "cancel")
    mails = _mails(app)
    assert [m["Subject"] for m in mails] == [
        "We have your order: a letter to Catherine Klausen",
        "Your letter to Catherine Klausen is ready for you to read",
        "You cancelled your letter to Catherine Klausen"]
    assert "nothing will be invoiced" in mails[-1].get_body(("plain",)).get_content()


def test_a_notice_delivered_twice_is_emailed_once(app: Flask, client: FlaskClient) -> None:
    from letters_app.jobs import Job
    from letters_app.jobs.handlers import run

    signup(client)
    letter_id = letter_id_from(place_order(client))
    with app.extensions["letters"].db.session() as session:
        event_id = session.scalar(select(AuditEvent.id).where(
            AuditEvent.letter_id == letter_id, AuditEvent.to_status == "awaiting_approval"))
    run(app.extensions["letters"], Job.NOTIFY_CUSTOMER, {"event_id": event_id})
    assert len(_mails(app)) == 2  # the order confirmation and the proof, once each


def test_names_cannot_break_the_email_headers(app: Flask, client: FlaskClient) -> None:
    signup(client)
    place_order(client, recipient_name="Cat\r\nBcc: everyone@example.com")
    confirmation, mail = _mails(app)
    assert mail["Bcc"] is None and confirmation["Bcc"] is None
    assert mail["Subject"] == ("Your letter to Cat Bcc: everyone@example.com is ready for you "
                               "to read")


def test_the_order_is_confirmed_by_email_with_what_was_ordered(app: Flask,
                                                               client: FlaskClient) -> None:
    signup(client, name="Ana Lima")
    letter_id = letter_id_from(place_order(client))
    confirmation = _mails(app)[0]
    text = confirmation.get_body(("plain",)).get_content()
    assert text.startswith("Dear Ana Lima,")
    assert "We are writing your anniversary letter to Catherine Klausen now" in text
    assert "Price: $37.00, to be invoiced." in text  # priority: deliver by in 10 days
    assert f"http://127.0.0.1:5000/letters/{letter_id}" in text


def test_every_email_is_html_with_a_plain_text_alternative_a_date_and_an_id(
        app: Flask, client: FlaskClient) -> None:
    signup(client, name="Ana <b>Lima</b>")
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "cancel")
    mails = _mails(app)
    assert len(mails) == 3
    ids = set()
    for message in mails:
        assert message.get_content_type() == "multipart/alternative"
        assert parsedate_to_datetime(message["Date"]).tzinfo is not None
        ids.add(message["Message-ID"])
        text = message.get_body(("plain",)).get_content()
        page = message.get_body(("html",)).get_content()
        assert "Dear Ana <b>Lima</b>," in text
        assert "Dear Ana &lt;b&gt;Lima&lt;/b&gt;," in page  # customer text is escaped
        link = f"http://127.0.0.1:5000/letters/{letter_id}"
        assert f'<a href="{link}">{link}</a>' in page
    assert len(ids) == 3


def test_links_point_at_the_server_actually_running_in_development() -> None:
    from letters_app.cli.manage import served_config

    assert served_config("127.0.0.1", 5101, {"SECRET_KEY": "k"}).site_url == \
        "http://127.0.0.1:5101"
    assert served_config("0.0.0.0", 8080, {"SECRET_KEY": "k"}).site_url == \
        "http://127.0.0.1:8080"
    assert served_config("127.0.0.1", 5101, {"SECRET_KEY": "k",
                                              "SITE_URL": "https://letters.example"}
                         ).site_url == "https://letters.example"
