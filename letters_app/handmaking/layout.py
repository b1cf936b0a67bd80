"""Where every box of the sample sheet is: one layout drives the printed PDF and the reading.

Coordinates are PDF points measured from the page's top-left corner, y growing downwards, the
way a person reads the sheet. Accented letters are not on the sheet: the customer writes each
accent once in a box of its own and the font composes é, ů, ą ... from base letter and mark
(see fontbuild.py), which keeps the sheet to one page.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

Paper = Literal["letter", "a4"]
PAPER_SIZES: dict[str, tuple[float, float]] = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
INCH = 72.0

LOWERCASE = "abcdefghijklmnopqrstuvwxyz"
FORMS = 3  # a person writes each small letter three times; the font keeps all three
UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
PUNCTUATION = ".,;:!?‘’“”-–—()&@/%€«»"
# Letters no base letter and accent make.
EXTRA_LETTERS = "łŁßæœÆŒ"
# The accents a customer writes once each, by the combining character they stand for.
MARKS: dict[str, str] = {
    "\u0301": "acute",
    "\u0300": "grave",
    "\u0302": "circumflex",
    "\u030c": "caron",
    "\u0308": "dieresis",
    "\u030a": "ring",
    "\u0303": "tilde",
    "\u0307": "dotaccent",
    "\u0328": "ogonek",
    "\u0327": "cedilla",
    "\u0304": "macron",
    "\u0306": "breve",
    "\u030b": "hungarumlaut",
}

# Box geometry in inches, and the guides inside a box measured from its top edge.
BOX_WIDTH = 0.6
BOX_HEIGHT = 0.68
COLUMNS = 12
GRID_TOP = 1.05
ASCENDER_GUIDE = 0.14
X_HEIGHT_GUIDE = 0.32
BASELINE_GUIDE = 0.50
DESCENDER_GUIDE = 0.64
EM = 0.40  # inches of writing that make one em of the font
# Registration marks: ArUco 4x4 markers in the four corners.
MARK_SIZE = 0.45
MARK_INSET = 0.3
MARKER_IDS: dict[str, tuple[int, int, int, int]] = {"letter": (0, 1, 2, 3), "a4": (4, 5, 6, 7)}


@dataclass(frozen=True)
class Box:
    """One box: `char` in its `form` (0, 1, 2); `baseline` is the y of its baseline guide."""

    char: str
    form: int
    x: float
    y: float
    width: float
    height: float
    baseline: float

    @property
    def is_mark(self) -> bool:
        return self.char in MARKS


@dataclass(frozen=True)
class SheetLayout:
    page_size: tuple[float, float]
    boxes: list[Box]

    @property
    def paper(self) -> Paper:
        """The paper the layout's page is closest to (it picks the registration marks' ids)."""
        w, h = self.page_size
        lw, lh = PAPER_SIZES["letter"]
        aw, ah = PAPER_SIZES["a4"]
        return "letter" if abs(w - lw) + abs(h - lh) <= abs(w - aw) + abs(h - ah) else "a4"

    @property
    def guides(self) -> dict[str, float]:
        """Guide heights in points above each box's baseline (descender negative); one em."""
        return {
            "ascender": (BASELINE_GUIDE - ASCENDER_GUIDE) * INCH,
            "x_height": (BASELINE_GUIDE - X_HEIGHT_GUIDE) * INCH,
            "descender": (BASELINE_GUIDE - DESCENDER_GUIDE) * INCH,
            "em": EM * INCH,
        }

    def marker_squares(self) -> list[tuple[int, float, float, float]]:
        """(marker id, x, y, side) of the four registration marks, top-left clockwise."""
        w, h = self.page_size
        inset, side = MARK_INSET * INCH, MARK_SIZE * INCH
        ids = MARKER_IDS[self.paper]
        corners = [(inset, inset), (w - inset - side, inset),
                   (w - inset - side, h - inset - side), (inset, h - inset - side)]
        return [(ids[n], x, y, side) for n, (x, y) in enumerate(corners)]

    def to_json(self) -> str:
        return json.dumps(
            {"page_size": list(self.page_size), "boxes": [asdict(box) for box in self.boxes]},
            ensure_ascii=False, indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> SheetLayout:
        """Parse a layout file; ValueError says what is wrong with it."""
        try:
            data = json.loads(text)
            width, height = (float(v) for v in data["page_size"])
            boxes = [
                Box(char=str(b["char"]), form=int(b["form"]), x=float(b["x"]), y=float(b["y"]),
                    width=float(b["width"]), height=float(b["height"]),
                    baseline=float(b["baseline"]))
                for b in data["boxes"]
            ]
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"not a sheet layout: {exc}") from None
        if not boxes:
            raise ValueError("not a sheet layout: no boxes")
        for box in boxes:
            if len(box.char) != 1 or box.form not in range(FORMS):
                raise ValueError(f"not a sheet layout: bad box {box.char!r} form {box.form}")
            if box.x < 0 or box.y < 0 or box.x + box.width > width or box.y + box.height > height:
                raise ValueError(f"not a sheet layout: box {box.char!r} is off the page")
        return cls(page_size=(width, height), boxes=boxes)


def sheet_characters() -> list[tuple[str, int]]:
    """(char, form) of every box, in reading order."""
    cells = [(ch, form) for ch in LOWERCASE for form in range(FORMS)]
    cells += [(ch, 0) for ch in UPPERCASE + DIGITS + PUNCTUATION + EXTRA_LETTERS]
    cells += [(mark, 0) for mark in MARKS]
    return cells


def standard_layout(paper: Paper = "letter") -> SheetLayout:
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be letter or a4, not {paper!r}")
    width, height = PAPER_SIZES[paper]
    left = (width - COLUMNS * BOX_WIDTH * INCH) / 2
    boxes = []
    for n, (char, form) in enumerate(sheet_characters()):
        row, column = divmod(n, COLUMNS)
        x = left + column * BOX_WIDTH * INCH
        y = (GRID_TOP + row * BOX_HEIGHT) * INCH
        boxes.append(Box(char, form, round(x, 2), round(y, 2), round(BOX_WIDTH * INCH, 2),
                         round(BOX_HEIGHT * INCH, 2), round(y + BASELINE_GUIDE * INCH, 2)))
    return SheetLayout(page_size=(width, height), boxes=boxes)
