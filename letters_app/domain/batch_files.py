"""A batch's print-ready files: one merged PDF (a cover sheet listing the items, then every
letter in order, then their envelopes in the same order) and a JSON manifest of what is in it
(items, paper, stationery, ink, envelope size, page counts, checksums, and a pen-plotted
letter's plot files with theirs), both kept in storage."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter as LETTER_SIZE
from reportlab.pdfgen import canvas

from letters_app.domain.models import Document, Letter, PrintBatch
from letters_app.rendering.envelope import ENVELOPES, FOR_PAPER
from letters_app.storage import Storage


@dataclass(frozen=True)
class Item:
    letter: Letter
    letter_pdf: Document
    envelope_pdf: Document | None
    plot_files: list[Document] = field(default_factory=list)  # fetched one by one, not merged


def attach_files(storage: Storage, batch: PrintBatch, items: list[Item]) -> None:
    """Build and store the batch's PDF and manifest; their sha256 go on the batch."""
    letter_bytes = {item.letter.id: storage.read(item.letter_pdf.sha256) for item in items}
    envelope_bytes = {item.letter.id: storage.read(item.envelope_pdf.sha256)
                      for item in items if item.envelope_pdf is not None}
    writer = PdfWriter()
    cover = _cover_sheet(batch, items)
    writer.append(PdfReader(io.BytesIO(cover)))
    rows = []
    page = len(PdfReader(io.BytesIO(cover)).pages) + 1
    for item in items:
        reader = PdfReader(io.BytesIO(letter_bytes[item.letter.id]))
        writer.append(reader)
        rows.append({"letter_id": item.letter.id, "first_page": page,
                     "letter_pages": len(reader.pages)})
        page += len(reader.pages)
    for item, row in zip(items, rows, strict=True):
        data = envelope_bytes.get(item.letter.id)
        row["envelope_page"] = page if data else None
        if data:
            reader = PdfReader(io.BytesIO(data))
            writer.append(reader)
            page += len(reader.pages)
    writer.add_metadata({"/Title": f"Print batch {batch.id}", "/Producer": "letters"})
    out = io.BytesIO()
    writer.write(out)
    pdf = storage.put(out.getvalue())
    manifest = {
        "batch_id": batch.id, "created_at": batch.created_at.isoformat(),
        "order": "letters_then_envelopes",
        "batch_pdf": {"sha256": pdf.sha256, "size": pdf.size, "pages": page - 1},
        "items": [_manifest_item(item, row) for item, row in zip(items, rows, strict=True)],
    }
    stored = storage.put(json.dumps(manifest, indent=2, sort_keys=True).encode())
    batch.pdf_sha256, batch.manifest_sha256 = pdf.sha256, stored.sha256


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


def _cover_sheet(batch: PrintBatch, items: list[Item]) -> bytes:
    """A plain first page for the operator: the batch and one line per item."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=LETTER_SIZE, invariant=True)
    height = LETTER_SIZE[1]
    y = height - 72
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, y, f"Print batch {batch.id}: {len(items)} letter(s)")
    page.setFont("Helvetica", 10)
    y -= 28
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
    page.save()
    return out.getvalue()
