"""Render jobs: one row per (letter, version, kind), its attempts, its outcome, its files.

A render message may arrive twice, late, or after the worker running it was killed. The job row
says whether the work is done; its attempt count stops a message that kills every worker from
looping for ever.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain.lifecycle import transition
from letters_app.domain.locks import locked_letter
from letters_app.domain.models import (
    Document,
    DocumentKind,
    DraftVersion,
    JobState,
    Letter,
    RenderJob,
    RenderKind,
)
from letters_app.domain.status import Actor, Status
from letters_app.storage import Storage

# A render that started this many times without an answer is a poison message: give up.
MAX_ATTEMPTS = 5
# Statuses in which each kind of render still has work to do.
RENDERABLE = {
    RenderKind.PROOF: {Status.IN_REVIEW},
    RenderKind.FINAL: {Status.APPROVED, Status.RENDERING, Status.RENDER_FAILED},
}


def render_job(session: Session, letter_id: int, version: int,
               kind: RenderKind) -> RenderJob | None:
    return session.scalar(select(RenderJob).where(
        RenderJob.letter_id == letter_id, RenderJob.version == version, RenderJob.kind == kind))


def reopen(session: Session, letter: Letter, version: int, kind: RenderKind) -> RenderJob:
    """The job to render `version` again from scratch: new, or a failed one given a fresh
    count (a person asked for it, so old crashes don't count against it)."""
    job = render_job(session, letter.id, version, kind)
    if job is None:
        job = RenderJob(letter_id=letter.id, version=version, kind=kind)
        session.add(job)
    elif job.state == JobState.FAILED:
        job.state, job.error, job.attempts = JobState.PENDING, None, 0
    return job


def pending_work(session: Session, letter_id: int, version: int,
                 kind: RenderKind) -> tuple[Letter, RenderJob, DraftVersion] | None:
    """The letter (locked), its job and the draft to render, while the job still waits and the
    letter is where that render belongs; None when a late or repeated message finds nothing
    to do (the work is done, or a newer draft or a cancellation overtook it)."""
    letter = locked_letter(session, letter_id)
    job = render_job(session, letter_id, version, kind)
    if (letter is None or job is None or job.state != JobState.PENDING
            or letter.status not in RENDERABLE[kind]):
        return None
    if kind == RenderKind.PROOF and letter.current_version != version:
        return None
    draft = letter.version(version)
    assert draft is not None
    return letter, job, draft


def begin_attempt(session: Session, letter_id: int, version: int, kind: RenderKind) -> bool:
    """Count one attempt, in its own transaction, before the work starts; False when there is
    nothing to do or the job has used up its attempts (then it is failed, with the reason)."""
    work = pending_work(session, letter_id, version, kind)
    if work is None:
        return False
    letter, job, _draft = work
    if job.attempts >= MAX_ATTEMPTS:
        reason = (f"Gave up after {job.attempts} attempts that ended without an answer "
                  f"(last error: {job.error or 'the worker died'}).")
        fail(session, letter, job, reason)
        return False
    job.attempts += 1
    if kind == RenderKind.FINAL and letter.status != Status.RENDERING:
        # Said now, in the committed attempt: the customer sees the letter being penned.
        transition(session, letter, Status.RENDERING, actor=Actor.SYSTEM)
    return True


def refund_attempt(session: Session, letter_id: int, version: int, kind: RenderKind,
                   error: BaseException) -> None:
    """An attempt ended in a passing outage (database, storage): it will be retried, and is
    not the letter's fault, so it does not count; the error is kept for staff to see."""
    job = render_job(session, letter_id, version, kind)
    if job is not None and job.state == JobState.PENDING:
        job.attempts = max(0, job.attempts - 1)
        job.error = f"{type(error).__name__}: {error}"[:2000]


def fail(session: Session, letter: Letter, job: RenderJob, reason: str) -> None:
    """The job failed for good. A final render moves the letter to render_failed; a failed
    proof leaves it in review, where staff see the reason."""
    job.state, job.error = JobState.FAILED, reason
    if job.kind == RenderKind.FINAL and letter.status in {Status.APPROVED, Status.RENDERING}:
        transition(session, letter, Status.RENDER_FAILED, actor=Actor.SYSTEM, note=reason)


def finish(job: RenderJob) -> None:
    job.state, job.error, job.finished_at = JobState.DONE, None, datetime.now(UTC)


def store_document(session: Session, storage: Storage, letter: Letter, version: int,
                   kind: DocumentKind, data: bytes, content_type: str, page: int = 0) -> Document:
    blob = storage.put(data)
    document = Document(letter=letter, version=version, kind=kind, page=page, sha256=blob.sha256,
                        size=blob.size, content_type=content_type)
    session.add(document)
    return document


def last_render_error(session: Session, letter: Letter) -> str | None:
    """Why the render the letter is waiting for failed: the proof of the draft under review,
    or the final render of the approved version. Old failures since overcome say nothing."""
    if letter.status == Status.IN_REVIEW:
        job = render_job(session, letter.id, letter.current_version, RenderKind.PROOF)
    elif letter.status == Status.RENDER_FAILED and letter.approved_version is not None:
        job = render_job(session, letter.id, letter.approved_version, RenderKind.FINAL)
    else:
        return None
    return job.error if job is not None and job.state == JobState.FAILED else None
