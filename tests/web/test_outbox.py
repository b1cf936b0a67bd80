"""The outbox relay: at least once, never lost, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from letters_app.domain.database import Database
from letters_app.domain.models import OutboxMessage
from letters_app.jobs import Job, outbox


def _queue(db: Database, count: int) -> None:
    with db.session() as session:
        for n in range(count):
            outbox.enqueue(session, Job.RENDER_FINAL, letter_id=n, version=1)


def _unsent(db: Database) -> list[int]:
    with db.session() as session:
        return [m.payload["letter_id"] for m in session.scalars(
            select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id))]


def test_every_message_is_sent_once_in_order(db: Database) -> None:
    _queue(db, 5)
    sent: list[tuple[str, dict[str, int]]] = []
    assert outbox.relay(db, lambda task, payload: sent.append((task, payload))) == 5
    assert [p["letter_id"] for _, p in sent] == [0, 1, 2, 3, 4]
    assert _unsent(db) == []
    assert outbox.relay(db, lambda task, payload: sent.append((task, payload))) == 0


def test_a_failed_send_loses_nothing_of_the_batch(db: Database) -> None:
    _queue(db, 4)
    sent: list[int] = []

    def broker_down_at_the_third(job: Job, payload: dict[str, int]) -> None:
        if payload["letter_id"] == 2:
            raise ConnectionError("broker went away")
        sent.append(payload["letter_id"])

    with pytest.raises(ConnectionError):
        outbox.relay(db, broker_down_at_the_third)
    assert sent == [0, 1]
    assert _unsent(db) == [2, 3]  # given back, not stranded as "sent"
    outbox.relay(db, lambda task, payload: sent.append(payload["letter_id"]))
    assert sent == [0, 1, 2, 3]


def test_a_relay_that_died_mid_batch_is_taken_over_after_its_lease(db: Database) -> None:
    _queue(db, 2)
    outbox._lease(db, batch=50)  # a relay leased the batch, then its process was killed
    assert outbox.relay(db, lambda task, payload: None) == 0  # the lease is still live
    with db.session() as session:
        session.execute(update(OutboxMessage).values(
            claimed_until=datetime.now(UTC) - timedelta(seconds=1)))  # time passes
    sent: list[int] = []
    assert outbox.relay(db, lambda task, payload: sent.append(payload["letter_id"])) == 2
    assert sent == [0, 1]


def test_a_job_is_refused_unless_it_carries_exactly_its_ids(db: Database) -> None:
    with db.session() as session:
        for wrong in ({"letter_id": 1}, {"letter_id": 1, "version": 1, "extra": 2},
                      {"letter_id": "1", "version": 1}):
            with pytest.raises(ValueError, match=r"letters\.render_final takes ids"):
                outbox.enqueue(session, Job.RENDER_FINAL, **wrong)
    assert _unsent(db) == []
