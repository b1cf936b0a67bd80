"""Delivery under faults: letters are approved in bulk while workers are killed and the broker
restarts. Every letter must still reach ready_to_print with exactly one stored PDF, the same
bytes a clean render of its (text, style, seed) gives, and one status move per step.

Real worker processes, real Redis, real PostgreSQL. `pytest -m chaos` runs these alone.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import IN_CI, WorkerProcess, celery_client, queues_of, send_job
from sqlalchemy import func, select

from letters_app import rendering
from letters_app.config import Config
from letters_app.domain import accounts
from letters_app.domain.customer_actions import approve
from letters_app.domain.letter_inputs import style_of
from letters_app.domain.models import AuditEvent, Document, Letter, OutboxMessage, Role
from letters_app.jobs import Job
from letters_app.services import Services

pytestmark = [pytest.mark.chaos, pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]

LETTERS = 50
# Short, so a message a killed worker held comes back within the test; production keeps an
# hour (longer than any render and retry countdown).
VISIBILITY_TIMEOUT = "4"


@pytest.fixture
def fault_env(worker_env: dict[str, str]) -> dict[str, str]:
    return {**worker_env, "CELERY_VISIBILITY_TIMEOUT": VISIBILITY_TIMEOUT}


@pytest.fixture
def services(fault_env: dict[str, str]) -> Iterator[Services]:
    services = Services.create(Config.from_env(fault_env))
    yield services
    services.db.dispose()


def approve_letters(services: Services, count: int = LETTERS) -> list[int]:
    """Letters waiting for approval, then approved, each in its own transaction, as customers
    would; the relay sends the render jobs to the broker."""
    from letters_app.demo import seed_letters_awaiting_approval

    with services.db.session() as session:
        customer = accounts.create_user(session, email="chaos@example.com", name="Chaos Customer",
                                        password="correct horse battery", role=Role.CUSTOMER)
        ids = seed_letters_awaiting_approval(session, customer, count)
    for letter_id in ids:
        with services.db.session() as session:
            letter = session.get(Letter, letter_id)
            approve(session, letter, letter.customer, letter.current_version)
    assert services.relay() == count
    return ids


def ready_count(services: Services, ids: list[int]) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).select_from(Letter).where(
            Letter.id.in_(ids), Letter.status == "ready_to_print")) or 0


def wait_until(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def assert_each_letter_rendered_once_and_right(services: Services, ids: list[int]) -> None:
    assert ready_count(services, ids) == len(ids)
    with services.db.session() as session:
        for letter_id in ids:
            letter = session.get(Letter, letter_id)
            pdfs = session.scalars(select(Document).where(
                Document.letter_id == letter_id, Document.kind == "letter_pdf")).all()
            assert len(pdfs) == 1, f"letter {letter_id} has {len(pdfs)} letter PDFs"
            clean = rendering.render_letter(letter.version(letter.approved_version).text,
                                            style_of(letter), seed=letter.seed)
            assert pdfs[0].sha256 == hashlib.sha256(clean).hexdigest()
            stored = services.storage.read(pdfs[0].sha256)
            assert hashlib.sha256(stored).hexdigest() == pdfs[0].sha256
            moves = session.scalars(select(AuditEvent.to_status).where(
                AuditEvent.letter_id == letter_id)).all()
            assert moves.count("ready_to_print") == 1 and moves.count("rendering") == 1, moves


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


def test_letters_survive_a_killed_worker_child(fault_env: dict[str, str],
                                               services: Services) -> None:
    worker = WorkerProcess(fault_env)
    try:
        worker.wait_ready(celery_client(fault_env))
        ids = approve_letters(services)
        wait_until(lambda: ready_count(services, ids) >= 3, 60, "the first renders")
        child = children_of(worker.pid)[0]
        os.kill(child, signal.SIGKILL)  # mid-render, most likely: renders are back to back
        wait_until(lambda: ready_count(services, ids) == LETTERS, 120, "every letter")
        assert worker.process.poll() is None  # the pool replaced its child
    finally:
        worker.stop()
    assert_each_letter_rendered_once_and_right(services, ids)


def test_letters_survive_a_killed_worker_and_are_finished_by_the_next(
        fault_env: dict[str, str], services: Services) -> None:
    first = WorkerProcess(fault_env)
    try:
        first.wait_ready(celery_client(fault_env))
        ids = approve_letters(services)
        wait_until(lambda: ready_count(services, ids) >= 3, 60, "the first renders")
        os.killpg(first.pid, signal.SIGKILL)  # the whole worker: no warm shutdown, no acks
        first.process.wait(timeout=10)
    finally:
        first.stop()
    assert ready_count(services, ids) < LETTERS
    second = WorkerProcess(fault_env)
    try:
        second.wait_ready(celery_client(fault_env))
        # What the killed worker held comes back once its visibility timeout runs out.
        wait_until(lambda: ready_count(services, ids) == LETTERS, 120, "every letter")
    finally:
        second.stop()
    assert_each_letter_rendered_once_and_right(services, ids)


# --- a broker that restarts ------------------------------------------------------------------

class RedisServer:
    """A redis-server of the test's own, on a free port, keeping its data in an append-only
    file as a production broker should, so a restart loses no queued message."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.folder),
             "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._answers, 10, "redis-server to start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: redis flushes its append-only file and exits
            self.process.wait(timeout=10)

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    import shutil

    if shutil.which("redis-server") is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_letters_survive_a_broker_restart_mid_run(fault_env: dict[str, str],
                                                  own_redis: RedisServer) -> None:
    env = {**fault_env, "CELERY_BROKER_URL": own_redis.url}
    services = Services.create(Config.from_env(env))
    worker = WorkerProcess(env)
    try:
        worker.wait_ready(celery_client(env))
        ids = approve_letters(services)
        wait_until(lambda: ready_count(services, ids) >= 3, 60, "the first renders")
        own_redis.stop()
        time.sleep(2)
        own_redis.start()
        wait_until(lambda: ready_count(services, ids) == LETTERS, 150, "every letter")
        assert worker.process.poll() is None  # the worker reconnected by itself
    finally:
        worker.stop()
    assert_each_letter_rendered_once_and_right(services, ids)
    services.db.dispose()


