"""Proofs: page images of the draft under review, shown to the customer before approval."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app import rendering
from letters_app.domain import pen_plots
from letters_app.domain.envelopes import store_envelope_proof
from letters_app.domain.letter_inputs import envelope_of, style_of
from letters_app.domain.lifecycle import transition
from letters_app.domain.models import DocumentKind, Letter, RenderKind
from letters_app.domain.render_jobs import fail, finish, pending_work, reopen, store_document
from letters_app.domain.status import Actor, Status
from letters_app.jobs import Job, outbox
from letters_app.storage import Storage

PROOF_DPI = 90


def request_proof(session: Session, letter: Letter) -> None:
    """Queue the proof of the current version; the customer is asked once it exists."""
    reopen(session, letter, letter.current_version, RenderKind.PROOF)
    outbox.enqueue(session, Job.RENDER_PROOF, letter_id=letter.id,
                   version=letter.current_version)


def render_proof(session: Session, storage: Storage, letter_id: int, version: int) -> None:
    work = pending_work(session, letter_id, version, RenderKind.PROOF)
    if work is None:
        return
    letter, job, draft = work
    try:
        if letter.pen_plotted:  # what the pen will draw, not the printed look
            pages = pen_plots.previews(pen_plots.letter_sheets(letter, draft.text), PROOF_DPI)
        else:
            pdf = rendering.render_letter(draft.text, style_of(letter), seed=letter.seed)
            pages = rendering.render_previews(pdf, dpi=PROOF_DPI)
        envelope = envelope_of(letter) if letter.with_envelope else None
    except rendering.RenderError as err:
        fail(session, letter, job, str(err))
        return
    # Only page images: the PDF itself is the product, handed over after approval.
    for page, png in enumerate(pages, start=1):
        store_document(session, storage, letter, version, DocumentKind.PROOF_PNG, png,
                       "image/png", page)
    if envelope is not None:
        store_envelope_proof(session, storage, letter, envelope)
    finish(job)
    transition(session, letter, Status.AWAITING_APPROVAL, actor=Actor.SYSTEM)
