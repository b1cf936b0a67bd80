"""The steps a letter takes between people: engine draft, proof, approval, final render.

Each step is idempotent: run twice (a redelivered task, a sweep), it finds the work done and
changes nothing. Tasks and views are thin shells around these functions.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app import rendering
from letters_app.domain import outbox
from letters_app.domain.brief import Brief, Length, Occasion, Tone
from letters_app.domain.drafting import write_draft
from letters_app.domain.errors import Conflict
from letters_app.domain.lifecycle import checked_note, transition
from letters_app.domain.locks import lock, locked_letter
from letters_app.domain.models import Document, DraftVersion, Letter, RenderJob, User
from letters_app.domain.status import Actor, Status
from letters_app.storage import LocalStorage

PROOF_DPI = 90
PREVIEW_DPI = 60
STUCK_AFTER = timedelta(minutes=10)


def brief_of(letter: Letter) -> Brief:
    return Brief(
        sender_name=letter.sender_name, sender_signature=letter.sender_signature,
        relationship=letter.relationship_to_sender, recipient_name=letter.recipient_name,
        recipient_salutation=letter.recipient_salutation, occasion=Occasion(letter.occasion),
        tone=Tone(letter.tone), length=Length(letter.length),
        memories=Brief.split_memories(letter.memories),
    )


def style_of(letter: Letter) -> rendering.LetterStyle:
    return rendering.LetterStyle(hand=letter.hand, ink=letter.ink, paper=letter.paper,
                                 stationery=letter.stationery)


def add_version(session: Session, letter: Letter, text: str, *, source: str,
                author: User | None = None) -> DraftVersion:
    letter.current_version += 1
    version = DraftVersion(letter=letter, number=letter.current_version, text=text,
                           source=source, author_id=author.id if author else None)
    session.add(version)
    return version


def queue_engine_draft(session: Session, letter: Letter) -> None:
    outbox.enqueue(session, "letters.draft_letter", letter_id=letter.id,
                   version=letter.current_version)


def draft_with_engine(session: Session, letter_id: int, version: int, *,
                      auto_release: bool) -> None:
    """The template engine writes the next draft of a letter that is waiting for one.

    `version` is the draft the request was made against: a late or repeated message (a
    redelivery, a sweep) finds the letter moved on, or taken by a writer, and does nothing.
    """
    letter = locked_letter(session, letter_id)
    if (letter is None or letter.current_version != version or letter.writer_id is not None
            or letter.status not in {Status.SUBMITTED, Status.REVISION_REQUESTED}):
        return
    transition(session, letter, Status.DRAFTING, actor=Actor.SYSTEM, note="template engine")
    text = write_draft(brief_of(letter), seed=letter.seed + letter.current_version)
    add_version(session, letter, text, source="engine")
    transition(session, letter, Status.IN_REVIEW, actor=Actor.SYSTEM)
    if auto_release:
        request_proof(session, letter)


def request_proof(session: Session, letter: Letter) -> None:
    """Queue the proof of the current version; the customer is asked once it exists."""
    job = render_job(session, letter.id, letter.current_version, "proof")
    if job is None:
        session.add(RenderJob(letter_id=letter.id, version=letter.current_version, kind="proof"))
    elif job.state == "failed":
        job.state, job.error = "pending", None
    outbox.enqueue(session, "letters.render_proof", letter_id=letter.id,
                   version=letter.current_version)


def render_proof(session: Session, storage: LocalStorage, letter_id: int, version: int) -> None:
    letter = locked_letter(session, letter_id)
    job = render_job(session, letter_id, version, "proof")
    if letter is None or job is None or job.state == "done":
        return
    if letter.status != Status.IN_REVIEW or letter.current_version != version:
        return  # a newer draft or a cancellation overtook this proof
    draft = letter.version(version)
    assert draft is not None
    try:
        pdf = rendering.render_letter(draft.text, style_of(letter), seed=letter.seed)
        pages = rendering.render_previews(pdf, dpi=PROOF_DPI)
    except rendering.RenderError as err:
        # The letter stays in review; staff see the failed job and the reason.
        job.state, job.error = "failed", str(err)
        return
    # Only page images: the PDF itself is the product, handed over after approval.
    for page, png in enumerate(pages, start=1):
        _store(session, storage, letter, version, "proof_png", png, "image/png", page)
    _finish(job)
    transition(session, letter, Status.AWAITING_APPROVAL, actor=Actor.SYSTEM)


def approve(session: Session, letter: Letter, customer: User, version: int) -> None:
    """The customer approves the proof of `version`, the one they read; the final render is
    queued in the same transaction."""
    letter = lock(session, letter)
    if letter.status == Status.AWAITING_APPROVAL and letter.current_version != version:
        raise Conflict("This letter has a newer draft than the one you approved. "
                       "Please read the new proof first.")
    transition(session, letter, Status.APPROVED, actor=Actor.CUSTOMER, by=customer)
    letter.approved_version = letter.current_version
    session.add(RenderJob(letter_id=letter.id, version=letter.current_version, kind="final"))
    outbox.enqueue(session, "letters.render_final", letter_id=letter.id,
                   version=letter.current_version)


def request_revision(session: Session, letter: Letter, customer: User, note: str) -> None:
    """The customer asks for another draft. With no note, the engine writes a fresh variation
    at once; with a note, the letter waits in the writers' queue for a person to read it."""
    checked = checked_note(note, required=False)
    letter = lock(session, letter)
    transition(session, letter, Status.REVISION_REQUESTED, actor=Actor.CUSTOMER, by=customer,
               note=checked)
    if checked is None:
        queue_engine_draft(session, letter)


