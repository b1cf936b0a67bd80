"""Webhooks go only to public addresses: refused at registration in every spelling of a
private one, and again at delivery after DNS resolution, connecting to the address checked;
redirects are not followed. Development and the tests allow loopback through one setting."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from api_steps import Receiver, business, order_body
from conftest import make_config
from flask import Flask

from letters_app.config import Config
from letters_app.domain import webhook_targets
from letters_app.domain.models import WebhookDelivery
from letters_app.web import create_app

REFUSED_HOSTS = [
    "169.254.169.254", "[::1]", "[fc00::1]", "[fd12:3456::1]", "10.1.2.3", "172.16.0.1",
    "172.31.255.254", "192.168.1.1", "0.0.0.0", "127.0.0.1", "127.8.9.10", "[::]",
    "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]",
    "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "017700000001", "127.1",
    "0", "224.0.0.1", "[ff02::1]", "240.0.0.1", "255.255.255.255", "100.64.0.1",
    "[fe80::1]", "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::]", "192.0.2.10", "localhost",
    "metadata.google.internal", "printer.local",
]


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_private_targets_are_refused_in_every_spelling(host: str) -> None:
    with pytest.raises(webhook_targets.RefusedTarget):
        webhook_targets.checked_addresses(f"http://{host}:8080/hook", allow_private=False)


@pytest.mark.parametrize("url", ["http://localhost./hook", "http://LocalHost../hook",
                                 "http://metadata.google.internal./x", "http://exa mple.com/",
                                 "http://example.com/\x00hook", "https://example.com/a\tb"])
def test_registration_refuses_private_names_fully_qualified_and_urls_with_spaces(
        url: str) -> None:
    """Registration does not suppress these as names that do not resolve yet."""
    with pytest.raises(webhook_targets.RefusedTarget):
        webhook_targets.check_registration(url, allow_private=False)


@pytest.mark.parametrize("host", ["93.184.215.14", "[2606:4700:4700::1111]", "8.8.8.8"])
def test_public_addresses_pass(host: str) -> None:
    assert webhook_targets.checked_addresses(f"https://{host}/hook", allow_private=False)


def test_production_refuses_private_targets_and_development_allows_them() -> None:
    production = Config.from_env({
        "LETTERS_ENV": "production", "SECRET_KEY": "k", "DATABASE_URL": "postgresql://x/y",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0", "RATELIMIT_STORAGE_URL": "memory://"})
    assert production.webhook_allow_private is False
    assert Config.from_env({"SECRET_KEY": "k"}).webhook_allow_private is True


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(fail_first=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def strict_app(tmp_path: Path, database_url: str) -> Iterator[Flask]:
    """The app as production runs it: only public webhook targets."""
    app = create_app(make_config(tmp_path, database_url, WEBHOOK_ALLOW_PRIVATE="false"))
    app.config["TESTING"] = True
    yield app
    app.extensions["letters"].db.dispose()


def test_registration_refuses_loopback_when_private_is_not_allowed(
        strict_app: Flask, receiver: Receiver) -> None:
    client, headers = strict_app.test_client(), business(strict_app)
    for url in (receiver.url, "http://2130706433/hook", "http://[::ffff:7f00:1]/x",
                "http://169.254.169.254/latest/meta-data/"):
        refused = client.post("/api/v1/webhooks", json={"url": url}, headers=headers)
        assert refused.status_code == 422, url
        assert "public internet address" in refused.get_json()["error"]
    assert client.get("/api/v1/webhooks", headers=headers).get_json()["items"] == []


def _resolving(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
    """A resolver for *.example.test that answers with each of `answers` in turn (the last
    one for ever after): what a rebinding attacker's DNS server does."""
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        if not str(host).endswith(".example.test"):
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        address = answers.pop(0) if len(answers) > 1 else answers[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(str(port))))]

    monkeypatch.setattr(webhook_targets.socket, "getaddrinfo", getaddrinfo)


def _first_tried(app: Flask) -> WebhookDelivery:
    """The delivery that was tried last (those after it wait behind it, untried)."""
    with app.extensions["letters"].db.session() as session:
        return session.scalars(sa.select(WebhookDelivery).where(WebhookDelivery.attempts > 0)
                               .order_by(WebhookDelivery.id.desc())).first()


def test_a_name_that_rebinds_to_loopback_is_refused_at_delivery(
        strict_app: Flask, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    _resolving(monkeypatch, ["93.184.215.14", "127.0.0.1"])
    client, headers = strict_app.test_client(), business(strict_app)
    url = f"http://hooks.example.test:{receiver.server_port}/hook"
    assert client.post("/api/v1/webhooks", json={"url": url}, headers=headers).status_code == 201
    assert client.post("/api/v1/orders", json=order_body(), headers=headers).status_code == 201
    delivery = _first_tried(strict_app)
    assert delivery.state == "pending" and delivery.attempts == 1
    assert "127.0.0.1 is a loopback address" in delivery.last_error
    assert receiver.tries == 0


def test_delivery_connects_to_the_checked_address_and_follows_no_redirect(
        app: Flask, receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    # The name resolves only through this resolver, so the POST can reach the receiver only
    # by connecting to the address the check saw; the Host header still names the host.
    _resolving(monkeypatch, ["127.0.0.1"])
    client, headers = app.test_client(), business(app)
    url = f"http://hooks.example.test:{receiver.server_port}/hook"
    client.post("/api/v1/webhooks", json={"url": url}, headers=headers)
    client.post("/api/v1/orders", json=order_body(), headers=headers)
    assert receiver.tries >= 1 and len(receiver.received) == receiver.tries
    sent_headers, _ = receiver.received[0]
    assert sent_headers["Host"] == f"hooks.example.test:{receiver.server_port}"

    target = Receiver(fail_first=0)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    try:
        receiver.redirect_to = target.url
        client.post("/api/v1/orders", json=order_body(), headers=headers)
        delivery = _first_tried(app)
        assert delivery.last_status_code == 302 and delivery.state == "pending"
        assert "redirects are not followed" in delivery.last_error
        assert target.tries == 0
    finally:
        target.shutdown()
        target.server_close()
