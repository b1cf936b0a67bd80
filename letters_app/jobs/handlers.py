"""What each job does when it runs: load by id, call the domain, commit, relay what it queued.

Celery tasks (workers/) and the in-process sender call these same functions, so a job behaves
the same whichever door sent it.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from letters_app import mail
from letters_app.domain import (
    accounts,
    email_change,
    hand_building,
    idempotency,
    notifications,
    printing,
    webhook_targets,
    webhooks,
)
from letters_app.domain.claims import expire_claims
from letters_app.domain.engine_drafts import draft_with_engine
from letters_app.domain.final_render import render_final
from letters_app.domain.models import (
    AuditEvent,
    EmailChange,
    RenderKind,
    User,
    Webhook,
    WebhookDelivery,
    WorkerHeartbeat,
)
from letters_app.domain.proofs import render_proof
from letters_app.domain.recurring import make_due_briefs
from letters_app.domain.render_jobs import begin_attempt, refund_attempt
from letters_app.domain.sweep import sweep
from letters_app.jobs import webhook_post
from letters_app.jobs.catalog import Job
from letters_app.storage import Storage

if TYPE_CHECKING:
    from letters_app.services import Services

# Errors of a passing outage (the database, the storage server): the job is worth retrying.
TRANSIENT = (OperationalError, OSError)
log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 10  # seconds a client's endpoint gets to answer

RenderStep = Callable[[Session, Storage, int, int], None]


def draft_letter(services: Services, letter_id: int, version: int) -> None:
    with services.unit_of_work() as session:
        draft_with_engine(session, letter_id, version,
                          auto_release=services.config.auto_release_engine_drafts)


def render_proof_job(services: Services, letter_id: int, version: int) -> None:
    _render(services, RenderKind.PROOF, render_proof, letter_id, version)


def render_final_job(services: Services, letter_id: int, version: int) -> None:
    _render(services, RenderKind.FINAL, render_final, letter_id, version)


def _render(services: Services, kind: RenderKind, step: RenderStep, letter_id: int,
            version: int) -> None:
    """Count the attempt first, in its own transaction, so a render that kills its worker
    still counts; a passing outage gives the attempt back and is retried."""
    with services.unit_of_work() as session:
        if not begin_attempt(session, letter_id, version, kind):
            return
    try:
        with services.unit_of_work() as session:
            step(session, services.storage, letter_id, version)
    except TRANSIENT as err:
        try:
            with services.db.session() as session:
                refund_attempt(session, letter_id, version, kind, err)
        except TRANSIENT:
            log.warning("could not record %s for letter %s; it stays counted", err, letter_id)
        raise


def notify_customer(services: Services, event_id: int) -> None:
    """Email the customer about one move, once: a redelivered message finds it sent."""
    config = services.config
    with services.db.session() as session:
        event = session.get(AuditEvent, event_id, with_for_update=True)
        if event is None or event.notified_at is not None or event.letter is None \
                or not event.letter.customer.is_active:  # erased: nobody to tell
            return
        subject, body = notifications.notice(event.letter, event, config.site_url)
        mail.send(config, mail.compose(config, event.letter.customer.email, subject, body))
        event.notified_at = datetime.now(UTC)


def send_password_reset(services: Services, user_id: int) -> None:
    config = services.config
    with services.db.session() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return
        token = accounts.password_reset_token(user, config.secret_key)
        subject, body = notifications.reset_notice(user.name, f"{config.site_url}/reset/{token}")
        mail.send(config, mail.compose(config, user.email, subject, body))


def send_signup_confirmation(services: Services, user_id: int) -> None:
    config = services.config
    with services.db.session() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active or user.email_confirmed_at is not None:
            return
        token = accounts.signup_token(user, config.secret_key)
        subject, body = notifications.signup_confirmation(
            user.name, f"{config.site_url}/signup/confirm/{token}")
        mail.send(config, mail.compose(config, user.email, subject, body))


def send_signup_notice(services: Services, user_id: int) -> None:
    """Someone signed up with the address of an existing account: tell its owner instead."""
    config = services.config
    with services.db.session() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return
        subject, body = notifications.signup_attempt_notice(
            user.name, f"{config.site_url}/login", f"{config.site_url}/forgot")
        mail.send(config, mail.compose(config, user.email, subject, body))
def deliver_webhooks(services: Services, webhook_id: int) -> int:
    """Send the webhook's due events, oldest first, one transaction each under a lock on the
    webhook (two runners never send out of order); stop at the first failure, which waits
    for its backoff. Returns how many were delivered."""
    delivered = 0
    while True:
        with services.db.session() as session:
            hook = session.get(Webhook, webhook_id, with_for_update=True)
            if hook is None or not hook.enabled:
                return delivered
            now = datetime.now(UTC)
            delivery = webhooks.next_due(session, webhook_id, now)
            if delivery is None:
                return delivered
            code, error = _post_event(hook.url, hook.secret, delivery,
                                      services.config.webhook_allow_private)
            webhooks.record_attempt(delivery, code, error, datetime.now(UTC))
            ok = delivery.state == "delivered"
            session.commit()
        if not ok:
            return delivered
        delivered += 1


def _post_event(url: str, secret: str, delivery: WebhookDelivery,
                allow_private: bool) -> tuple[int | None, str | None]:
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "letters-webhooks/1",
               webhooks.SIGNATURE_HEADER: webhooks.signature(secret, body),
               webhooks.EVENT_HEADER: delivery.event_id}
    try:
        status = webhook_post.post(url, body, headers, allow_private=allow_private,
                                   timeout=WEBHOOK_TIMEOUT)
    except webhook_targets.RefusedTarget as err:
        return None, str(err)[:500]
    except (OSError, http.client.HTTPException) as err:
        return None, (str(err) or type(err).__name__)[:500]
    if 300 <= status < 400:
        return status, f"HTTP {status} (redirects are not followed)"
    return status, None if 200 <= status < 300 else f"HTTP {status}"


def retry_webhooks(services: Services) -> int:
    """Periodic: send every enabled webhook whose next retry is due."""
    with services.db.session() as session:
        due = webhooks.webhooks_due(session, datetime.now(UTC))
    return sum(deliver_webhooks(services, webhook_id) for webhook_id in due)


def send_email_change(services: Services, change_id: int) -> None:
    """The confirmation link, to the new address: only its owner can finish the change."""
    config = services.config
    with services.db.session() as session:
        change = session.get(EmailChange, change_id)
        if change is None or not change.user.is_active:
            return
        token = email_change.confirmation_token(change, config.secret_key)
        subject, body = notifications.email_change_notice(
            change.user.name, f"{config.site_url}/account/email/{token}")
        mail.send(config, mail.compose(config, change.new_email, subject, body))


def sweep_stuck_letters(services: Services) -> int:
    """Re-queue lost work, then send whatever the outbox still holds; end the wait of
    customers' sheets that were never read (they upload again)."""
    stuck_after = services.config.sweep_stuck_after
    with services.unit_of_work() as session:
        hand_building.fail_stuck_hands(session, services.storage,
                                       datetime.now(UTC) - stuck_after)
        return sweep(session, stuck_after=stuck_after)


