"""Rate limits as an attacker meets them: a 429 with Retry-After for guessing the current
password, signing up in bulk, mail-bombing one address through password reset, and hammering
the API with one token; counted on the limiter's shared store (Redis in production)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import csrf_token, make_config, post_form, signup
from flask import Flask

from letters_app.domain import accounts
from letters_app.domain.models import Role

pytestmark = pytest.mark.security

EMAIL, PASSWORD = "ana@example.com", "correct horse battery"


def _app(tmp_path: Path, database_url: str, **limits: str) -> Flask:
    from letters_app.web import create_app

    app = create_app(make_config(tmp_path, database_url, **limits))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def limited(tmp_path: Path, database_url: str) -> Iterator[Flask]:
    app = _app(tmp_path, database_url, LOGIN_RATE_LIMIT="3 per minute",
               SIGNUP_RATE_LIMIT="2 per minute", RESET_RATE_LIMIT="2 per hour",
               API_RATE_LIMIT="3 per minute")
    yield app
    app.extensions["letters"].db.dispose()


def _assert_limited(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429, response.status_code
    assert int(response.headers["Retry-After"]) > 0


def test_guessing_the_current_password_on_the_account_page_is_limited_per_account(
        limited: Flask) -> None:
    client = limited.test_client()
    signup(client, email=EMAIL, password=PASSWORD)
    wrong = {"current_password": "a guess at it", "new_password": "new password 1",
             "confirm": "new password 1"}
    codes = [post_form(client, "/account", wrong).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    _assert_limited(post_form(client, "/account", wrong))
    # Counted per account: someone else behind the same address is not held back.
    neighbour = limited.test_client()
    signup(neighbour, email="bo@example.com", password=PASSWORD)
    assert post_form(neighbour, "/account", wrong).status_code == 200


def test_signing_up_in_bulk_is_limited(limited: Flask) -> None:
    for number in range(2):
        signup(limited.test_client(), email=f"bulk{number}@example.com", password=PASSWORD)
    client = limited.test_client()
    _assert_limited(post_form(client, "/signup", {
        "name": "Bulk", "email": "bulk2@example.com", "password": PASSWORD,
        "confirm": PASSWORD}))


def test_password_reset_is_limited_per_address_whatever_the_client_address(
        limited: Flask) -> None:
    with limited.extensions["letters"].db.session() as session:
        accounts.create_user(session, email=EMAIL, name="Ana", password=PASSWORD)
    answers = []
    for number in range(3):
        client = limited.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 1}"
        answers.append(post_form(client, "/forgot", {"email": EMAIL.upper()}))
    assert [r.status_code for r in answers[:2]] == [302, 302]
    _assert_limited(answers[2])
    other = limited.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert post_form(other, "/forgot", {"email": "someone@example.com"}).status_code == 302


def _shop_token(app: Flask, email: str) -> dict[str, str]:
    with app.extensions["letters"].db.session() as session:
        shop = accounts.create_user(session, email=email, name="Shop", password=PASSWORD,
                                    role=Role.PRINTSHOP)
        secret = accounts.issue_token(session, shop, name="t", scopes={"print:read"}).secret
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.redis
def test_api_requests_are_limited_per_token_on_the_shared_store(
        tmp_path: Path, database_url: str, redis_url: str) -> None:
    """Two web processes (two apps) on one Redis count one token's requests together."""
    first = _app(tmp_path / "one", database_url, API_RATE_LIMIT="3 per minute",
                 RATELIMIT_STORAGE_URL=redis_url)
    second = _app(tmp_path / "two", database_url, API_RATE_LIMIT="3 per minute",
                  RATELIMIT_STORAGE_URL=redis_url)
    try:
        token = _shop_token(first, f"shop-{secrets.token_hex(4)}@example.com")
        other = _shop_token(first, f"shop-{secrets.token_hex(4)}@example.com")
        codes = [first.test_client().get("/api/v1/whoami", headers=token).status_code,
                 second.test_client().get("/api/v1/whoami", headers=token).status_code,
                 first.test_client().get("/api/v1/whoami", headers=token).status_code]
        assert codes == [200, 200, 200]
        limited = second.test_client().get("/api/v1/whoami", headers=token)
        _assert_limited(limited)
        assert limited.is_json
        assert second.test_client().get("/api/v1/whoami", headers=other).status_code == 200
    finally:
        first.extensions["letters"].db.dispose()
        second.extensions["letters"].db.dispose()


def test_login_form_token_is_not_spent_by_a_limited_request(limited: Flask) -> None:
    """A 429 is an answer, not a crash: the login page still works for someone else."""
    client = limited.test_client()
    token = csrf_token(client, "/login")
    for _ in range(3):
        client.post("/login", data={"email": "x@example.com", "password": "guess guess",
                                    "csrf_token": token})
    _assert_limited(client.post("/login", data={"email": "x@example.com",
                                                "password": "guess guess",
                                                "csrf_token": token}))
    fresh = limited.test_client()
    fresh.environ_base["REMOTE_ADDR"] = "10.1.1.1"
    assert fresh.get("/login").status_code == 200
