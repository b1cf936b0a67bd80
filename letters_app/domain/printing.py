"""Print shops: pull ready letters, take them to print in batches, report printed and shipped.

A print shop sees the ready letters routed to it (routing.py: by the recipient's country);
once a shop batches a letter it is that shop's alone, and another shop finds it as if it did
not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

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
from letters_app.jobs import Job, outbox
from letters_app.storage import Storage

MAX_BATCH = 500
MAX_TRACKING = 60
IN_PRINT = frozenset({Status.PRINTING, Status.PRINTED, Status.SHIPPED})
BATCH_FILE_TYPES = {"batch_pdf": "application/pdf", "manifest": "application/json"}
BUILDING, READY = "building", "ready"
_BATCH_NOTE = re.compile(r"batch (\d+)")  # create_batch's note on the move to printing


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


class NotReady(Conflict):
    """The batch's files are still being built."""


def create_batch(session: Session, shop: User, letter_ids: Iterable[int],
                 options: batch_files.Options | None = None) -> PrintBatch:
    """Take letters to print as one batch: all of them, or none if any is not ready. Its
    merged PDF and manifest are built by a job on the renders queue (build_files): merging
    hundreds of PDFs is no work for a web request."""
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
    options = options or batch_files.Options()
    batch = PrintBatch(printshop_id=shop.id, state=BUILDING, page_order=options.order,
                       imposition=options.imposition)
    session.add(batch)
    session.flush()
    outbox.enqueue(session, Job.BUILD_BATCH, batch_id=batch.id)
    for letter in filter(None, letters):
        lifecycle.transition(session, letter, Status.PRINTING, actor=Actor.PRINTSHOP, by=shop,
                             note=f"batch {batch.id}")
        letter.print_batch_id = batch.id
    session.flush()
    session.refresh(batch, ["letters"])
    return batch


def build_files(session: Session, storage: Storage, batch_id: int) -> bool:
    """Build the batch's merged PDF and manifest (batch_files) and make it ready, once: a
    repeated message finds it ready (or gone) and does nothing. Whether it built them."""
    batch = session.get(PrintBatch, batch_id, with_for_update=True)
    if batch is None or batch.state != BUILDING:
        return False
    items = []
    for letter in batch.letters:
        if letter.withdrawn_at is not None:
            continue  # its customer erased it: the manifest lists it withdrawn, no more
        files = print_files(session, letter)
        docs = {d.kind: d for d in files if d.kind in PRINT_FILES}
        items.append(batch_files.Item(letter, docs[DocumentKind.LETTER_PDF],
                                      docs.get(DocumentKind.ENVELOPE_PDF),
                                      [d for d in files if d.kind in PLOT_KINDS]))
    withdrawn = [letter.id for letter in batch.letters if letter.withdrawn_at is not None]
    batch_files.attach_files(storage, batch, items, batch_files.Options(
        order=batch.page_order, imposition=batch.imposition), withdrawn=withdrawn)
    batch.state = READY
    return True


def withdraw(session: Session, letter: Letter) -> set[str]:
    """Take an erased customer's letter out of every batch it was ever in (its own, and any
    it was taken back from): the letter is withdrawn (lifecycle.withdraw), and each batch
    forgets its merged PDF and manifest and is built again without it by the build job.
    Returns the sha256 of the files no batch holds any more, to delete once committed;
    until the rebuild the shop is told the files are being built (batch_file)."""
    batch_ids = {letter.print_batch_id} - {None}
    # A batch a letter joined says so in the note of the move to printing; the batch it was
    # taken back from no longer lists it, but its files still hold it.
    batch_ids |= {int(match.group(1)) for event in letter.events
                  if event.to_status == Status.PRINTING.value and event.note
                  and (match := _BATCH_NOTE.fullmatch(event.note))}
    if not batch_ids:
        return set()
    if letter.print_batch_id is not None:
        lifecycle.withdraw(session, letter)
    old: set[str] = set()
    for batch_id in sorted(batch_ids):  # one lock order, as create_batch
        # Locked first, so a build already under way finishes before the files it read go.
        batch = session.get(PrintBatch, batch_id, with_for_update=True, populate_existing=True)
        if batch is None:
            continue
        old |= {sha for sha in (batch.pdf_sha256, batch.manifest_sha256) if sha}
        batch.pdf_sha256 = batch.manifest_sha256 = None
        if batch.state != BUILDING:
            batch.state = BUILDING
            outbox.enqueue(session, Job.BUILD_BATCH, batch_id=batch.id)
    session.flush()
    return old


def batches_building(session: Session, before: datetime) -> list[int]:
    """Batches still building that were made before `before`: their job was lost (the
    sweep sends it again)."""
    return list(session.scalars(select(PrintBatch.id).where(
        PrintBatch.state == BUILDING, PrintBatch.created_at < before).order_by(PrintBatch.id)))


def batch_file(session: Session, shop: User, batch_id: int, kind: str) -> Document:
    """The batch's merged PDF or manifest as an unsaved Document (to serve it like one)."""
    batch = shop_batch(session, shop, batch_id)
    if kind in BATCH_FILE_TYPES and batch.state == BUILDING:
        raise NotReady(f"Batch {batch.id}'s files are still being built; ask again in a few "
                       "seconds (GET the batch: its state turns ready).")
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
    if letter.status_enum is Status.CANCELLED and letter.withdrawn_at is not None:
        raise Conflict(f"Letter {letter.id} was withdrawn from the batch: its customer "
                       "deleted their account. Do not print or ship it; destroy any copy.")
    return letter


def _require_printshop(user: User) -> None:
    if user.role_enum is not Role.PRINTSHOP:
        raise NotFound("Print-shop accounts only.")
