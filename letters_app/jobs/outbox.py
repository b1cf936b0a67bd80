"""Transactional outbox: tasks are written with the data that needs them, sent after commit.

A task message is a row in the same transaction as the change that makes it necessary, so a
rolled-back change never sends one. The relay leases a batch (commits the lease), sends each
message, then marks it sent. If sending fails, every unsent lease of the batch is given back;
if the relay dies, its leases run out and another relay sends the messages again. Delivery is
therefore at least once, and every task is idempotent. Messages carry ids only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from letters_app.domain.database import Database
from letters_app.domain.models import OutboxMessage
from letters_app.jobs.catalog import Job, checked_payload

Send = Callable[[Job, dict[str, int]], None]
LEASE = timedelta(minutes=2)


def enqueue(session: Session, job: Job, **ids: int) -> None:
    """Write the job beside the change that needs it; it is sent once the change commits."""
    session.add(OutboxMessage(task=job.value, payload=checked_payload(job, ids)))


def relay(db: Database, send: Send, batch: int = 50) -> int:
    """Send every unsent message whose lease is free; returns how many were sent."""
    sent = 0
    while True:
        work = _lease(db, batch)
        if not work:
            return sent
        done: list[int] = []
        try:
            for message_id, job, payload in work:
                send(job, payload)
                done.append(message_id)
                sent += 1
        finally:
            _settle(db, done, [message_id for message_id, _, _ in work])


def _lease(db: Database, batch: int) -> list[tuple[int, Job, dict[str, int]]]:
    now = datetime.now(UTC)
    with db.session() as session:
        due = (select(OutboxMessage)
               .where(OutboxMessage.sent_at.is_(None),
                      or_(OutboxMessage.claimed_until.is_(None),
                          OutboxMessage.claimed_until < now))
               .order_by(OutboxMessage.id).limit(batch)
               .with_for_update(skip_locked=True))
        messages = list(session.scalars(due))
        for message in messages:
            message.claimed_until = now + LEASE
            message.attempts += 1
        return [(m.id, Job(m.task), dict(m.payload)) for m in messages]


def _settle(db: Database, done: list[int], leased: list[int]) -> None:
    """Mark what was sent; give back the lease of everything else in the batch."""
    now = datetime.now(UTC)
    with db.session() as session:
        if done:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(done))
                            .values(sent_at=now, claimed_until=None))
        unsent = sorted(set(leased) - set(done))
        if unsent:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(unsent))
                            .values(claimed_until=None))
