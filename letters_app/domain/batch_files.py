"""A batch's print-ready files: one merged PDF (a cover sheet listing the items, then every
letter in order, then their envelopes in the same order, or each letter followed by its
envelope; cards 2-up on a large sheet if asked) and a JSON manifest of what is in it
(items, paper, stationery, ink, envelope size, page counts, checksums, and a pen-plotted
letter's plot files with theirs), both kept in storage."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter as LETTER_SIZE
from reportlab.pdfgen import canvas

from letters_app.domain import imposition
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import Document, Letter, PrintBatch
from letters_app.rendering.envelope import ENVELOPES, FOR_PAPER
from letters_app.storage import Storage

ORDERS = ("letters_then_envelopes", "interleaved")
IMPOSITIONS = ("none", *imposition.SHEETS)


@dataclass(frozen=True)
class Item:
    letter: Letter
    letter_pdf: Document
    envelope_pdf: Document | None
    plot_files: list[Document] = field(default_factory=list)  # fetched one by one, not merged


@dataclass(frozen=True)
class Options:
    """How the shop wants the merged PDF: every letter then every envelope, or each letter
    followed by its envelope; cards as they are, or imposed 2-up on a larger sheet. Cards
    pair up only while nothing else comes between them, so interleaved with 2-up gives each
    one-page card a sheet of its own (its envelope follows it)."""

    order: str = ORDERS[0]
    imposition: str = "none"

    def __post_init__(self) -> None:
        errors = {}
        if self.order not in ORDERS:
            errors["order"] = f"One of {', '.join(ORDERS)}."
        if self.imposition not in IMPOSITIONS:
            errors["imposition"] = f"One of {', '.join(IMPOSITIONS)}."
        if errors:
            raise InvalidInput("Those batch options are not ones we know.", errors)


class _Pages:
    """The merged PDF as it is written: plain pages one by one, card pages paired onto 2-up
    sheets (a card that finds no partner before the next plain page gets a sheet alone)."""

    def __init__(self, writer: PdfWriter, sheet: imposition.Sheet | None) -> None:
        self.writer, self.sheet = writer, sheet
        self.pending: list[tuple[PageObject, str]] = []
        self.next = len(writer.pages) + 1  # the number the next sheet written will have

    def plain(self, pages: list[PageObject]) -> int:
        self.flush()
        first = self.next
        for page in pages:
            self.writer.add_page(page)
            self.next += 1
        return first

    def cards(self, pages: list[PageObject], stationery: str) -> tuple[int, int | None]:
        """Where the first page lands: its page (sheet) number and, imposed, its slot."""
        if self.sheet is None or not all(imposition.is_card(page) for page in pages):
            return self.plain(pages), None
        first = (self.next, len(self.pending) + 1)
        for page in pages:
            self.pending.append((page, stationery))
            if len(self.pending) == 2:
                self.flush()
        return first

    def flush(self) -> None:
        if self.pending and self.sheet is not None:
            self.writer.add_page(imposition.impose(self.pending, self.sheet))
            self.pending, self.next = [], self.next + 1


def attach_files(storage: Storage, batch: PrintBatch, items: list[Item],
                 options: Options | None = None, withdrawn: Sequence[int] = ()) -> None:
    """Build and store the batch's PDF and manifest; their sha256 go on the batch. The
    letters `withdrawn` from it (their customer erased them) are named by id only."""
    options = options or Options()
    readers = {(item.letter.id, "letter"): _reader(storage, item.letter_pdf) for item in items}
    readers.update({(item.letter.id, "envelope"): _reader(storage, item.envelope_pdf)
                    for item in items if item.envelope_pdf is not None})
    if options.order == "interleaved":
        order = [(item, kind) for item in items for kind in ("letter", "envelope")]
    else:
        order = [(item, kind) for kind in ("letter", "envelope") for item in items]
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_cover_sheet(batch, items, options, withdrawn))))
    pages = _Pages(writer, imposition.SHEETS.get(options.imposition))
    rows: dict[int, dict[str, object]] = {item.letter.id: {"letter_id": item.letter.id,
                                                           "envelope_page": None}
                                          for item in items}
    for item, kind in order:
        reader = readers.get((item.letter.id, kind))
        row = rows[item.letter.id]
        if reader is None:
            continue
        if kind == "letter":
            row["first_page"], row["first_slot"] = pages.cards(list(reader.pages),
                                                               item.letter.stationery)
            row["letter_pages"] = len(reader.pages)
        else:
            row["envelope_page"] = pages.plain(list(reader.pages))
    pages.flush()
    writer.add_metadata({"/Title": f"Print batch {batch.id}", "/Producer": "letters"})
    out = io.BytesIO()
    writer.write(out)
    pdf = storage.put(out.getvalue())
    sheet = imposition.SHEETS.get(options.imposition)
    manifest = {
        "batch_id": batch.id, "created_at": batch.created_at.isoformat(),
        "order": options.order, "imposition": options.imposition,
        "sheet": sheet.label if sheet else None,
        "batch_pdf": {"sha256": pdf.sha256, "size": pdf.size, "pages": len(writer.pages)},
        "items": [_manifest_item(item, rows[item.letter.id]) for item in items],
        "withdrawn_letter_ids": sorted(withdrawn),
    }
    stored = storage.put(json.dumps(manifest, indent=2, sort_keys=True).encode())
    batch.pdf_sha256, batch.manifest_sha256 = pdf.sha256, stored.sha256


def _reader(storage: Storage, document: Document) -> PdfReader:
    return PdfReader(io.BytesIO(storage.read(document.sha256)))


def _manifest_item(item: Item, row: dict[str, object]) -> dict[str, object]:
    letter = item.letter
    envelope = FOR_PAPER.get(letter.paper, "no10") if item.envelope_pdf else None
    return {
        **row, "paper": letter.paper, "stationery": letter.stationery, "ink": letter.ink,
        "hand": letter.hand, "deliver_by": letter.deliver_by.isoformat(),
        "envelope_size": envelope, "envelope_label": ENVELOPES.get(envelope or "", None),
        "letter_sha256": item.letter_pdf.sha256,
        "envelope_sha256": item.envelope_pdf.sha256 if item.envelope_pdf else None,
        "pen_plotted": letter.pen_plotted,
        "plot_files": [{"kind": d.kind, "page": d.page, "sha256": d.sha256, "size": d.size,
                        "content_type": d.content_type} for d in item.plot_files],
    }


def _cover_sheet(batch: PrintBatch, items: list[Item], options: Options,
                 withdrawn: Sequence[int]) -> bytes:
    """A plain first page for the operator: the batch and one line per item."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=LETTER_SIZE, invariant=True)
    height = LETTER_SIZE[1]
    y = height - 72
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, y, f"Print batch {batch.id}: {len(items)} letter(s)")
    page.setFont("Helvetica", 10)
    sheet = imposition.SHEETS.get(options.imposition)
    y -= 20
    page.drawString(72, y, ("Each letter followed by its envelope" if options.order ==
                            "interleaved" else "All letters, then all envelopes")
                    + (f"; cards 2-up on {sheet.label}, crop marks at the trim" if sheet
                       else ""))
    y -= 22
    for item in items:
        if y < 72:
            page.showPage()
            page.setFont("Helvetica", 10)
            y = height - 72
        letter = item.letter
        envelope = FOR_PAPER.get(letter.paper, "no10") if item.envelope_pdf else "none"
        page.drawString(72, y, f"letter {letter.id}: {letter.paper}, {letter.stationery}, "
                               f"{letter.ink} ink, envelope {envelope}, "
                               f"deliver by {letter.deliver_by.isoformat()}")
        y -= 14
    if withdrawn:
        # The operator may hold an earlier print of the batch: say what not to send out.
        page.setFont("Helvetica-Bold", 10)
        page.drawString(72, max(y - 8, 36), "Withdrawn, do not print or ship: letter"
                        + ("s " if len(withdrawn) > 1 else " ")
                        + ", ".join(str(letter_id) for letter_id in sorted(withdrawn)))
    page.save()
    return out.getvalue()
