"""The printable sample sheet: boxes, guides and labels in light cyan, marks and id in black.

Everything the reader must drop (box borders, guides, labels) is printed in a cyan whose
brightest channel is as bright as the paper, so the reader sees it as paper; everything it must
find (the four ArUco corner marks, the QR code, the id) is black.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import cv2
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from letters_app.rendering.hands import fonts_dir

from .layout import (
    ASCENDER_GUIDE,
    BASELINE_GUIDE,
    DESCENDER_GUIDE,
    INCH,
    X_HEIGHT_GUIDE,
    Box,
    SheetLayout,
)

GUIDE_CYAN = Color(0.55, 0.86, 0.97)
LABEL_CYAN = Color(0.35, 0.78, 0.97)
QR_PREFIX = "HAND1:"
SHEET_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
LABEL_FONT = "HandSheetLabel"
ARUCO_DICTIONARY = cv2.aruco.DICT_4X4_50
# An example letter for each accent's box, so the customer knows which mark to write.
MARK_EXAMPLES = {"\u0301": "é", "\u0300": "è", "\u0302": "ê", "\u030c": "č", "\u0308": "ü",
                 "\u030a": "ů", "\u0303": "ñ", "\u0307": "ż", "\u0328": "ą", "\u0327": "ç",
                 "\u0304": "ā", "\u0306": "ă", "\u030b": "ő"}


def qr_payload(sheet_id: str) -> str:
    return QR_PREFIX + sheet_id


def qr_square(layout: SheetLayout) -> tuple[float, float, float]:
    """(x, y, side) of the QR code, points from the top-left, where the reader looks for it."""
    side = 0.7 * INCH
    return layout.page_size[0] - layout.boxes[0].x - side - 30, 0.3 * INCH, side


def swatch_rect(layout: SheetLayout) -> tuple[float, float, float, float]:
    """(x, y, width, height) of a patch of the guides' cyan: the reader tells a colour print
    from a black-and-white one by it (thin guides lose their colour in a small photo)."""
    qr_x, qr_top, _ = qr_square(layout)
    return qr_x - 0.75 * INCH, qr_top, 0.5 * INCH, 0.2 * INCH


def sheet_pdf(layout: SheetLayout, sheet_id: str) -> bytes:
    if not SHEET_ID.fullmatch(sheet_id):
        raise ValueError("a sheet id is 1 to 64 letters, digits, '-' or '_'")
    _register_label_font()
    out = io.BytesIO()
    width, height = layout.page_size
    canvas = Canvas(out, pagesize=(width, height), invariant=True)
    canvas.setTitle(f"Handwriting sample sheet {sheet_id}")
    _header(canvas, layout, sheet_id)
    for box in layout.boxes:
        _box(canvas, box, height)
    _marks(canvas, layout)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _header(canvas: Canvas, layout: SheetLayout, sheet_id: str) -> None:
    height = layout.page_size[1]
    left = layout.boxes[0].x
    canvas.setFillGray(0)
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(left + 30, height - 0.42 * INCH, "Your handwriting sample sheet")
    canvas.setFont("Helvetica", 7.5)
    lines = (
        "Write each character once in its box, with a dark pen (felt-tip or gel), sitting on the",
        "baseline. Small letters three times, a little differently each time. In the accent boxes",
        "write only the accent. Keep the four black corner squares and the code visible.",
    )
    for n, line in enumerate(lines):
        canvas.drawString(left + 30, height - (0.58 + 0.12 * n) * INCH, line)
    qr_x, qr_top, side = qr_square(layout)
    widget = QrCodeWidget(qr_payload(sheet_id), barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, qr_x, height - qr_top - side)
    canvas.setFont("Helvetica", 7)
    canvas.drawRightString(qr_x - 6, height - 0.95 * INCH, f"Sheet {sheet_id}")
    x, y, w, h = swatch_rect(layout)
    canvas.setFillColor(GUIDE_CYAN)
    canvas.rect(x, height - y - h, w, h, stroke=0, fill=1)
    canvas.setFillGray(0.35)
    canvas.setFont("Helvetica", 5.5)
    canvas.drawCentredString(x + w / 2, height - y - h - 7, "colour print check")


def _box(canvas: Canvas, box: Box, page_height: float) -> None:
    top = page_height - box.y
    canvas.setStrokeColor(GUIDE_CYAN)
    canvas.setLineWidth(0.6)
    canvas.rect(box.x, top - box.height, box.width, box.height)
    # The guides sit at the same heights above every box's own baseline.
    baseline = page_height - box.baseline
    canvas.setLineWidth(0.4)
    canvas.setDash(1.5, 2)
    for guide in (ASCENDER_GUIDE, X_HEIGHT_GUIDE, DESCENDER_GUIDE):
        y = baseline + (BASELINE_GUIDE - guide) * INCH
        canvas.line(box.x + 3, y, box.x + box.width - 3, y)
    canvas.setDash()
    canvas.setLineWidth(0.7)
    canvas.line(box.x + 3, baseline, box.x + box.width - 3, baseline)
    canvas.setFillColor(LABEL_CYAN)
    canvas.setFont(LABEL_FONT, 7)
    label = f"accent of {MARK_EXAMPLES[box.char]}" if box.is_mark else box.char
    canvas.drawString(box.x + 2.5, top - 7.5, label)


def _marks(canvas: Canvas, layout: SheetLayout) -> None:
    dictionary = cv2.aruco.getPredefinedDictionary(ARUCO_DICTIONARY)
    height = layout.page_size[1]
    canvas.setFillGray(0)
    for marker_id, x, y, side in layout.marker_squares():
        cells = cv2.aruco.generateImageMarker(dictionary, marker_id, 6)
        cell = side / 6
        for row in range(6):
            for col in range(6):
                if cells[row, col] < 128:
                    canvas.rect(x + col * cell, height - y - (row + 1) * cell,
                                cell + 0.05, cell + 0.05, stroke=0, fill=1)


@cache
def _register_label_font() -> None:
    # The sheet's labels include ą, ł, “ and €, which the PDF base fonts cannot all show.
    path = Path(fonts_dir()) / "patrick_hand" / "PatrickHand-Regular.ttf"
    pdfmetrics.registerFont(TTFont(LABEL_FONT, str(path)))

