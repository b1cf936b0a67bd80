"""The final render: the approved version becomes the print files, and the letter is ready."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app import rendering
from letters_app.domain import pen_plots
from letters_app.domain.letter_inputs import envelope_of, style_of
from letters_app.domain.lifecycle import transition
from letters_app.domain.models import DocumentKind, Letter, RenderKind
from letters_app.domain.render_jobs import fail, finish, pending_work, reopen, store_document
from letters_app.domain.status import Actor, Status
from letters_app.jobs import Job, outbox
from letters_app.storage import Storage

PREVIEW_DPI = 60


def request_final_render(session: Session, letter: Letter) -> None:
    """Queue the final render of the approved version (after approval, or again after
    render_failed)."""
    assert letter.approved_version is not None
    reopen(session, letter, letter.approved_version, RenderKind.FINAL)
    outbox.enqueue(session, Job.RENDER_FINAL, letter_id=letter.id,
                   version=letter.approved_version)


def render_final(session: Session, storage: Storage, letter_id: int, version: int) -> None:
    """Render the approved version into the print files and mark the letter ready."""
    work = pending_work(session, letter_id, version, RenderKind.FINAL)
    if work is None:
        return
    letter, job, draft = work
    if letter.status != Status.RENDERING:
        transition(session, letter, Status.RENDERING, actor=Actor.SYSTEM)
    style = style_of(letter)
    plots: list[pen_plots.PlotFile] = []
    try:
        pdf = rendering.render_letter(draft.text, style, seed=letter.seed)
        envelope = envelope_of(letter) if letter.with_envelope else None
        if letter.pen_plotted:  # the pen's strokes, beside the PDFs; previews show them
            sheets = pen_plots.letter_sheets(letter, draft.text)
            previews = pen_plots.previews(sheets, PREVIEW_DPI)
            plots = pen_plots.letter_files(sheets)
            if letter.with_envelope:
                plots += pen_plots.envelope_files(pen_plots.envelope_sheet(letter))
        else:
            previews = rendering.render_previews(pdf, dpi=PREVIEW_DPI)
    except rendering.RenderError as err:
        fail(session, letter, job, str(err))
        return
    store_document(session, storage, letter, version, DocumentKind.LETTER_PDF, pdf,
                   "application/pdf")
    if envelope is not None:
        store_document(session, storage, letter, version, DocumentKind.ENVELOPE_PDF, envelope,
                       "application/pdf")
    for page, png in enumerate(previews, start=1):
        store_document(session, storage, letter, version, DocumentKind.PREVIEW_PNG, png,
                       "image/png", page)
    for plot in plots:
        store_document(session, storage, letter, version, plot.kind, plot.data,
                       plot.content_type, plot.page)
    finish(job)
    transition(session, letter, Status.READY_TO_PRINT, actor=Actor.SYSTEM)
