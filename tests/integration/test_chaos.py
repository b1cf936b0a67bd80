"""Delivery survives what goes wrong in production: a broker that is down, a message that is
lost, a worker that restarts. Real PostgreSQL, real Redis, real worker processes."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import WorkerProcess, celery_client, send_job, signup
from letter_steps import letter_id_from, place_order, post_action
from sqlalchemy import select, update

from letters_app.config import Config
from letters_app.domain.models import Letter, OutboxMessage

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


def _status(app, letter_id: int) -> str:  # type: ignore[no-untyped-def]
    with app.extensions["letters"].db.session() as session:
        return session.get(Letter, letter_id).status


def _wait(app, letter_id: int, status: str, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while _status(app, letter_id) != status:
        assert time.monotonic() < deadline, f"stuck at {_status(app, letter_id)}"
        time.sleep(0.2)


def test_an_order_placed_while_the_broker_is_down_is_delivered_when_it_returns(
        worker_env: dict[str, str]) -> None:
    from letters_app.web import create_app

    down = {**worker_env, "CELERY_BROKER_URL": f"redis://127.0.0.1:{_closed_port()}/0"}
    app = create_app(Config.from_env(down))
    client = app.test_client()
    signup(client)
    response = place_order(client)
    assert response.status_code == 302  # the customer's order is safe
    letter_id = letter_id_from(response)
    with app.extensions["letters"].db.session() as session:
        waiting = session.scalars(select(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None))).all()
        # The sign-up's confirmation email waits safely too.
        assert [m.task for m in waiting] == ["letters.send_signup_confirmation",
                                             "letters.draft_letter"]
    assert _status(app, letter_id) == "submitted"

    # The broker is back (the real one) and a worker runs; the beat's relay sends the message.
    worker = WorkerProcess(worker_env)
    try:
        app_up = create_app(Config.from_env(worker_env))
        worker.wait_ready(celery_client(worker_env))
        assert app_up.extensions["letters"].relay() == 2
        _wait(app_up, letter_id, "awaiting_approval")
    finally:
        worker.stop()


def test_work_queued_while_no_worker_runs_is_done_by_the_next_worker(
        worker_env: dict[str, str]) -> None:
    from letters_app.web import create_app

    celery_app = celery_client(worker_env)
    app = create_app(Config.from_env(worker_env))
    client = app.test_client()
    first = WorkerProcess(worker_env)
    try:
        first.wait_ready(celery_app)
        signup(client)
        letter_id = letter_id_from(place_order(client))
        _wait(app, letter_id, "awaiting_approval")
    finally:
        first.stop()
    post_action(client, letter_id, "approve")  # queued in Redis; nobody is listening
    time.sleep(1)
    assert _status(app, letter_id) == "approved"
    second = WorkerProcess(worker_env)
    try:
        second.wait_ready(celery_app)
        _wait(app, letter_id, "ready_to_print")
    finally:
        second.stop()


def test_the_sweep_recovers_a_letter_whose_message_was_lost(
        celery_worker: WorkerProcess, worker_env: dict[str, str]) -> None:
    from letters_app.jobs import Job
    from letters_app.web import create_app

    app = create_app(Config.from_env(worker_env))
    client = app.test_client()
    signup(client)
    letter_id = letter_id_from(place_order(client))
    _wait(app, letter_id, "awaiting_approval")
    # Approve as if the message then vanished (Redis restarted without persistence): the
    # change commits, the outbox row says sent, but no worker will ever see it.
    with app.extensions["letters"].db.session() as session:
        from letters_app.domain.customer_actions import approve

        letter = session.get(Letter, letter_id)
        approve(session, letter, letter.customer, letter.current_version)
        session.flush()
        session.execute(update(OutboxMessage).values(sent_at=datetime.now(UTC)))
        session.execute(update(Letter).where(Letter.id == letter_id).values(
            updated_at=datetime.now(UTC) - timedelta(minutes=11)))
    time.sleep(1)
    assert _status(app, letter_id) == "approved"
    assert send_job(worker_env, Job.SWEEP).get(timeout=30) == 1  # what beat runs each minute
    _wait(app, letter_id, "ready_to_print")
