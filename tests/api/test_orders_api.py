"""Business clients order through the API: the web form's rules, their own orders only,
401/403 for the wrong caller, and Idempotency-Key semantics (also under a real race)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from api_steps import business, order_body, token_for
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import order_data, place_order
from markupsafe import escape

from letters_app.domain.models import IdempotencyKey, Letter, Role


def letters_count(app: Flask) -> int:
    with app.extensions["letters"].db.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Letter))


def test_an_order_from_json_goes_the_same_way_as_one_from_the_form(
        app: Flask, client: FlaskClient) -> None:
    headers = business(app)
    response = client.post("/api/v1/orders", json=order_body(), headers=headers)
    assert response.status_code == 201, response.get_json()
    order = response.get_json()
    # In-process tasks: the engine drafted it and the proof waits for approval.
    shown = client.get(f"/api/v1/orders/{order['id']}", headers=headers).get_json()
    assert shown["status"] == "awaiting_approval" and shown["version"] == 1
    approved = client.post(f"/api/v1/orders/{order['id']}/approve", json={"version": 1},
                           headers=headers)
    assert approved.status_code == 200
    assert client.get(f"/api/v1/orders/{order['id']}",
                      headers=headers).get_json()["status"] == "ready_to_print"


def test_the_api_refuses_exactly_what_the_order_form_refuses(
        app: Flask, client: FlaskClient) -> None:
    from conftest import signup

    bad = {"sender_name": "", "hand": "caveat", "recipient_salutation": "Zoë 漢字",
           "deliver_by": datetime.now(UTC).date().isoformat(), "memories": "x " * 400}
    api = client.post("/api/v1/orders", json=order_body(**bad), headers=business(app))
    assert api.status_code == 422 and api.get_json()["code"] == "invalid_input"
    api_fields = api.get_json()["fields"]

    browser = app.test_client()
    signup(browser)
    page = place_order(browser, **{**order_data(), **bad})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Please correct the marked fields." in html
    assert set(api_fields) == {"sender_name", "recipient_salutation", "deliver_by", "memories"}
    for message in api_fields.values():  # the form shows each of the API's messages
        assert str(escape(message)) in html, message
    address = client.post("/api/v1/orders", headers=business(app), json=order_body(
        address={"street_address": "1 Main St", "city": "Berkeley", "postal_code": "ABCDE",
                 "country_area": "CA", "country_code": "US"}))
    assert address.status_code == 422 and "address_postal_code" in address.get_json()["fields"]
    assert letters_count(app) == 0


def test_a_business_client_sees_pages_of_its_own_orders_only(
        app: Flask, client: FlaskClient) -> None:
    mine, theirs = business(app), business(app, "rival@example.com")
    ids = [client.post("/api/v1/orders", json=order_body(), headers=mine).get_json()["id"]
           for _ in range(3)]
    other = client.post("/api/v1/orders", json=order_body(), headers=theirs).get_json()["id"]

    first = client.get("/api/v1/orders?per_page=2", headers=mine).get_json()
    assert [o["id"] for o in first["items"]] == ids[::-1][:2]
    assert (first["total"], first["pages"], first["page"]) == (3, 2, 1)
    second = client.get("/api/v1/orders?per_page=2&page=2", headers=mine).get_json()
    assert [o["id"] for o in second["items"]] == [ids[0]]
    assert client.get("/api/v1/orders?per_page=500", headers=mine).status_code == 400
    assert client.get(f"/api/v1/orders/{other}", headers=mine).status_code == 404
    refused = client.post(f"/api/v1/orders/{other}/cancel", headers=mine)
    assert refused.status_code == 404 and refused.get_json()["code"] == "not_found"


def test_cancel_while_allowed_then_409(app: Flask, client: FlaskClient) -> None:
    headers = business(app)
    order_id = client.post("/api/v1/orders", json=order_body(), headers=headers).get_json()["id"]
    cancelled = client.post(f"/api/v1/orders/{order_id}/cancel", headers=headers)
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    again = client.post(f"/api/v1/orders/{order_id}/cancel", headers=headers)
    assert again.status_code == 409 and again.get_json()["code"] == "not_allowed_now"


def test_who_may_call_what(app: Flask, client: FlaskClient) -> None:
    shop = token_for(app, "press@example.com", Role.PRINTSHOP)
    biz = business(app)
    assert client.post("/api/v1/orders", json=order_body()).status_code == 401
    assert client.get("/api/v1/orders", headers={"Authorization": "Bearer nope"}
                      ).status_code == 401
    assert client.get("/api/v1/orders", headers=shop).status_code == 403
    assert client.get("/api/v1/print/letters", headers=biz).status_code == 403
    assert client.post("/api/v1/print/batches", json={"letter_ids": [1]},
                       headers=biz).status_code == 403
    from letters_app.domain import accounts
    from letters_app.domain.errors import InvalidInput

    with app.extensions["letters"].db.session() as session:
        user = accounts.find_user_by_email(session, "acme@example.com")
        with pytest.raises(InvalidInput, match="print:read"):
            accounts.issue_token(session, user, name="x", scopes={"print:read"})


def test_same_key_same_body_gives_the_first_answer_and_one_order(
        app: Flask, client: FlaskClient) -> None:
    headers = {**business(app), "Idempotency-Key": "order-7f3a"}
    first = client.post("/api/v1/orders", json=order_body(), headers=headers)
    again = client.post("/api/v1/orders", json=order_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert letters_count(app) == 1

    other = client.post("/api/v1/orders", json=order_body(tone="formal"), headers=headers)
    assert other.status_code == 422
    assert other.get_json()["code"] == "idempotency_key_reused"
    assert "different request" in other.get_json()["error"]
    # Keys are per account: another client may use the same string.
    rival = client.post("/api/v1/orders", json=order_body(), headers={
        **business(app, "rival@example.com"), "Idempotency-Key": "order-7f3a"})
    assert rival.status_code == 201 and rival.get_json()["id"] != first.get_json()["id"]
    assert letters_count(app) == 2
    bad_key = client.post("/api/v1/orders", json=order_body(), headers={
        **headers, "Idempotency-Key": "x" * 256})
    assert bad_key.status_code == 400


def test_a_refused_request_does_not_use_up_its_key(app: Flask, client: FlaskClient) -> None:
    headers = {**business(app), "Idempotency-Key": "k-1"}
    refused = client.post("/api/v1/orders", json=order_body(hand="nope"), headers=headers)
    assert refused.status_code == 422 and refused.get_json()["code"] == "invalid_input"
    fixed = client.post("/api/v1/orders", json=order_body(), headers=headers)
    assert fixed.status_code == 201


def test_keys_are_kept_for_24_hours(app: Flask, client: FlaskClient) -> None:
    headers = {**business(app), "Idempotency-Key": "daily-report"}
    first = client.post("/api/v1/orders", json=order_body(), headers=headers).get_json()
    with app.extensions["letters"].db.session() as session:
        session.execute(sa.update(IdempotencyKey).values(
            created_at=datetime.now(UTC) - timedelta(hours=23)))
        session.commit()
    assert client.post("/api/v1/orders", json=order_body(),
                       headers=headers).get_json()["id"] == first["id"]
    with app.extensions["letters"].db.session() as session:
        session.execute(sa.update(IdempotencyKey).values(
            created_at=datetime.now(UTC) - timedelta(hours=25)))
        session.commit()
    later = client.post("/api/v1/orders", json=order_body(tone="formal"), headers=headers)
    assert later.status_code == 201 and later.get_json()["id"] != first["id"]


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_identical_requests_racing_with_one_key_make_one_order(app: Flask) -> None:
    headers = {**business(app), "Idempotency-Key": "race-1"}
    body = order_body()
    start = threading.Barrier(6)
    answers: list[tuple[int, int]] = []

    def post() -> None:
        client = app.test_client()
        start.wait()
        response = client.post("/api/v1/orders", json=body, headers=headers)
        answers.append((response.status_code, response.get_json().get("id")))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 6
    assert len({order_id for _, order_id in answers}) == 1, answers
    assert {status for status, _ in answers} == {201}
    assert letters_count(app) == 1


def test_cli_makes_business_accounts_and_order_tokens(app: Flask, config, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from letters_app.cli import main

    monkeypatch.setenv("INSTANCE_DIR", str(config.instance_dir))
    monkeypatch.setenv("DATABASE_URL", config.database_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret-key")
    runner = CliRunner()
    made = runner.invoke(main, ["create-user", "--email", "b2b@example.com", "--name", "B2B",
                                "--role", "business", "--password", "business pw 12"])
    assert made.exit_code == 0, made.output
    issued = runner.invoke(main, ["token", "create", "--email", "b2b@example.com",
                                  "--scope", "orders"])
    assert issued.exit_code == 0, issued.output
    secret = issued.output.strip().rsplit(" ", 1)[-1]
    response = app.test_client().post("/api/v1/orders", json=order_body(),
                                      headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 201
    wrong = runner.invoke(main, ["token", "create", "--email", "b2b@example.com",
                                 "--scope", "print:read"])
    assert wrong.exit_code != 0 and "orders" in wrong.output
