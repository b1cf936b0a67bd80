"""Idempotency keys: a client's retry of a POST gets the first answer, not a second effect.

The key is reserved in the same transaction as the work it guards. A second request with the
same key waits on the unique index until the first commits (PostgreSQL), then finds its answer;
if the first rolled back, the second does the work instead. Answers are kept for a day.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from letters_app.domain.errors import Conflict, InvalidInput
from letters_app.domain.models import IdempotencyKey

KEEP = timedelta(hours=24)


class KeyReused(InvalidInput):
    """The key already answered a different request."""


@dataclass(frozen=True)
class Replay:
    status_code: int
    response: dict[str, object]


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests the same: method, path and body (JSON compared by value, so a
    retry that re-serialises the same body still matches)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


def claim(session: Session, user_id: int, key: str, print_: str,
          now: datetime | None = None) -> IdempotencyKey | Replay:
    """Reserve `key` for this request (fill in the answer before commit), or the answer an
    earlier request with the same key and body got. Another body: KeyReused."""
    now = now or datetime.now(UTC)
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                 IdempotencyKey.key == key,
                                                 IdempotencyKey.created_at < now - KEEP))
    earlier = _find(session, user_id, key)
    if earlier is None:
        row = IdempotencyKey(user_id=user_id, key=key, fingerprint=print_, status_code=0,
                             response={}, created_at=now)
        try:
            with session.begin_nested():
                session.add(row)
            return row
        except IntegrityError:
            earlier = _find(session, user_id, key)  # a racing request with the key committed
            if earlier is None:
                raise Conflict("A request with this Idempotency-Key is still running; "
                               "retry in a moment.") from None
    if earlier.fingerprint != print_:
        raise KeyReused("This Idempotency-Key was used for a different request in the last "
                        "24 hours; use a new key for a new request.",
                        {"Idempotency-Key": "Already used with another body."})
    return Replay(earlier.status_code, dict(earlier.response))


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Forget the answers older than a day (their keys may be used again); how many."""
    cutoff = (now or datetime.now(UTC)) - KEEP
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _find(session: Session, user_id: int, key: str) -> IdempotencyKey | None:
    return session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                       IdempotencyKey.key == key))
