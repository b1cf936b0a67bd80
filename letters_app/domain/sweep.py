"""The sweep: re-queue work for letters and print batches stuck past a deadline (a lost message,
a dead worker)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain.engine_drafts import queue_engine_draft, waits_for_engine
from letters_app.domain.models import JobState, Letter, RenderKind
from letters_app.domain.printing import batches_building
from letters_app.domain.render_jobs import render_job
from letters_app.domain.status import Status
from letters_app.jobs import Job, outbox

STUCK_AFTER = timedelta(minutes=10)


def sweep(session: Session, now: datetime | None = None,
          stuck_after: timedelta = STUCK_AFTER) -> int:
    """Re-queue the system's own work for letters unchanged for `stuck_after`.

    Only work the system owns: a letter a writer holds, or whose customer asked a writer for
    changes, waits for that person in the studio. Returns how many messages were queued.
    """
    deadline = (now or datetime.now(UTC)) - stuck_after
    stuck = list(session.scalars(select(Letter).where(
        Letter.updated_at < deadline,
        Letter.status.in_([Status.SUBMITTED, Status.REVISION_REQUESTED, Status.IN_REVIEW,
                           Status.APPROVED, Status.RENDERING]),
    )))
    queued = 0
    for letter in stuck:
        if letter.status in {Status.SUBMITTED, Status.REVISION_REQUESTED}:
            if waits_for_engine(letter):
                queue_engine_draft(session, letter)
                queued += 1
        elif letter.status == Status.IN_REVIEW:
            job = render_job(session, letter.id, letter.current_version, RenderKind.PROOF)
            if job is not None and job.state == JobState.PENDING:
                outbox.enqueue(session, Job.RENDER_PROOF, letter_id=letter.id,
                               version=letter.current_version)
                queued += 1
        elif letter.approved_version is not None:
            outbox.enqueue(session, Job.RENDER_FINAL, letter_id=letter.id,
                           version=letter.approved_version)
            queued += 1
        letter.updated_at = datetime.now(UTC)  # one re-queue per deadline, not one per sweep
    for batch_id in batches_building(session, deadline):  # building it again is a no-op
        outbox.enqueue(session, Job.BUILD_BATCH, batch_id=batch_id)
        queued += 1
    return queued