# --- the same message twice, and a change that never committed ------------------------------

def test_one_render_message_delivered_twice_at_once_renders_once(
        fault_env: dict[str, str], services: Services) -> None:
    workers = [WorkerProcess(fault_env, concurrency=1) for _ in range(2)]
    try:
        for worker in workers:
            worker.wait_ready(celery_client(fault_env))
        [letter_id] = approve_letters(services, count=1)
        send_job(fault_env, Job.RENDER_FINAL, letter_id=letter_id, version=1)  # the duplicate
        wait_until(lambda: ready_count(services, [letter_id]) == 1, 60, "the render")
        time.sleep(1.5)  # let the second delivery finish too
    finally:
        for worker in workers:
            worker.stop()
    assert_each_letter_rendered_once_and_right(services, [letter_id])
    with services.db.session() as session:
        events = session.scalars(select(AuditEvent.to_status).where(
            AuditEvent.letter_id == letter_id, AuditEvent.to_status == "ready_to_print")).all()
    assert events == ["ready_to_print"]


def test_an_approval_that_is_rolled_back_sends_nothing(fault_env: dict[str, str],
                                                       services: Services) -> None:
    import redis

    from letters_app.demo import seed_letters_awaiting_approval

    with services.db.session() as session:
        customer = accounts.create_user(session, email="undo@example.com", name="Un Do",
                                        password="correct horse battery")
        [letter_id] = seed_letters_awaiting_approval(session, customer, 1)
    session = services.db.sessions()
    letter = session.get(Letter, letter_id)
    approve(session, letter, letter.customer, letter.current_version)
    session.flush()
    session.rollback()
    session.close()
    assert services.relay() == 0
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None))) == 0
        assert session.get(Letter, letter_id).status == "awaiting_approval"
    broker = redis.Redis.from_url(fault_env["CELERY_BROKER_URL"])
    assert all(broker.llen(queue) == 0 for queue in queues_of(fault_env))
