"""Transactional outbox: tasks are written with the data that needs them, sent after commit.

A task message is a row in the same transaction as the change that makes it necessary, so a
rolled-back change never sends one, and a committed change never loses one. The relay claims
rows (marking them sent and committing) before sending, so a task that runs in-process can
write freely; if sending fails, the claim is undone. Messages carry ids only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from letters_app.domain.database import Database
from letters_app.domain.models import OutboxMessage

Sender = Callable[[str, dict[str, int]], None]


def enqueue(session: Session, task: str, **ids: int) -> None:
    session.add(OutboxMessage(task=task, payload=ids))


def relay(db: Database, send: Sender, batch: int = 50) -> int:
    """Send every unsent message; returns how many were sent."""
    sent = 0
    while True:
        with db.session() as session:
            claim = (select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                     .order_by(OutboxMessage.id).limit(batch)
                     .with_for_update(skip_locked=True))
            messages = list(session.scalars(claim))
            now = datetime.now(UTC)
            for message in messages:
                message.sent_at = now
                message.attempts += 1
            work = [(m.id, m.task, dict(m.payload)) for m in messages]
        if not work:
            return sent
        for message_id, task, payload in work:
            try:
                send(task, payload)
            except Exception:
                with db.session() as session:
                    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                                    .values(sent_at=None))
                raise
            sent += 1
