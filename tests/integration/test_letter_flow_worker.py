"""The letter path on the production shape: PostgreSQL, Redis, a real Celery worker process."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from conftest import WorkerProcess, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import comparable, file_links, letter_id_from, pdf_text, place_order, post_action
from sqlalchemy import select

from letters_app.config import Config
from letters_app.domain.models import DraftVersion, OutboxMessage

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def worker_app(celery_worker: WorkerProcess, worker_env: dict[str, str]) -> Iterator[Flask]:
    from letters_app.web import create_app

    app = create_app(Config.from_env(worker_env))
    app.config["TESTING"] = True
    yield app
    app.extensions["letters"].db.dispose()


def wait_for_status(client: FlaskClient, letter_id: int, status: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        seen = client.get(f"/letters/{letter_id}/status.json").get_json()["status"]
        if seen == status:
            return
        time.sleep(0.2)
    raise AssertionError(f"letter {letter_id} stayed {seen!r}, expected {status!r}")


def test_letter_travels_the_path_through_a_real_worker(
        worker_app: Flask, celery_worker: WorkerProcess) -> None:
    client = worker_app.test_client()
    signup(client)
    letter_id = letter_id_from(place_order(client))
    # The request returned before the work was done: the worker, not the web process, drafts.
    wait_for_status(client, letter_id, "awaiting_approval")
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert file_links(page, letter_id), "no proof images"

    post_action(client, letter_id, "approve")
    wait_for_status(client, letter_id, "ready_to_print")
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    downloads = [client.get(link) for link in file_links(page, letter_id)]
    letter_pdf = next(d for d in downloads
                      if "letter.pdf" in d.headers.get("Content-Disposition", ""))
    with worker_app.extensions["letters"].db.session() as session:
        draft = session.scalars(select(DraftVersion).where(
            DraftVersion.letter_id == letter_id)).one()
        unsent = session.scalars(select(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None))).all()
    assert comparable(pdf_text(letter_pdf.data)) == comparable(draft.text)
    assert unsent == []

    # A print shop takes it: the worker, on the renders queue, builds the batch's PDF.
    from web.test_print_api import shop_token

    headers, _ = shop_token(worker_app)
    made = client.post("/api/v1/print/batches", json={"letter_ids": [letter_id]},
                       headers=headers)
    assert made.status_code == 202 and made.get_json()["state"] == "building"
    deadline, batch = time.monotonic() + 60, made.get_json()
    while batch["state"] == "building" and time.monotonic() < deadline:
        time.sleep(0.2)
        batch = client.get(made.headers["Location"], headers=headers).get_json()
    assert batch["state"] == "ready", batch
    merged = client.get(next(f["url"] for f in batch["files"] if f["kind"] == "batch_pdf"),
                        headers=headers)
    assert comparable(draft.text)[:60] in comparable(pdf_text(merged.data))
    assert celery_worker.process.poll() is None
