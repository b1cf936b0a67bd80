"""The whole loop through the API against a live server: a business client orders, the
engine drafts, the client approves the proof, a print shop takes the batch and pulls every
file with the CLI, reports printed and shipped; the client sees each step."""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

from api_steps import Receiver, business, order_body, token_for
from conftest import LiveServer
from flask import Flask
from test_print_cli import letters_cli

from letters_app.domain import webhooks
from letters_app.domain.models import Role


def call(url: str, method: str = "GET", body: object = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_business_order_to_shipped_through_the_api_and_the_cli(
        live_app: tuple[Flask, LiveServer], tmp_path: Path) -> None:
    app, server = live_app
    api = f"{server.url}/api/v1"
    client = business(app)
    shop = token_for(app, "press@example.com", Role.PRINTSHOP)

    hooks = Receiver(fail_first=0)
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    status, hook = call(f"{api}/webhooks", "POST", {"url": hooks.url}, client)
    assert status == 201

    status, order = call(f"{api}/orders", "POST", order_body(), {**client,
                                                                 "Idempotency-Key": "loop-1"})
    assert status == 201
    order_id = order["id"]
    status, shown = call(f"{api}/orders/{order_id}", headers=client)
    assert shown["status"] == "awaiting_approval"  # the engine drafted, the proof is ready
    status, _ = call(f"{api}/orders/{order_id}/approve", "POST",
                     {"version": shown["version"]}, client)
    assert status == 200
    assert call(f"{api}/orders/{order_id}", headers=client)[1]["status"] == "ready_to_print"

    out = tmp_path / "press"
    pulled = letters_cli("print", "pull", "--out", str(out), "--batch",
                         token=shop["Authorization"].split()[1],
                         env={"LETTERS_API_URL": server.url})
    assert pulled.returncode == 0, pulled.stderr
    batch_id = int(pulled.stdout.split()[1].rstrip(":"))
    folder = out / f"batch-{batch_id}"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [item["letter_id"] for item in manifest["items"]] == [order_id]
    assert hashlib.sha256((folder / "batch.pdf").read_bytes()).hexdigest() == \
        manifest["batch_pdf"]["sha256"]
    assert sorted(p.name for p in (out / str(order_id)).iterdir()) == ["envelope.pdf",
                                                                       "letter.pdf"]
    assert call(f"{api}/orders/{order_id}", headers=client)[1]["status"] == "printing"

    token = shop["Authorization"].split()[1]
    env = {"LETTERS_API_URL": server.url}
    assert letters_cli("print", "done", str(order_id), "--printed", token=token,
                       env=env).returncode == 0
    shipped = letters_cli("print", "done", str(order_id), "--shipped", "--tracking", "1Z42",
                          token=token, env=env)
    assert shipped.returncode == 0, shipped.stderr
    final = call(f"{api}/orders/{order_id}", headers=client)[1]
    assert (final["status"], final["tracking_number"]) == ("shipped", "1Z42")

    hooks.shutdown()
    hooks.server_close()
    events = [json.loads(body) for headers, body in hooks.received
              if webhooks.verify(hook["secret"], body, headers["Letters-Signature"])]
    assert len(events) == len(hooks.received)
    assert [e["data"]["to"] for e in events] == [
        "drafting", "in_review", "awaiting_approval", "approved", "rendering",
        "ready_to_print", "printing", "printed", "shipped"]
    assert events[-1]["data"]["tracking_number"] == "1Z42"
