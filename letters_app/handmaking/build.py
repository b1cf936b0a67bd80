"""A filled sample sheet (photo, scan or PDF) to the customer's own hand as a TTF, with a report.

    built = build_hand(upload_bytes, family_name="Anna's hand")
    built.ttf, built.sheet_id, built.paper, built.report.advice()
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import HandRefused
from .fontbuild import build_font
from .intake import load_image
from .layout import BASELINE_GUIDE, EM, MARKS, X_HEIGHT_GUIDE, SheetLayout
from .reading import read_sheet
from .report import BoxResult, BoxStatus, HandReport
from .tracing import Traced, trace


@dataclass(frozen=True)
class BuiltHand:
    ttf: bytes
    sheet_id: str
    paper: str
    report: HandReport


def build_hand(data: bytes, *, family_name: str, layout: SheetLayout | None = None) -> BuiltHand:
    """Raises HandRefused with what to do when the upload cannot become a hand."""
    reading = read_sheet(load_image(data), layout)
    x_height = reading.layout.guides["x_height"]
    forms: dict[str, list[Traced]] = {}
    results = []
    for ink in reading.boxes:
        status = BoxStatus(ink.status)
        traced = trace(ink, x_height) if ink.darkness is not None else None
        if traced is None and status not in (BoxStatus.EMPTY, BoxStatus.UNREADABLE):
            status = BoxStatus.EMPTY
        if traced is not None:
            forms.setdefault(ink.box.char, []).append(traced)
        results.append(BoxResult(ink.box.char, ink.box.form, status))
    if not forms:
        raise HandRefused("nothing_written", "We found no writing in the boxes: fill in the "
                                             "sheet with a dark pen and send it again.")
    ttf, mapped = build_font(forms, family_name=family_name, guides=reading.layout.guides)
    sheet_chars = dict.fromkeys(b.char for b in reading.layout.boxes)
    missing = [c for c in sheet_chars if c not in forms]
    composed = sorted(c for c in mapped if c not in sheet_chars and c not in MARKS)
    report = HandReport(results, missing, reading.black_and_white, reading.faint, composed)
    return BuiltHand(ttf, reading.sheet_id, reading.paper, report)


def own_hand_defaults() -> dict[str, object]:
    """The hands.toml-style settings a customer's hand is registered with (see
    rendering/hands.py Hand): an x-height of 6.5 pt, like the stock print hands, and lines
    spaced for the tall ascenders and deep tails people write between the sheet's guides.

    Give every built font a hand name of its own (say the customer's id and the TTF's hash):
    the renderer caches shaping by hand name for the life of a process, so a re-uploaded
    sheet under the old name would be shaped with the old font's glyph ids."""
    x_height_em = (BASELINE_GUIDE - X_HEIGHT_GUIDE) / EM
    return {
        "connected": False,
        "size": round(6.5 / x_height_em, 1),
        "line_height": 1.5,
        # The customer wrote three forms; the renderer takes an alternate this often.
        "alternates": 0.6,
        "word_space": 1.0,
        "warp": 0.008,
        # Their own forms already vary; the model adds a little on top, as for the stock hands.
        "variation": {
            "glyph_baseline": 0.01, "glyph_rotation": 1.0, "glyph_scale": 0.02,
            "glyph_spacing": 0.01, "word_spacing": 0.15, "word_rotation": 0.5,
            "word_baseline": 0.02, "word_scale": 0.02, "line_slope": 0.35,
            "baseline_wave": 0.05, "margin_drift": 2.5, "slant": 1.5, "ink_tone": 0.07,
            "pressure": [0, 10],
        },
    }


__all__ = ["BuiltHand", "HandRefused", "build_hand", "own_hand_defaults"]
