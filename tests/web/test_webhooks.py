"""Webhooks: every status change of a business client's letters reaches its endpoint (a real
HTTP server on loopback) signed, in order, retried with backoff when the endpoint fails, and
a disabled endpoint hears nothing."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from api_steps import Receiver, business, order_body
from flask import Flask
from flask.testing import FlaskClient

from letters_app.domain import webhooks
from letters_app.domain.models import AuditEvent, WebhookDelivery
from letters_app.jobs import handlers


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(fail_first=2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def make_due(app: Flask) -> None:
    """Let time pass: every waiting retry is due now."""
    with app.extensions["letters"].db.session() as session:
        session.execute(sa.update(WebhookDelivery).where(WebhookDelivery.state == "pending")
                        .values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1)))
        session.commit()


def test_status_changes_arrive_signed_in_order_after_two_failed_tries(
        app: Flask, client: FlaskClient, receiver: Receiver) -> None:
    headers = business(app)
    made = client.post("/api/v1/webhooks", json={"url": receiver.url}, headers=headers)
    assert made.status_code == 201
    hook = made.get_json()
    secret = hook["secret"]
    assert "secret" not in client.get("/api/v1/webhooks", headers=headers).get_json()["items"][0]

    order = client.post("/api/v1/orders", json=order_body(), headers=headers).get_json()
    assert receiver.tries == 1 and receiver.received == []  # the first try failed
    log = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=headers).get_json()
    first = log["items"][-1]
    assert (first["state"], first["attempts"], first["last_status_code"]) == ("pending", 1, 500)
    assert first["next_attempt_at"] is not None
    assert all(item["attempts"] == 0 for item in log["items"][:-1])  # held back, in order

    services = app.extensions["letters"]
    assert handlers.retry_webhooks(services) == 0  # not due yet: the backoff holds
    make_due(app)
    assert handlers.retry_webhooks(services) == 0 and receiver.tries == 2  # fails again
    make_due(app)
    sent = handlers.retry_webhooks(services)
    assert sent >= 3 and receiver.tries == 2 + sent

    version = client.get(f"/api/v1/orders/{order['id']}", headers=headers).get_json()["version"]
    client.post(f"/api/v1/orders/{order['id']}/approve", json={"version": version},
                headers=headers)

    with services.db.session() as session:
        moves = [e.to_status for e in session.scalars(
            sa.select(AuditEvent).where(AuditEvent.letter_id == order["id"],
                                        AuditEvent.action == "status").order_by(AuditEvent.id))]
    payloads = []
    for sent_headers, body in receiver.received:
        assert webhooks.verify(secret, body, sent_headers["Letters-Signature"])
        assert not webhooks.verify("whsec_other", body, sent_headers["Letters-Signature"])
        payload = json.loads(body)
        assert payload["id"] == sent_headers["Letters-Event-Id"]
        payloads.append(payload)
    assert [p["data"]["to"] for p in payloads] == moves
    assert moves[-1] == "ready_to_print" and len({p["id"] for p in payloads}) == len(moves)
    assert all(p["data"]["order_id"] == order["id"] for p in payloads)
    log = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=headers).get_json()
    assert {item["state"] for item in log["items"]} == {"delivered"}
    assert log["items"][-1]["attempts"] == 3


def test_a_disabled_endpoint_stops_receiving(app: Flask, client: FlaskClient,
                                             receiver: Receiver) -> None:
    receiver.fail_first = 0
    headers = business(app)
    hook = client.post("/api/v1/webhooks", json={"url": receiver.url}, headers=headers).get_json()
    off = client.post(f"/api/v1/webhooks/{hook['id']}/disable", headers=headers)
    assert off.status_code == 200 and off.get_json()["enabled"] is False
    order = client.post("/api/v1/orders", json=order_body(), headers=headers).get_json()
    client.post(f"/api/v1/orders/{order['id']}/cancel", headers=headers)
    make_due(app)
    handlers.retry_webhooks(app.extensions["letters"])
    assert receiver.tries == 0
    rival = business(app, "rival@example.com")
    assert client.get(f"/api/v1/webhooks/{hook['id']}/deliveries",
                      headers=rival).status_code == 404


def test_backoff_doubles_up_to_a_cap() -> None:
    waits = [webhooks.backoff(n).total_seconds() for n in range(1, 10)]
    assert waits[:4] == [30, 60, 120, 240]
    assert max(waits) == 3600 and waits == sorted(waits)


def test_a_bad_url_is_refused(app: Flask, client: FlaskClient) -> None:
    for url in ("ftp://example.com/x", "not a url", "http://"):
        response = client.post("/api/v1/webhooks", json={"url": url}, headers=business(app))
        assert response.status_code == 422 and "url" in response.get_json()["fields"]
