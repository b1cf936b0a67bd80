"""Headers on every kind of response, HSTS in production only, no secret in any log line of a
whole flow, and password hashes at or above OWASP's Argon2id minimum."""

from __future__ import annotations

import logging
import re
import urllib.request
from pathlib import Path

import pytest
from conftest import LiveServer, _empty, make_config, post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from letters_app.config import Config
from letters_app.domain import accounts
from letters_app.domain.models import Role, User

pytestmark = pytest.mark.security

CSP_DIRECTIVES = ("frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'",
                  "object-src 'none'", "default-src 'self'", "script-src 'self'")


def _assert_headers(response, what: str) -> None:  # type: ignore[no-untyped-def]
    csp = response.headers.get("Content-Security-Policy", "")
    missing = [d for d in CSP_DIRECTIVES if d not in csp]
    assert not missing, f"{what}: CSP lacks {missing}"
    assert response.headers["X-Content-Type-Options"] == "nosniff", what
    assert response.headers["X-Frame-Options"] == "DENY", what


def test_every_kind_of_response_carries_the_security_headers(app: Flask,
                                                             client: FlaskClient) -> None:
    answers = {
        "page": client.get("/login"),
        "static file": client.get("/static/style.css"),
        "png": client.get("/hands/caveat.png"),
        "404 page": client.get("/letters/2147483648"),
        "405": client.get("/logout"),
        "400 CSRF": client.post("/login", data={}),
        "redirect": client.get("/letters"),
        "API 401": client.get("/api/v1/whoami"),
        "API 400": client.post("/api/v1/print/batches", data=b"[[",
                               content_type="application/json"),
    }
    signup(client)
    answers["logged-in page"] = client.get("/letters")
    for what, response in answers.items():
        _assert_headers(response, what)
        assert "Strict-Transport-Security" not in response.headers, "HSTS outside production"


@pytest.mark.redis
def test_production_adds_hsts(tmp_path: Path, database_url: str, redis_url: str) -> None:
    from letters_app.web import create_app

    app = create_app(Config.from_env({
        "LETTERS_ENV": "production", "SECRET_KEY": "prod-secret", "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url, "RATELIMIT_STORAGE_URL": redis_url,
        "INSTANCE_DIR": str(tmp_path / "instance")}))
    try:
        for response in (app.test_client().get("/login"),
                         app.test_client().get("/api/v1/whoami")):
            hsts = response.headers.get("Strict-Transport-Security", "")
            assert re.fullmatch(r"max-age=(\d+); includeSubDomains", hsts)
            assert int(hsts.split("=")[1].split(";")[0]) >= 15_552_000  # 180 days at least
            _assert_headers(response, "production")
    finally:
        app.extensions["letters"].db.dispose()


def test_a_whole_flow_logs_no_secret_reset_token_or_api_token(
        tmp_path: Path, sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """Over real HTTP (the server writes a line per request): sign up, ask for a reset,
    follow the emailed link, set a password, use an API token."""
    from letters_app.web import create_app

    config = make_config(tmp_path, sqlite_url)
    app = create_app(config)
    server = LiveServer(app)
    caplog.set_level(logging.DEBUG)
    try:
        with app.extensions["letters"].db.session() as session:
            accounts.create_user(session, email="ana@example.com", name="Ana",
                                 password="correct horse battery")
            shop = accounts.create_user(session, email="shop@example.com", name="Shop",
                                        password="print shop pw 1", role=Role.PRINTSHOP)
            api_token = accounts.issue_token(session, shop, name="t",
                                             scopes={"print:read"}).secret
        client = app.test_client()
        assert post_form(client, "/forgot", {"email": "ana@example.com"}).status_code == 302
        [mail] = (config.instance_dir / "mail").glob("*.eml")
        link = re.search(r"(/reset/\S+)", mail.read_text()).group(1)
        reset_token = link.removeprefix("/reset/")
        with urllib.request.urlopen(server.url + link) as response:
            assert response.status == 200
        for path in ("/api/v1/whoami", f"/api/v1/whoami?token={api_token}"):
            request = urllib.request.Request(server.url + path,
                                             headers={"Authorization": f"Bearer {api_token}"})
            with urllib.request.urlopen(request) as response:
                assert response.status == 200
        with app.extensions["letters"].db.session() as session:
            user = accounts.find_user_by_email(session, "ana@example.com")
            accounts.set_password(user, "another fine password")
    finally:
        server.stop()
        app.extensions["letters"].db.dispose()
        _empty(sqlite_url)
    logged = caplog.text
    assert "GET /reset/" in logged, "the flow's request lines were not captured"
    for name, secret in {"reset token": reset_token, "API token": api_token,
                         "secret key": config.secret_key}.items():
        assert secret not in logged, f"the {name} is in a log line"
        assert secret[:16] not in logged, f"part of the {name} is in a log line"


OWASP_ARGON2ID = ((47_104, 1), (19_456, 2), (12_288, 3), (9_216, 4), (7_168, 5))  # (KiB, t)


def test_stored_password_hashes_meet_owasps_argon2id_minimum(app: Flask,
                                                             client: FlaskClient) -> None:
    signup(client, email="ana@example.com")
    with app.extensions["letters"].db.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.email == "ana@example.com"))
    match = re.fullmatch(r"\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+", stored)
    assert match, f"not an argon2id hash: {stored[:30]}"
    memory, time_cost, parallelism = map(int, match.groups())
    assert parallelism >= 1
    assert any(memory >= m and time_cost >= t for m, t in OWASP_ARGON2ID), (memory, time_cost)
