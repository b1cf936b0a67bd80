"""Print shops on PostgreSQL, through the API: two shops claiming batches at the same time
never share a letter, and a shop reaches none of another shop's letters or recipient
addresses by any print route (the routes are read off the app, so a new one is asked too)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from api_steps import business, order_body
from flask import Flask
from web.test_print_api import shop_token

from letters_app.domain import accounts, routing
from letters_app.domain.models import AuditEvent, Letter

pytestmark = pytest.mark.postgres
GB = {"street_address": "10 Downing Street", "city": "London", "postal_code": "SW1A 2AA",
      "country_area": "", "country_code": "GB"}


@pytest.fixture
def pg_app(tmp_path: Path, postgres_url: str) -> Iterator[Flask]:
    from conftest import _empty, make_config

    from letters_app.web import create_app

    _empty(postgres_url)
    app = create_app(make_config(tmp_path, postgres_url))
    app.config["TESTING"] = True
    yield app
    app.extensions["letters"].db.dispose()
    _empty(postgres_url)


def ready_orders(app: Flask, count: int, **changes: object) -> list[int]:
    """Business orders, approved: drafted, rendered and ready to print (tasks in-process)."""
    client, headers = app.test_client(), business(app)
    ids = []
    for n in range(count):
        order = client.post("/api/v1/orders", json=order_body(
            recipient_name=f"Client Number{n}", **changes), headers=headers).get_json()
        approved = client.post(f"/api/v1/orders/{order['id']}/approve", json={"version": 1},
                               headers=headers)
        assert approved.status_code == 200, approved.get_json()
        ids.append(order["id"])
    return ids


def test_two_shops_claiming_at_once_never_share_a_letter(pg_app: Flask) -> None:
    ids = ready_orders(pg_app, 8)
    shops = [shop_token(pg_app, f"press{n}@example.com")[0] for n in (1, 2)]
    barrier = threading.Barrier(2)
    taken: list[list[int]] = [[], []]
    refusals = [0, 0]

    def claim(index: int) -> None:
        """What `letters print pull --batch` does, in a loop: list, take a few; a 409 means
        the other shop was first, so list again."""
        client, headers = pg_app.test_client(), shops[index]
        barrier.wait()
        for _ in range(20):  # bounded: 8 letters need at most 8 rounds between the two
            ready = [letter["id"] for letter in client.get(
                "/api/v1/print/letters", headers=headers).get_json()["letters"]]
            if not ready:
                return
            made = client.post("/api/v1/print/batches", json={"letter_ids": ready[:3]},
                               headers=headers)
            if made.status_code == 202:
                taken[index] += [letter["id"] for letter in made.get_json()["letters"]]
            else:
                assert made.status_code == 409, made.get_json()
                refusals[index] += 1

    threads = [threading.Thread(target=claim, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not set(taken[0]) & set(taken[1]), taken
    assert sorted(taken[0] + taken[1]) == sorted(ids)
    with pg_app.extensions["letters"].db.session() as session:
        printing_moves = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                        .where(AuditEvent.to_status == "printing"))
        batches = {letter.id: letter.print_batch.printshop_id for letter in
                   session.scalars(sa.select(Letter).where(Letter.id.in_(ids)))}
    assert printing_moves == len(ids)  # each letter went to print once
    assert len(set(batches.values())) <= 2


def _print_rules(app: Flask) -> list[tuple[str, str]]:
    return sorted((rule.rule, method) for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/api/v1/print/")
                  for method in sorted(rule.methods - {"HEAD", "OPTIONS"}))


def test_a_shop_reaches_none_of_another_shops_letters_by_any_print_route(
        pg_app: Flask) -> None:
    batched, waiting = ready_orders(pg_app, 2)
    elsewhere = ready_orders(pg_app, 1, address=GB)[0]
    ours, _ = shop_token(pg_app, "us-press@example.com")
    rival, _ = shop_token(pg_app, "gb-press@example.com")
    with pg_app.extensions["letters"].db.session() as session:
        for email, code in (("us-press@example.com", "US"), ("gb-press@example.com", "GB")):
            routing.set_routes(session, accounts.find_user_by_email(session, email), [code])
        session.commit()
    client = pg_app.test_client()
    made = client.post("/api/v1/print/batches", json={"letter_ids": [batched]}, headers=ours)
    assert made.status_code == 202
    batch = made.get_json()["id"]
    secrets = ("Vine Street", "Berkeley", "94709", "Catherine", "Client Number")

    def asked(path: str, method: str, headers: dict[str, str], letter: int) -> tuple[int, str]:
        url = re.sub(r"<(?:\w+:)?letter_id>", str(letter), path)
        url = re.sub(r"<(?:\w+:)?batch_id>", str(batch), url)
        url = re.sub(r"<(?:\w+:)?kind>", "letter_pdf" if "letters/" in url else "batch_pdf",
                     url)
        body = ({"letter_ids": [letter]} if url.endswith("/batches")
                else {"tracking_number": "1Z999"} if url.endswith("/shipped") else None)
        answer = client.open(url, method=method, headers=headers,
                             json=body if method == "POST" else None)
        return answer.status_code, answer.get_data(as_text=True)

    rules = _print_rules(pg_app)
    assert len(rules) >= 8, rules
    for path, method in rules:
        for letter in (batched, waiting):
            status, text = asked(path, method, rival, letter)
            listing = method == "GET" and path in {"/api/v1/print/letters",
                                                   "/api/v1/print/batches"}
            if listing:
                assert status == 200 and f'"id":{letter}' not in text.replace(" ", "")
            else:
                assert status in {404, 409}, (path, method, status, text)
            assert not any(word in text for word in secrets), (path, method, text)
    # The rival still sees what is routed to it, so the silence above is not a broken token.
    seen = client.get("/api/v1/print/letters", headers=rival).get_json()["letters"]
    assert [letter["id"] for letter in seen] == [elsewhere]
    assert client.get(f"/api/v1/print/batches/{batch}", headers=ours).status_code == 200