def cancel(session: Session, letter: Letter, by: User, actor: Actor) -> None:
    transition(session, lock(session, letter), Status.CANCELLED, actor=actor, by=by)


def render_final(session: Session, storage: LocalStorage, letter_id: int, version: int) -> None:
    """Render the approved version into the print files and mark the letter ready."""
    letter = locked_letter(session, letter_id)
    job = render_job(session, letter_id, version, "final")
    if letter is None or job is None or job.state == "done":
        return
    if letter.status in {Status.APPROVED, Status.RENDER_FAILED}:
        transition(session, letter, Status.RENDERING, actor=Actor.SYSTEM)
    elif letter.status != Status.RENDERING:
        return
    job.attempts += 1
    draft = letter.version(version)
    assert draft is not None
    style = style_of(letter)
    try:
        pdf = rendering.render_letter(draft.text, style, seed=letter.seed)
        envelope = (rendering.render_envelope(letter.recipient_address.lines, style,
                                              seed=letter.seed)
                    if letter.with_envelope else None)
        previews = rendering.render_previews(pdf, dpi=PREVIEW_DPI)
    except rendering.RenderError as err:
        job.state, job.error = "failed", str(err)
        transition(session, letter, Status.RENDER_FAILED, actor=Actor.SYSTEM, note=str(err))
        return
    _store(session, storage, letter, version, "letter_pdf", pdf, "application/pdf")
    if envelope is not None:
        _store(session, storage, letter, version, "envelope_pdf", envelope, "application/pdf")
    for page, png in enumerate(previews, start=1):
        _store(session, storage, letter, version, "preview_png", png, "image/png", page)
    _finish(job)
    transition(session, letter, Status.READY_TO_PRINT, actor=Actor.SYSTEM)


def retry_final_render(session: Session, letter: Letter) -> None:
    """Queue the final render of the approved version again (after render_failed)."""
    assert letter.approved_version is not None
    job = render_job(session, letter.id, letter.approved_version, "final")
    if job is not None and job.state == "failed":
        job.state, job.error = "pending", None
    outbox.enqueue(session, "letters.render_final", letter_id=letter.id,
                   version=letter.approved_version)


def last_render_error(session: Session, letter: Letter) -> str | None:
    """Why the render the letter is waiting for failed: the proof of the draft under review,
    or the final render of the approved version. Old failures since overcome say nothing."""
    if letter.status == Status.IN_REVIEW:
        job = render_job(session, letter.id, letter.current_version, "proof")
    elif letter.status == Status.RENDER_FAILED and letter.approved_version is not None:
        job = render_job(session, letter.id, letter.approved_version, "final")
    else:
        return None
    return job.error if job is not None and job.state == "failed" else None


def sweep(session: Session, now: datetime | None = None) -> int:
    """Re-queue work for letters stuck past a deadline (a lost message, a dead worker).

    Only work the system owns: a letter a writer holds, or whose customer asked a writer for
    changes, waits for that person in the studio. Returns how many messages were queued.
    """
    deadline = (now or datetime.now(UTC)) - STUCK_AFTER
    stuck = list(session.scalars(select(Letter).where(
        Letter.updated_at < deadline,
        Letter.status.in_([Status.SUBMITTED, Status.REVISION_REQUESTED, Status.IN_REVIEW,
                           Status.APPROVED, Status.RENDERING]),
    )))
    queued = 0
    for letter in stuck:
        if letter.status in {Status.SUBMITTED, Status.REVISION_REQUESTED}:
            if _waits_for_engine(letter):
                queue_engine_draft(session, letter)
                queued += 1
        elif letter.status == Status.IN_REVIEW:
            job = render_job(session, letter.id, letter.current_version, "proof")
            if job is not None and job.state == "pending":
                outbox.enqueue(session, "letters.render_proof", letter_id=letter.id,
                               version=letter.current_version)
                queued += 1
        elif letter.approved_version is not None:
            outbox.enqueue(session, "letters.render_final", letter_id=letter.id,
                           version=letter.approved_version)
            queued += 1
        letter.updated_at = datetime.now(UTC)  # one re-queue per deadline, not one per sweep
    return queued


def _waits_for_engine(letter: Letter) -> bool:
    """A new order nobody drafted, or a revision asked for without a note for a writer."""
    if letter.writer_id is not None:
        return False
    if letter.status == Status.SUBMITTED:
        return letter.current_version == 0
    request = next((e for e in reversed(letter.events)
                    if e.to_status == Status.REVISION_REQUESTED), None)
    return request is not None and not request.note


def render_job(session: Session, letter_id: int, version: int, kind: str) -> RenderJob | None:
    return session.scalar(select(RenderJob).where(
        RenderJob.letter_id == letter_id, RenderJob.version == version, RenderJob.kind == kind))


def _finish(job: RenderJob) -> None:
    job.state, job.error, job.finished_at = "done", None, datetime.now(UTC)


def _store(session: Session, storage: LocalStorage, letter: Letter, version: int, kind: str,
           data: bytes, content_type: str, page: int = 0) -> Document:
    blob = storage.put(data)
    document = Document(letter=letter, version=version, kind=kind, page=page, sha256=blob.sha256,
                        size=blob.size, content_type=content_type)
    session.add(document)
    return document
