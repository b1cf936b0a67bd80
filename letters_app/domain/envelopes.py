"""The envelope the customer sees before approving, and a corrected address after a proof:
the address is not part of the draft, so fixing a typo re-renders only the envelope."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app import rendering
from letters_app.domain import pen_plots
from letters_app.domain.addresses import AddressInput, validate_address
from letters_app.domain.errors import Conflict, InvalidInput
from letters_app.domain.letter_inputs import envelope_of
from letters_app.domain.locks import lock
from letters_app.domain.models import AuditEvent, Document, DocumentKind, Letter, User
from letters_app.domain.status import Actor, Status
from letters_app.storage import Storage

ENVELOPE_DPI = 60
# Until the print shop takes the letter, its envelope can still be made again.
CORRECTABLE = frozenset({Status.SUBMITTED, Status.DRAFTING, Status.IN_REVIEW,
                         Status.AWAITING_APPROVAL, Status.REVISION_REQUESTED, Status.APPROVED,
                         Status.RENDERING, Status.READY_TO_PRINT, Status.RENDER_FAILED})


def address_correctable(letter: Letter) -> bool:
    return letter.status_enum in CORRECTABLE


def store_envelope_proof(session: Session, storage: Storage, letter: Letter,
                         envelope_pdf: bytes) -> None:
    """The envelope as a picture beside the proof pages of the current version (for a
    pen-plotted letter, drawn from the strokes the pen will draw)."""
    if letter.pen_plotted:
        png = pen_plots.previews([pen_plots.envelope_sheet(letter)], ENVELOPE_DPI)[0]
    else:
        [png] = rendering.render_previews(envelope_pdf, dpi=ENVELOPE_DPI)[:1]
    _put(session, storage, letter, letter.current_version, DocumentKind.ENVELOPE_PNG, png,
         "image/png", page=1)


def correct_address(session: Session, storage: Storage, letter: Letter, customer: User,
                    raw: AddressInput) -> None:
    """Replace the recipient's address and re-render what shows it, leaving the draft alone.

    The envelope is one page with a few lines; it renders in the request, in well under a
    second, so the corrected proof is there when the page reloads."""
    letter = lock(session, letter)
    if not address_correctable(letter):
        raise Conflict("The letter is with the print shop; its address can no longer change.")
    address = validate_address(raw)
    old = letter.recipient_address
    letter.recipient_address = address
    letter.recipient_name = address.name
    if letter.with_envelope:
        try:
            envelope = envelope_of(letter)
        except rendering.RenderError as err:
            raise InvalidInput("Please check the address.", {
                "address_street_address": f"This address does not fit an envelope: {err}"
            }) from err
        if letter.status_enum not in {Status.SUBMITTED, Status.DRAFTING}:
            store_envelope_proof(session, storage, letter, envelope)
        if letter.status == Status.READY_TO_PRINT and letter.approved_version is not None:
            _put(session, storage, letter, letter.approved_version, DocumentKind.ENVELOPE_PDF,
                 envelope, "application/pdf", page=0)
            if letter.pen_plotted:
                for plot in pen_plots.envelope_files(pen_plots.envelope_sheet(letter)):
                    _put(session, storage, letter, letter.approved_version, plot.kind,
                         plot.data, plot.content_type, page=plot.page)
    session.delete(old)
    session.add(AuditEvent(letter=letter, actor_id=customer.id, actor_role=Actor.CUSTOMER.value,
                           action="address_corrected", note=None))


def _put(session: Session, storage: Storage, letter: Letter, version: int, kind: DocumentKind,
         data: bytes, content_type: str, page: int) -> None:
    """Store the file, replacing the one of the same version, kind and page if there is one
    (a PDF is page 0, as the final render stores it; a picture is page 1)."""
    blob = storage.put(data)
    document = session.scalar(select(Document).where(
        Document.letter_id == letter.id, Document.version == version, Document.kind == kind,
        Document.page == page))
    if document is None:
        document = Document(letter=letter, version=version, kind=kind, page=page)
        session.add(document)
    document.sha256, document.size, document.content_type = blob.sha256, blob.size, content_type
