"""A pen-plotted letter's strokes as the service stores them: the proof images of what the pen
will draw, and the plot files a print shop's plotter takes (letter pages and envelope)."""

from __future__ import annotations

from dataclasses import dataclass

from letters_app.domain.letter_inputs import style_of
from letters_app.domain.models import DocumentKind, Letter
from letters_app.plotting.formats import CONTENT_TYPES, Sheet, write
from letters_app.plotting.letter import plot_envelope, plot_letter
from letters_app.plotting.preview import sheet_png

LETTER_KINDS = {"svg": DocumentKind.PLOT_SVG, "hpgl": DocumentKind.PLOT_HPGL,
                "gcode": DocumentKind.PLOT_GCODE}
ENVELOPE_KINDS = {"svg": DocumentKind.ENVELOPE_PLOT_SVG, "hpgl": DocumentKind.ENVELOPE_PLOT_HPGL,
                  "gcode": DocumentKind.ENVELOPE_PLOT_GCODE}
PLOT_KINDS = frozenset({*LETTER_KINDS.values(), *ENVELOPE_KINDS.values()})


@dataclass(frozen=True)
class PlotFile:
    kind: DocumentKind
    page: int  # 1... for the letter's pages, 0 for the envelope (a whole file, as its PDF)
    data: bytes
    content_type: str


def letter_sheets(letter: Letter, text: str) -> list[Sheet]:
    """The pages as the pen draws them: the same hand, layout and seed as the letter's PDF."""
    return plot_letter(text, style_of(letter), letter.seed)


def envelope_sheet(letter: Letter) -> Sheet:
    return plot_envelope(letter.recipient_address.lines, style_of(letter), letter.seed,
                         letter.return_address.lines if letter.return_address else None)


def previews(sheets: list[Sheet], dpi: int) -> list[bytes]:
    """Page images drawn from the strokes themselves: one pen line, no thick and thin."""
    return [sheet_png(sheet, dpi) for sheet in sheets]


def letter_files(sheets: list[Sheet]) -> list[PlotFile]:
    return [PlotFile(kind, page, write(sheet, fmt), CONTENT_TYPES[fmt])
            for page, sheet in enumerate(sheets, start=1) for fmt, kind in LETTER_KINDS.items()]


def envelope_files(sheet: Sheet) -> list[PlotFile]:
    return [PlotFile(kind, 0, write(sheet, fmt), CONTENT_TYPES[fmt])
            for fmt, kind in ENVELOPE_KINDS.items()]
