"""The storage server goes away mid-run and comes back: renders retry and finish, nothing is
half-written, no letter is lost. Real worker, Redis, PostgreSQL and S3 (moto's server)."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import WorkerProcess, _empty, celery_client, server_missing, signup
from flask import Flask
from letter_steps import letter_id_from, place_order, post_action
from s3_server import MotoServer
from sqlalchemy import select
from tcp_proxy import TcpProxy

from letters_app import rendering
from letters_app.config import Config
from letters_app.domain.blob_gc import find_garbage
from letters_app.domain.letter_inputs import style_of
from letters_app.domain.models import Document, Letter
from letters_app.storage import open_storage

pytestmark = [pytest.mark.chaos, pytest.mark.s3, pytest.mark.worker, pytest.mark.postgres,
              pytest.mark.redis]

LETTERS = 6
# Render tasks retry up to 10 times with full-jitter backoff capped at 60 s. Measured: a 5 s
# outage used at most 3 of the 10 retries, a 10 s one at most 5 (and the test then takes a
# minute, waiting out countdowns). With the earlier 5 retries, 10 s ran a letter out of
# retries in 3 of 4 runs.
OUTAGE_SECONDS = 5


@dataclass
class S3Stage:
    app: Flask
    worker: WorkerProcess
    proxy: TcpProxy  # the address the app and the worker know the S3 server by
    direct_env: dict[str, str]  # the server itself, to check what it holds


@pytest.fixture
def s3_stage(tmp_path: Path, worker_env: dict[str, str]) -> Iterator[S3Stage]:
    from letters_app.web import create_app

    # Why a proxy and not a restart of moto itself: moto keeps its objects in memory, so a
    # restarted moto comes back empty, while a real S3 or MinIO comes back with its data. An
    # emptied store would lose the proofs and files stored before the outage and prove
    # nothing about the renders. So the server's address goes dark instead, exactly as the
    # app and the worker see a server that stops: open connections cut, new ones refused,
    # until it answers again on the same port with everything it held.
    server = MotoServer(tmp_path / "moto.log")
    try:
        server.start()
    except RuntimeError as err:
        server_missing("The moto S3 server", err)
    bucket = server.new_bucket()
    proxy = TcpProxy(server.port)
    proxy.start()
    worker_env.update(server.env(bucket))
    worker_env["S3_ENDPOINT_URL"] = f"http://127.0.0.1:{proxy.port}"
    worker = WorkerProcess(worker_env)
    app = create_app(Config.from_env(worker_env))
    app.config["TESTING"] = True
    try:
        worker.wait_ready(celery_client(worker_env))
        yield S3Stage(app, worker, proxy, {**worker_env, "S3_ENDPOINT_URL": server.url})
    finally:
        worker.stop()
        proxy.stop()
        server.stop()
        app.extensions["letters"].db.dispose()
        _empty(worker_env["DATABASE_URL"])


def statuses(app: Flask, ids: list[int]) -> dict[int, str]:
    with app.extensions["letters"].db.session() as session:
        return {letter.id: letter.status for letter in
                session.scalars(select(Letter).where(Letter.id.in_(ids)))}


def wait_until(stage: S3Stage, ids: list[int], done: Callable[[dict[int, str]], bool],
               timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not done(statuses(stage.app, ids)):
        if time.monotonic() > deadline:
            raise AssertionError(f"stuck: {statuses(stage.app, ids)}\n"
                                 f"{stage.worker.log.read_text()[-4000:]}")
        time.sleep(0.2)


def test_renders_survive_the_storage_server_going_away_mid_run(s3_stage: S3Stage) -> None:
    app = s3_stage.app
    client = app.test_client()
    signup(client)
    ids = [letter_id_from(place_order(client, memories=f"the {n}th time we met at the lake"))
           for n in range(LETTERS)]
    wait_until(s3_stage, ids, lambda seen: set(seen.values()) == {"awaiting_approval"})
    for letter_id in ids:
        post_action(client, letter_id, "approve")
    # Cut it while renders are in flight: some letters finished, the others rendering or
    # queued, so puts fail mid-request and new connections are refused.
    wait_until(s3_stage, ids, lambda seen: "ready_to_print" in seen.values())
    s3_stage.proxy.stop()
    time.sleep(OUTAGE_SECONDS)
    done_during_outage = list(statuses(app, ids).values()).count("ready_to_print")
    s3_stage.proxy.start()

    wait_until(s3_stage, ids, lambda seen: set(seen.values()) == {"ready_to_print"})

    log = s3_stage.worker.log.read_text()
    retries = re.findall(r"letters\.render_final\[[^\]]+\] retry: .*StorageUnavailable", log)
    assert retries, "the outage never reached a render; the test proved nothing"
    assert done_during_outage < LETTERS
    s3 = open_storage(Config.from_env(s3_stage.direct_env))
    with app.extensions["letters"].db.session() as session:
        documents = session.scalars(select(Document)).all()
        for letter_id in ids:
            letter = session.get(Letter, letter_id)
            [pdf] = [d for d in documents if d.letter_id == letter_id and d.kind == "letter_pdf"]
            assert pdf.version == letter.approved_version
            clean = rendering.render_letter(letter.version(pdf.version).text, style_of(letter),
                                            seed=letter.seed)
            stored = s3.read(pdf.sha256)
            assert hashlib.sha256(stored).hexdigest() == pdf.sha256
            assert stored == clean
        # Every file a row points at is whole in storage, and nothing else is there: a put
        # that failed midway left no object, and a retried render stored the same bytes.
        for document in documents:
            assert s3.size(document.sha256) == document.size
        assert find_garbage(session, s3, older_than=timedelta(0)) == []
    print(f"\nS3 outage of {OUTAGE_SECONDS}s: {LETTERS} letters, {len(retries)} render "
          f"retries, {done_during_outage} ready before the server returned, "
          f"{len(documents)} documents all present")
