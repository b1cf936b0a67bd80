"""Print shops: pull ready letters, take them to print in batches, report printed and shipped.

A print shop sees the ready letters routed to it (routing.py: by the recipient's country);
once a shop batches a letter it is that shop's alone, and another shop finds it as if it did
not exist.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain import batch_files, lifecycle, routing
from letters_app.domain import text as typed
from letters_app.domain.errors import Conflict, InvalidInput, NotFound
from letters_app.domain.locks import lock, locked_letter
from letters_app.domain.models import (
    MAX_ID,
    REVIEWER_ROLES,
    Address,
    Document,
    DocumentKind,
    Letter,
    PrintBatch,
    Role,
    User,
)
from letters_app.domain.pen_plots import PLOT_KINDS
from letters_app.domain.queries import PRINT_FILES
from letters_app.domain.status import Actor, Status
from letters_app.storage import Storage

MAX_BATCH = 500
MAX_TRACKING = 60
IN_PRINT = frozenset({Status.PRINTING, Status.PRINTED, Status.SHIPPED})
BATCH_FILE_TYPES = {"batch_pdf": "application/pdf", "manifest": "application/json"}


def ready_letters(session: Session, shop: User, limit: int = MAX_BATCH) -> list[Letter]:
    """Letters routed to this shop and waiting, the most urgent first (one batch's worth)."""
    _require_printshop(shop)
    return list(session.scalars(
        select(Letter).join(Address, Letter.recipient_address_id == Address.id)
        .where(Letter.status == Status.READY_TO_PRINT.value, Letter.print_batch_id.is_(None),
               routing.routed_to(shop))
        .order_by(Letter.deliver_by, Letter.id).limit(max(1, min(limit, MAX_BATCH)))
    ))


def open_batches(session: Session, shop: User) -> list[PrintBatch]:
    """This shop's batches that still hold letters to print or ship: how a shop that lost a
    reply (a timeout, a crash) finds the letters it took."""
    _require_printshop(shop)
    return list(session.scalars(
        select(PrintBatch).where(PrintBatch.printshop_id == shop.id,
                                 PrintBatch.letters.any(Letter.status.in_(
                                     [Status.PRINTING.value, Status.PRINTED.value])))
        .order_by(PrintBatch.id)
    ))


def print_files(session: Session, letter: Letter) -> list[Document]:
    """The approved version's letter and envelope PDFs, then (for a pen-plotted letter) its
    plot files: each page's SVG, HPGL and G-code, and the envelope's."""
    pdfs = session.scalars(
        select(Document).where(Document.letter_id == letter.id,
                               Document.version == letter.approved_version,
                               Document.kind.in_(PRINT_FILES), Document.page == 0)
        .order_by(Document.kind.desc())  # letter_pdf before envelope_pdf
    )
    plots = session.scalars(
        select(Document).where(Document.letter_id == letter.id,
                               Document.version == letter.approved_version,
                               Document.kind.in_(PLOT_KINDS))
        .order_by(Document.kind.startswith("envelope"), Document.page, Document.kind)
    ) if letter.pen_plotted else []
    return [*pdfs, *plots]


def create_batch(session: Session, shop: User, letter_ids: Iterable[int]) -> PrintBatch:
    """Take letters to print as one batch: all of them, or none if any is not ready."""
    _require_printshop(shop)
    ids = sorted(set(letter_ids))  # one lock order for every shop, so batches cannot deadlock
    if not ids:
        raise InvalidInput("Name at least one letter.", {"letter_ids": "Empty."})
    if len(ids) > MAX_BATCH:
        raise InvalidInput(f"At most {MAX_BATCH} letters a batch.", {"letter_ids": "Too many."})
    # An id no row can have is simply not ready; asking the database would be an error.
    letters = [locked_letter(session, letter_id) if 0 < letter_id <= MAX_ID else None
               for letter_id in ids]
    unavailable = [letter_id for letter_id, letter in zip(ids, letters, strict=True)
                   if letter is None or letter.status != Status.READY_TO_PRINT
                   or letter.print_batch_id is not None
                   or not routing.is_routed_to(session, shop, letter)]
    if unavailable:
        raise Conflict("Not ready to print or already in a batch: letter "
                       + ", ".join(str(i) for i in unavailable) + ". No batch was made.")
    batch = PrintBatch(printshop_id=shop.id)
    session.add(batch)
    session.flush()
    for letter in filter(None, letters):
        lifecycle.transition(session, letter, Status.PRINTING, actor=Actor.PRINTSHOP, by=shop,
                             note=f"batch {batch.id}")
        letter.print_batch_id = batch.id
    session.flush()
    session.refresh(batch, ["letters"])
    return batch


def prepare_files(session: Session, storage: Storage, batch: PrintBatch) -> None:
    """Build the batch's merged PDF and manifest (batch_files), once."""
    if batch.pdf_sha256 is not None:
        return
    items = []
    for letter in batch.letters:
        files = print_files(session, letter)
        docs = {d.kind: d for d in files if d.kind in PRINT_FILES}
        items.append(batch_files.Item(letter, docs[DocumentKind.LETTER_PDF],
                                      docs.get(DocumentKind.ENVELOPE_PDF),
                                      [d for d in files if d.kind in PLOT_KINDS]))
    batch_files.attach_files(storage, batch, items)


def batch_file(session: Session, shop: User, batch_id: int, kind: str) -> Document:
    """The batch's merged PDF or manifest as an unsaved Document (to serve it like one)."""
    batch = shop_batch(session, shop, batch_id)
    sha256 = {"batch_pdf": batch.pdf_sha256, "manifest": batch.manifest_sha256}.get(kind)
    if sha256 is None:
        raise NotFound("No such file.")
    return Document(kind=kind, sha256=sha256, content_type=BATCH_FILE_TYPES[kind])


def shop_batch(session: Session, shop: User, batch_id: int) -> PrintBatch:
    batch = session.get(PrintBatch, batch_id)
    if batch is None or batch.printshop_id != shop.id:
        raise NotFound("No such batch.")
    return batch


def mark_printed(session: Session, shop: User, letter_id: int) -> Letter:
    """Report a letter printed. Reporting it again (a retry after a lost reply) is a no-op."""
    letter = _batched_letter(session, shop, letter_id)
    if letter.status_enum in {Status.PRINTED, Status.SHIPPED}:
        return letter
    lifecycle.transition(session, letter, Status.PRINTED, actor=Actor.PRINTSHOP, by=shop)
    return letter


def mark_shipped(session: Session, shop: User, letter_id: int, tracking_number: str) -> Letter:
    message = typed.forbidden_character(tracking_number or "")
    if message:
        raise InvalidInput(message, {"tracking_number": message})
    tracking = (tracking_number or "").strip()
    if not tracking or len(tracking) > MAX_TRACKING:
        raise InvalidInput(f"A tracking number of 1 to {MAX_TRACKING} characters is needed.",
                           {"tracking_number": "Required."})
    letter = _batched_letter(session, shop, letter_id)
    if letter.status_enum is Status.SHIPPED:
        if letter.tracking_number == tracking:
            return letter  # the same report again: a retry, not a conflict
        raise Conflict(f"Letter {letter.id} is already shipped "
                       f"(tracking number {letter.tracking_number}).")
    if letter.status_enum is not Status.PRINTED:
        raise Conflict(f"Letter {letter.id} is not printed yet; report it printed first.")
    letter.tracking_number = tracking  # before the move, so its event carries the number
    lifecycle.transition(session, letter, Status.SHIPPED, actor=Actor.PRINTSHOP, by=shop,
                         note=f"tracking {tracking}")
    return letter


def take_back(session: Session, letter: Letter, reviewer: User) -> None:
    """Staff take a letter back from a print shop (gone quiet, closed, misprinted): it returns
    to the print queue for any shop, its batch forgotten."""
    if reviewer.role_enum not in REVIEWER_ROLES:
        raise lifecycle.TransitionNotAllowed("Only a reviewer can take a letter back from print.")
    lock(session, letter)
    lifecycle.transition(session, letter, Status.READY_TO_PRINT, actor=Actor.REVIEWER,
                         by=reviewer, note=f"taken back from batch {letter.print_batch_id}")
    letter.print_batch_id = None


def shop_document(session: Session, shop: User, letter_id: int, kind: str,
                  page: int | None = None) -> Document:
    """A print file of a letter that is ready to print, or in this shop's batch: of a kind
    with pages (a letter's plot files), the given page, else the first."""
    _require_printshop(shop)
    letter = session.get(Letter, letter_id)
    if kind not in PRINT_FILES | PLOT_KINDS or letter is None \
            or not _shop_may_see(session, shop, letter):
        raise NotFound("No such file.")
    document = next((d for d in print_files(session, letter)
                     if d.kind == kind and (page is None or d.page == page)), None)
    if document is None:
        raise NotFound("No such file.")
    return document


def _shop_may_see(session: Session, shop: User, letter: Letter) -> bool:
    if letter.status_enum is Status.READY_TO_PRINT and letter.print_batch_id is None:
        return routing.is_routed_to(session, shop, letter)  # its address: only its printers
    batch = session.get(PrintBatch, letter.print_batch_id) if letter.print_batch_id else None
    return (batch is not None and batch.printshop_id == shop.id
            and letter.status_enum in IN_PRINT)


def _batched_letter(session: Session, shop: User, letter_id: int) -> Letter:
    """The letter under a row lock, if it is in one of this shop's batches."""
    _require_printshop(shop)
    letter = locked_letter(session, letter_id)
    batch = session.get(PrintBatch, letter.print_batch_id) if letter and letter.print_batch_id \
        else None
    if letter is None or batch is None or batch.printshop_id != shop.id:
        raise NotFound("No such letter in your batches.")
    return letter


def _require_printshop(user: User) -> None:
    if user.role_enum is not Role.PRINTSHOP:
        raise NotFound("Print-shop accounts only.")
