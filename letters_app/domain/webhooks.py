"""Webhooks: every status change of a business client's letters, POSTed to its endpoints as
signed JSON, in order, through the outbox, with retries that back off exponentially.

The signature header is `Letters-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" under the webhook's secret>` (Stripe's scheme): a client recomputes it and
refuses a stale `t`, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain import webhook_targets
from letters_app.domain.errors import InvalidInput, NotFound
from letters_app.domain.models import AuditEvent, Role, User, Webhook, WebhookDelivery
from letters_app.domain.status import Status
from letters_app.jobs import Job, outbox

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)  # the cap on the backoff
MAX_WEBHOOKS = 5
SIGNATURE_HEADER = "Letters-Signature"
EVENT_HEADER = "Letters-Event-Id"


def register(session: Session, user: User, url: str, allow_private: bool = False) -> Webhook:
    """A new endpoint for `user`'s letters; its secret is shown to the client once. Only a
    public address (webhook_targets; `allow_private` for development and tests)."""
    if user.role_enum is not Role.BUSINESS:
        raise InvalidInput("Webhooks are for business accounts.")
    if len(url) > 500:
        raise InvalidInput("Give an http(s) URL of at most 500 characters.",
                           {"url": "Too long."})
    webhook_targets.check_registration(url, allow_private)
    count = len(webhooks_of(session, user))
    if count >= MAX_WEBHOOKS:
        raise InvalidInput(f"At most {MAX_WEBHOOKS} webhooks an account.", {"url": "Too many."})
    hook = Webhook(user_id=user.id, url=url.strip(), secret="whsec_" + secrets.token_hex(24),
                   enabled=True)
    session.add(hook)
    session.flush()
    return hook


def webhooks_of(session: Session, user: User) -> list[Webhook]:
    return list(session.scalars(select(Webhook).where(Webhook.user_id == user.id)
                                .order_by(Webhook.id)))


def all_webhooks(session: Session) -> list[Webhook]:
    return list(session.scalars(select(Webhook).order_by(Webhook.id)))


def own_webhook(session: Session, user: User, webhook_id: int) -> Webhook:
    hook = session.get(Webhook, webhook_id)
    if hook is None or hook.user_id != user.id:
        raise NotFound("No such webhook.")
    return hook


def set_enabled(hook: Webhook, enabled: bool) -> None:
    """A disabled endpoint stops receiving: nothing new is queued for it, and what was
    waiting is not sent (it stays in the log, pending, until the endpoint is enabled)."""
    hook.enabled = enabled


def deliveries(session: Session, hook: Webhook, limit: int = 100) -> list[WebhookDelivery]:
    return list(session.scalars(select(WebhookDelivery).where(
        WebhookDelivery.webhook_id == hook.id).order_by(WebhookDelivery.id.desc()).limit(limit)))


def queue_event(session: Session, event: AuditEvent) -> None:
    """A delivery of this status change for each enabled webhook of the letter's owner."""
    letter = event.letter
    if letter is None or event.to_status is None:
        return
    hooks = [h for h in session.scalars(select(Webhook).where(
        Webhook.user_id == letter.customer_id, Webhook.enabled.is_(True)))]
    if not hooks:
        return
    session.flush()  # the event needs its id
    for hook in hooks:
        event_id = "evt_" + uuid.uuid4().hex
        session.add(WebhookDelivery(
            webhook_id=hook.id, audit_event_id=event.id, event_id=event_id, state="pending",
            payload={"id": event_id, "type": "letter.status_changed",
                     "created": event.created_at.isoformat() if event.created_at
                     else datetime.now(UTC).isoformat(),
                     "data": {"order_id": letter.id, "from": event.from_status,
                              "to": event.to_status,
                              "label": Status(event.to_status).label,
                              "tracking_number": letter.tracking_number}}))
        outbox.enqueue(session, Job.DELIVER_WEBHOOKS, webhook_id=hook.id)


def signature(secret: str, body: bytes, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, body: bytes, header: str, tolerance: int = 300,
           now: int | None = None) -> bool:
    """What a client does with a delivery (and what the tests do)."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((int(time.time()) if now is None else now) - t) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, body, t), header)


def next_due(session: Session, webhook_id: int, now: datetime) -> WebhookDelivery | None:
    """The oldest undelivered event of the webhook, if it is due: events go out in order,
    so a failing one holds back the ones after it."""
    first = session.scalar(select(WebhookDelivery).where(
        WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.state == "pending")
        .order_by(WebhookDelivery.id).limit(1))
    if first is None or (first.next_attempt_at is not None and first.next_attempt_at > now):
        return None
    return first


def record_attempt(delivery: WebhookDelivery, status_code: int | None, error: str | None,
                   now: datetime) -> None:
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = status_code, error
    if status_code is not None and 200 <= status_code < 300:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state, delivery.next_attempt_at = "failed", None
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... at most an hour."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def webhooks_due(session: Session, now: datetime) -> list[int]:
    """Enabled webhooks with a retry that is due (the periodic retry job sends them)."""
    return sorted(set(session.scalars(select(WebhookDelivery.webhook_id).join(Webhook).where(
        Webhook.enabled.is_(True), WebhookDelivery.state == "pending",
        WebhookDelivery.next_attempt_at <= now))))
