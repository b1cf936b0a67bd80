"""Celery tasks: load by id, call the domain, commit, relay what the step queued."""

from __future__ import annotations

import socket

from sqlalchemy.exc import OperationalError

from letters_app.domain import pipeline
from letters_app.domain.models import WorkerHeartbeat
from workers import dispatch, runtime
from workers.celery_app import app

# The pipeline's tasks report through the database, not results: ignoring results also keeps
# a sender from waiting on the result backend when Redis is away.
RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5,
         "ignore_result": True}


@app.task(name="letters.health_check")
def health_check() -> int:
    """Proves a worker can load the config and write to the database."""
    services = runtime.services()
    with services.db.session() as session:
        beat = WorkerHeartbeat(hostname=socket.gethostname())
        session.add(beat)
        session.flush()
        return beat.id


@app.task(name="letters.draft_letter", **RETRY)
def draft_letter(letter_id: int, version: int) -> None:
    services = runtime.services()
    with services.db.session() as session:
        pipeline.draft_with_engine(session, letter_id, version,
                                   auto_release=services.config.auto_release_engine_drafts)
    dispatch.relay(services)


@app.task(name="letters.render_proof", **RETRY)
def render_proof(letter_id: int, version: int) -> None:
    services = runtime.services()
    with services.db.session() as session:
        pipeline.render_proof(session, services.storage, letter_id, version)
    dispatch.relay(services)


@app.task(name="letters.render_final", **RETRY)
def render_final(letter_id: int, version: int) -> None:
    services = runtime.services()
    with services.db.session() as session:
        pipeline.render_final(session, services.storage, letter_id, version)


@app.task(name="letters.sweep")
def sweep() -> int:
    services = runtime.services()
    with services.db.session() as session:
        count = pipeline.sweep(session)
    dispatch.relay(services)
    return count
