"""Celery tasks: load by id, call the domain, commit, relay what the step queued."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

from sqlalchemy.exc import OperationalError

from letters_app import mail
from letters_app.domain import accounts, notifications, pipeline
from letters_app.domain.models import AuditEvent, User, WorkerHeartbeat
from workers import dispatch, runtime
from workers.celery_app import app

# The pipeline's tasks report through the database, not results: ignoring results also keeps
# a sender from waiting on the result backend when Redis is away.
RETRY = {"autoretry_for": (OperationalError, OSError), "retry_backoff": True, "max_retries": 5,
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
    dispatch.relay(services)


@app.task(name="letters.notify_customer", **RETRY)
def notify_customer(event_id: int) -> None:
    """Email the customer about one move, once: a redelivered message finds it sent."""
    services = runtime.services()
    with services.db.session() as session:
        event = session.get(AuditEvent, event_id, with_for_update=True)
        if event is None or event.notified_at is not None or event.letter is None:
            return
        subject, body = notifications.notice(event.letter, event, services.config.site_url)
        mail.send(services.config, mail.compose(services.config, event.letter.customer.email,
                                                subject, body))
        event.notified_at = datetime.now(UTC)


@app.task(name="letters.send_password_reset", **RETRY)
def send_password_reset(user_id: int) -> None:
    services = runtime.services()
    config = services.config
    with services.db.session() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return
        token = accounts.password_reset_token(user, config.secret_key)
        subject, body = notifications.reset_notice(user.name, f"{config.site_url}/reset/{token}")
        mail.send(config, mail.compose(config, user.email, subject, body))


@app.task(name="letters.send_signup_confirmation", **RETRY)
def send_signup_confirmation(user_id: int) -> None:
    services = runtime.services()
    config = services.config
    with services.db.session() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active or user.email_confirmed_at is not None:
            return
        token = accounts.signup_token(user, config.secret_key)
        subject, body = notifications.signup_confirmation(
            user.name, f"{config.site_url}/signup/confirm/{token}")
        mail.send(config, mail.compose(config, user.email, subject, body))


@app.task(name="letters.send_signup_notice", **RETRY)
def send_signup_notice(user_id: int) -> None:
    """Someone signed up with the address of an existing account: tell its owner instead."""
    services = runtime.services()
    config = services.config
    with services.db.session() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return
        subject, body = notifications.signup_attempt_notice(
            user.name, f"{config.site_url}/login", f"{config.site_url}/forgot")
        mail.send(config, mail.compose(config, user.email, subject, body))


@app.task(name="letters.sweep")
def sweep() -> int:
    services = runtime.services()
    with services.db.session() as session:
        count = pipeline.sweep(session)
    dispatch.relay(services)
    return count
