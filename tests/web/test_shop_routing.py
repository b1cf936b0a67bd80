"""Shop routing: a shop sees, fetches and batches only the letters routed to it by the
recipient's country, so an address is seen only by the shop that prints it."""

from __future__ import annotations

from api_steps import business, order_body
from flask import Flask
from flask.testing import FlaskClient
from test_print_api import shop_token

from letters_app.domain import accounts, routing

GB = {"street_address": "10 Downing Street", "city": "London", "postal_code": "SW1A 2AA",
      "country_area": "", "country_code": "GB"}


def approved_order(client: FlaskClient, headers: dict[str, str], **changes: object) -> int:
    order = client.post("/api/v1/orders", json=order_body(**changes), headers=headers)
    assert order.status_code == 201, order.get_json()
    order_id = order.get_json()["id"]
    client.post(f"/api/v1/orders/{order_id}/approve", json={"version": 1}, headers=headers)
    return order_id


def route(app: Flask, email: str, *codes: str | None) -> None:
    with app.extensions["letters"].db.session() as session:
        routing.set_routes(session, accounts.find_user_by_email(session, email), list(codes))
        session.commit()


def test_each_shop_sees_and_batches_only_the_letters_routed_to_it(
        app: Flask, client: FlaskClient) -> None:
    biz = business(app)
    us_letter = approved_order(client, biz)
    gb_letter = approved_order(client, biz, address=GB)
    us_shop, _ = shop_token(app, "us-press@example.com")
    rest_shop, _ = shop_token(app, "rest-press@example.com")
    # Before any route, every shop sees every ready letter.
    seen = client.get("/api/v1/print/letters", headers=rest_shop).get_json()["letters"]
    assert {letter["id"] for letter in seen} == {us_letter, gb_letter}

    route(app, "us-press@example.com", "US")
    route(app, "rest-press@example.com", None)
    def ids(headers: dict[str, str]) -> list[int]:
        return [letter["id"] for letter in
                client.get("/api/v1/print/letters", headers=headers).get_json()["letters"]]
    assert ids(us_shop) == [us_letter] and ids(rest_shop) == [gb_letter]

    envelope = f"/api/v1/print/letters/{us_letter}/files/envelope_pdf"
    assert client.get(envelope, headers=rest_shop).status_code == 404  # not its address
    assert client.get(envelope, headers=us_shop).status_code == 200
    refused = client.post("/api/v1/print/batches", json={"letter_ids": [us_letter]},
                          headers=rest_shop)
    assert refused.status_code == 409 and str(us_letter) in refused.get_json()["error"]
    taken = client.post("/api/v1/print/batches", json={"letter_ids": [us_letter]},
                        headers=us_shop)
    assert taken.status_code == 202
    assert client.get(f"/api/v1/print/batches/{taken.get_json()['id']}",
                      headers=rest_shop).status_code == 404


def test_letters_route_sets_and_lists_routes(app: Flask, config, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from letters_app.cli import main

    shop_token(app, "us-press@example.com")
    for name, value in (("INSTANCE_DIR", str(config.instance_dir)),
                        ("DATABASE_URL", config.database_url), ("SECRET_KEY", "k")):
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    assert runner.invoke(main, ["route", "list"]).output.startswith("No routes")
    made = runner.invoke(main, ["route", "set", "--shop", "us-press@example.com",
                                "--country", "us", "--country", "CA", "--default"])
    assert made.exit_code == 0, made.output
    assert runner.invoke(main, ["route", "list"]).output.strip() == \
        "us-press@example.com: CA, US, the rest"
    bad = runner.invoke(main, ["route", "set", "--shop", "us-press@example.com",
                               "--country", "XX"])
    assert bad.exit_code != 0 and "Unknown countries: XX" in bad.output