def expire_idle_claims(services: Services) -> int:
    """Return to the queue the letters whose writers left them idle; how many."""
    with services.unit_of_work() as session:
        return len(expire_claims(session, services.config.claim_expires_after))


def make_yearly_briefs(services: Services) -> int:
    """Make the briefs of yearly letters whose day is near; how many."""
    with services.unit_of_work() as session:
        return len(make_due_briefs(session, date.today(), services.config.recurring_lead_days))


def build_batch(services: Services, batch_id: int) -> bool:
    """The batch's merged PDF and manifest, then it is ready (once)."""
    with services.unit_of_work() as session:
        return printing.build_files(session, services.storage, batch_id)


def purge_idempotency_keys(services: Services) -> int:
    """Forget the API's idempotency answers older than a day; how many."""
    with services.unit_of_work() as session:
        return idempotency.purge_expired(session)


def build_hand(services: Services, hand_id: int) -> None:
    """Read a customer's uploaded sample sheet into their hand (seconds of CPU)."""
    with services.unit_of_work() as session:
        hand_building.build(session, services.storage, hand_id)


def build_hand_strokes(services: Services, hand_id: int) -> None:
    """The pen plotter's centre lines of an accepted hand."""
    with services.unit_of_work() as session:
        hand_building.build_strokes(session, services.storage, hand_id)


def health_check(services: Services) -> int:
    """Proves a worker can load the config and write to the database."""
    with services.db.session() as session:
        beat = WorkerHeartbeat(hostname=socket.gethostname())
        session.add(beat)
        session.flush()
        return beat.id


HANDLERS: dict[Job, Callable[..., object]] = {
    Job.DRAFT_LETTER: draft_letter,
    Job.RENDER_PROOF: render_proof_job,
    Job.RENDER_FINAL: render_final_job,
    Job.BUILD_BATCH: build_batch,
    Job.NOTIFY_CUSTOMER: notify_customer,
    Job.SEND_EMAIL_CHANGE: send_email_change,
    Job.SEND_PASSWORD_RESET: send_password_reset,
    Job.SEND_SIGNUP_CONFIRMATION: send_signup_confirmation,
    Job.SEND_SIGNUP_NOTICE: send_signup_notice,
    Job.DELIVER_WEBHOOKS: deliver_webhooks,
    Job.RETRY_WEBHOOKS: retry_webhooks,
    Job.SWEEP: sweep_stuck_letters,
    Job.EXPIRE_CLAIMS: expire_idle_claims,
    Job.MAKE_YEARLY_BRIEFS: make_yearly_briefs,
    Job.PURGE_IDEMPOTENCY_KEYS: purge_idempotency_keys,
    Job.HEALTH_CHECK: health_check,
    Job.BUILD_HAND: build_hand,
    Job.BUILD_HAND_STROKES: build_hand_strokes,
}


def run(services: Services, job: Job, payload: dict[str, int]) -> object:
    return HANDLERS[job](services, **payload)
