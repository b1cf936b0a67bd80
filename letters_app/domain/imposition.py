"""Cards imposed 2-up: two 5×7 in card pages on one 11×17 in or A3 sheet, each with a bleed
in its stationery's colour and crop marks at its trim lines that stay clear of every bleed.

The cards stand one above the other, centred; the first card of a pair is on top, so a
person (and a text extractor) reads the sheet in the batch's order. The two bleeds meet in
the gutter, so the marks sit only in the sheet's outer margins, where a cut guided by them
runs through both cards' trim lines.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, Transformation
from reportlab.pdfgen import canvas

from letters_app.rendering.paper import CREAM, INCH, MM

CARD = (5 * INCH, 7 * INCH)
BLEED = 0.125 * INCH  # what printers ask for: 1/8 in past the trim on every side
MARK_GAP = 3.0  # between a bleed's edge and its crop mark, so a mark never prints in it
MARK_LENGTH = 0.25 * INCH
MARK_WIDTH = 0.25


@dataclass(frozen=True)
class Sheet:
    label: str
    width: float
    height: float


SHEETS = {"2up_tabloid": Sheet("11 × 17 in", 11 * INCH, 17 * INCH),
          "2up_a3": Sheet("A3", 297 * MM, 420 * MM)}
WHITE = (1.0, 1.0, 1.0)


def is_card(page: PageObject) -> bool:
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    return abs(width - CARD[0]) < 1 and abs(height - CARD[1]) < 1


def slots(sheet: Sheet) -> list[tuple[float, float]]:
    """Where each card's trim box starts (lower left), top slot first."""
    x = (sheet.width - CARD[0]) / 2
    gutter = 2 * BLEED
    bottom = (sheet.height - 2 * CARD[1] - gutter) / 2
    return [(x, bottom + CARD[1] + gutter), (x, bottom)]


def impose(cards: Sequence[tuple[PageObject, str]], sheet: Sheet) -> PageObject:
    """One sheet holding one or two (card page, stationery) in its slots, top first."""
    if not 1 <= len(cards) <= 2 or not all(is_card(page) for page, _ in cards):
        raise ValueError("a 2-up sheet holds one or two 5×7 in cards")
    places = slots(sheet)[:len(cards)]
    target = PageObject.create_blank_page(width=sheet.width, height=sheet.height)
    target.merge_page(_marks_and_bleeds(sheet, [stationery for _, stationery in cards]))
    for (page, _), (x, y) in zip(cards, places, strict=True):
        box = page.mediabox
        target.merge_transformed_page(
            page, Transformation().translate(x - float(box.left), y - float(box.bottom)))
    for box in (target.mediabox, target.cropbox):
        box.lower_left, box.upper_right = (0, 0), (sheet.width, sheet.height)
    return target


def _marks_and_bleeds(sheet: Sheet, stationeries: list[str]) -> PageObject:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(sheet.width, sheet.height), invariant=True)
    places = slots(sheet)[:len(stationeries)]
    for (x, y), stationery in zip(places, stationeries, strict=True):
        # The card's own background ends at its trim; the bleed carries it past, so a cut a
        # hair outside the line shows no white edge.
        page.setFillColorRGB(*(CREAM if stationery == "cream" else WHITE))
        page.rect(x - BLEED, y - BLEED, CARD[0] + 2 * BLEED, CARD[1] + 2 * BLEED,
                  stroke=0, fill=1)
    page.setLineWidth(MARK_WIDTH)
    page.setStrokeColorRGB(0, 0, 0)
    near = BLEED + MARK_GAP
    left, right = places[0][0], places[0][0] + CARD[0]
    top = places[0][1] + CARD[1]
    bottom = places[-1][1]
    for _, y in places:  # each card's top and bottom trim: marks left and right of it
        for trim in (y, y + CARD[1]):
            page.line(left - near - MARK_LENGTH, trim, left - near, trim)
            page.line(right + near, trim, right + near + MARK_LENGTH, trim)
    for trim in (left, right):  # the side trims: marks above the top card, below the last
        page.line(trim, top + near, trim, top + near + MARK_LENGTH)
        page.line(trim, bottom - near - MARK_LENGTH, trim, bottom - near)
    page.save()
    return PdfReader(io.BytesIO(out.getvalue())).pages[0]
