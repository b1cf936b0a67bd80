"""Claims that expire: a letter a writer took and then left alone goes back to the queue.

Run by the beat (Job.EXPIRE_CLAIMS) and also whenever the studio queue is read, so the
embedded default, which has no beat, expires claims too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from letters_app.domain.lifecycle import transition
from letters_app.domain.models import Letter
from letters_app.domain.status import Actor, Status


def touch(letter: Letter, now: datetime | None = None) -> None:
    """The holder did something with the letter: the claim's clock starts again."""
    letter.claim_active_at = now or datetime.now(UTC)


def expire_claims(session: Session, expire_after: timedelta,
                  now: datetime | None = None) -> list[int]:
    """Return to the queue every claimed letter idle for `expire_after`; their ids.

    Rows another transaction holds (a save in progress) are skipped: that writer is active."""
    deadline = (now or datetime.now(UTC)) - expire_after
    idle = list(session.scalars(
        select(Letter)
        .where(Letter.status == Status.DRAFTING, Letter.writer_id.is_not(None),
               # Claims older than the activity clock count from the letter's last move.
               or_(Letter.claim_active_at < deadline,
                   and_(Letter.claim_active_at.is_(None), Letter.updated_at < deadline)))
        .order_by(Letter.id)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)))
    for letter in idle:
        transition(session, letter, Status.SUBMITTED, actor=Actor.SYSTEM,
                   note=f"claim expired after {_duration(expire_after)} without a save")
        letter.writer_id = None
        letter.claim_active_at = None
    return [letter.id for letter in idle]


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} minutes"
