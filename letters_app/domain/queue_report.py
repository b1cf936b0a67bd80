"""How the work stands: letters per status with the oldest of each, and failed renders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters_app.domain.models import JobState, Letter, OutboxMessage, RenderJob
from letters_app.domain.status import Status


@dataclass(frozen=True)
class StatusLine:
    status: Status
    count: int
    oldest_letter_id: int
    oldest_age: timedelta


@dataclass(frozen=True)
class FailedRender:
    letter_id: int
    version: int
    kind: str
    attempts: int
    reason: str


def letters_by_status(session: Session, now: datetime | None = None) -> list[StatusLine]:
    """Each status with letters in it, in the order of the flow; the age is time since the
    letter last changed (how long it has been waiting where it is)."""
    now = now or datetime.now(UTC)
    counts: dict[str, int] = {status: count for status, count in session.execute(
        select(Letter.status, func.count()).group_by(Letter.status))}
    lines = []
    for status in Status:
        if not counts.get(status):
            continue
        oldest = session.execute(
            select(Letter.id, Letter.updated_at).where(Letter.status == status)
            .order_by(Letter.updated_at, Letter.id).limit(1)).one()
        lines.append(StatusLine(status, counts[status], oldest.id, now - oldest.updated_at))
    return lines


def failed_renders(session: Session) -> list[FailedRender]:
    jobs = session.scalars(select(RenderJob).where(RenderJob.state == JobState.FAILED)
                           .order_by(RenderJob.letter_id, RenderJob.version))
    return [FailedRender(job.letter_id, job.version, job.kind, job.attempts, job.error or "")
            for job in jobs]


def unsent_jobs(session: Session) -> int:
    """Jobs committed but not yet handed to the broker (it was away, or the relay is due)."""
    return session.scalar(select(func.count()).select_from(OutboxMessage)
                          .where(OutboxMessage.sent_at.is_(None))) or 0
