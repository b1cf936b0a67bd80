"""Accounts as a person uses them: sign up, log in, log out, change password, roles."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import csrf_token, login, logout, post_form, signup
from flask import Flask
from flask.testing import FlaskClient

from letters_app.domain import accounts
from letters_app.domain.models import Role


def make_user(app: Flask, email: str, role: Role, password: str = "staff password 1") -> None:
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email=email, name=email.split("@")[0], password=password,
                             role=role)


def test_new_customer_signs_up_sees_empty_letters_and_logs_out(client: FlaskClient) -> None:
    signup(client)
    page = client.get("/letters")
    assert page.status_code == 200
    assert "You have no letters yet" in page.get_data(as_text=True)
    logout(client)
    assert client.get("/letters").status_code == 302  # back to the login page


def test_customer_logs_in_with_the_right_password(client: FlaskClient) -> None:
    signup(client, email="bo@example.com", password="a good long password")
    logout(client)
    response = login(client, "bo@example.com", "a good long password")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/letters")


def test_wrong_password_is_refused(client: FlaskClient) -> None:
    signup(client, email="bo@example.com", password="a good long password")
    logout(client)
    response = login(client, "bo@example.com", "not the password")
    assert response.status_code == 200
    assert "Email or password is wrong." in response.get_data(as_text=True)
    assert client.get("/letters").status_code == 302


def test_signup_with_a_taken_email_changes_nothing_and_logs_nobody_in(
        client: FlaskClient) -> None:
    """The answer is the same as for a new address (tests/security/test_enumeration.py)."""
    signup(client, email="bo@example.com")
    logout(client)
    response = post_form(client, "/signup", {"name": "Other", "email": "BO@example.com",
                                             "password": "another password",
                                             "confirm": "another password"})
    assert response.status_code == 302
    assert client.get("/letters").status_code == 302  # nobody logged in
    assert login(client, "bo@example.com", "another password").status_code == 200  # refused


def test_form_without_csrf_token_gets_400(client: FlaskClient) -> None:
    response = client.post("/login", data={"email": "x@example.com", "password": "whatever"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_sixth_rapid_failed_login_gets_429(client: FlaskClient) -> None:
    token = csrf_token(client, "/login")
    codes = [client.post("/login", data={"email": "x@example.com", "password": "wrong-wrong",
                                         "csrf_token": token}).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_customer_is_refused_the_staff_area(client: FlaskClient) -> None:
    signup(client)
    assert client.get("/staff/").status_code == 403


def test_writer_opens_the_staff_area_and_not_the_customer_area(
        app: Flask, client: FlaskClient) -> None:
    make_user(app, "writer@example.com", Role.WRITER)
    assert login(client, "writer@example.com", "staff password 1").status_code == 302
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "Studio" in page.get_data(as_text=True)
    assert client.get("/letters").status_code == 403


def test_anonymous_visitor_is_sent_to_login(client: FlaskClient) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_password_change_takes_effect(client: FlaskClient) -> None:
    signup(client, email="cy@example.com", password="first password 1")
    response = post_form(client, "/account", {"current_password": "first password 1",
                                              "new_password": "second password 2",
                                              "confirm": "second password 2"})
    assert response.status_code == 302
    logout(client)
    assert "wrong" in login(client, "cy@example.com", "first password 1").get_data(as_text=True)
    assert login(client, "cy@example.com", "second password 2").status_code == 302


def test_password_change_needs_the_current_password(client: FlaskClient) -> None:
    signup(client, email="cy@example.com", password="first password 1")
    response = post_form(client, "/account", {"current_password": "not it at all",
                                              "new_password": "second password 2",
                                              "confirm": "second password 2"})
    assert response.status_code == 200
    assert "Wrong password." in response.get_data(as_text=True)


@pytest.mark.parametrize("target", [
    "//evil.example/", "/%09/evil.example/", "/%0a/evil.example", "/%0d%0aSet-Cookie:x=1",
    "/\\evil.example", "https://evil.example/", "/ /evil.example"])
def test_login_does_not_redirect_off_site(client: FlaskClient, target: str) -> None:
    signup(client, email="dee@example.com", password="a good long password")
    logout(client)
    token = csrf_token(client, "/login")
    response = client.post(f"/login?next={target}", data={
        "email": "dee@example.com", "password": "a good long password", "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/letters"


def test_login_returns_to_a_local_page(client: FlaskClient) -> None:
    signup(client, email="dee@example.com", password="a good long password")
    logout(client)
    token = csrf_token(client, "/login")
    response = client.post("/login?next=/letters/new", data={
        "email": "dee@example.com", "password": "a good long password", "csrf_token": token})
    assert response.headers["Location"] == "/letters/new"


def test_successful_logins_do_not_use_up_the_limit(app: Flask, client: FlaskClient) -> None:
    for n in range(7):  # the demo: logging in as each role in turn
        make_user(app, f"staff{n}@example.com", Role.WRITER)
        assert login(client, f"staff{n}@example.com", "staff password 1").status_code == 302
        logout(client)


def test_session_cookie_is_httponly_and_samesite(client: FlaskClient) -> None:
    token = csrf_token(client, "/signup")
    response = client.post("/signup", data={"name": "E", "email": "e@example.com",
                                            "password": "long enough pw", "confirm":
                                            "long enough pw", "csrf_token": token})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_without_secret_key_exits_with_one_line_naming_it(tmp_path) -> None:
    env = {"LETTERS_ENV": "production", "INSTANCE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "letters_app.cli", "db", "upgrade"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Error: SECRET_KEY must be set when LETTERS_ENV=production"]


@pytest.mark.parametrize("missing", ["DATABASE_URL", "CELERY_BROKER_URL",
                                     "RATELIMIT_STORAGE_URL"])
def test_production_refuses_the_embedded_defaults(tmp_path, missing: str) -> None:
    from letters_app.config import Config, ConfigError

    env = {"LETTERS_ENV": "production", "SECRET_KEY": "s" * 32, "INSTANCE_DIR": str(tmp_path),
           "DATABASE_URL": "postgresql+psycopg://db/letters", "CELERY_BROKER_URL": "redis://r",
           "RATELIMIT_STORAGE_URL": "redis://r/1"}
    del env[missing]
    with pytest.raises(ConfigError, match=f"^{missing} must be set when LETTERS_ENV=production$"):
        Config.from_env(env)


def test_behind_a_trusted_proxy_the_client_address_comes_from_the_proxy(tmp_path) -> None:
    from conftest import make_config

    from letters_app.web import create_app

    app = create_app(make_config(tmp_path, f"sqlite:///{tmp_path / 'p.db'}",
                                 TRUSTED_PROXY_HOPS="1"))
    seen = []

    @app.get("/_addr")
    def addr() -> str:
        from flask import request

        seen.append((request.remote_addr, request.scheme))
        return "ok"

    app.test_client().get("/_addr", headers={"X-Forwarded-For": "203.0.113.9",
                                             "X-Forwarded-Proto": "https"})
    assert seen == [("203.0.113.9", "https")]


def test_a_misspelt_login_limit_is_refused_not_ignored(tmp_path) -> None:
    from letters_app.config import Config, ConfigError

    with pytest.raises(ConfigError, match="LOGIN_RATE_LIMIT is not a rate limit"):
        Config.from_env({"SECRET_KEY": "s", "INSTANCE_DIR": str(tmp_path),
                         "LOGIN_RATE_LIMIT": "five a minute"})
