"""Plot files: one sheet's ordered strokes as SVG (mm, one layer per pen), HPGL or G-code.

Every number is written with fixed precision from the strokes alone, so the same strokes give
the same bytes."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .paths import Paths
from .route import Stats

FORMATS = ("svg", "hpgl", "gcode")
CONTENT_TYPES = {"svg": "image/svg+xml", "hpgl": "application/vnd.hp-hpgl",
                 "gcode": "text/x-gcode"}
PENS = {"letter": 1, "envelope": 2}  # layer / pen number per kind of sheet
HPGL_UNITS = 40  # plotter units per mm (0.025 mm, the HP 7475A's step)


@dataclass(frozen=True)
class Sheet:
    kind: str  # "letter" or "envelope"
    width: float  # mm
    height: float
    paths: Paths  # in drawing order
    stats: Stats

    @property
    def strokes(self) -> list[np.ndarray]:
        return self.paths.split()


@dataclass(frozen=True)
class GcodePen:
    up: str = "M3 S0"  # the servo up (GRBL spindle PWM, the common pen-plotter wiring)
    down: str = "M3 S1000"
    dwell: float = 0.15  # s after each pen move, for the servo to settle
    feed: float = 1500.0  # mm/min drawing


def write(sheet: Sheet, fmt: str, pen: GcodePen | None = None) -> bytes:
    if fmt == "svg":
        return svg(sheet)
    if fmt == "hpgl":
        return hpgl(sheet)
    if fmt == "gcode":
        return gcode(sheet, pen or GcodePen())
    raise ValueError(f"unknown plot format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def svg(sheet: Sheet) -> bytes:
    """Millimetres on the page, coordinates in hundredths of a millimetre (the viewBox)."""
    pen = PENS[sheet.kind]
    w, h = round(sheet.width * 100), round(sheet.height * 100)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        f'width="{w / 100:.2f}mm" height="{h / 100:.2f}mm" viewBox="0 0 {w} {h}">\n',
        f"<desc>{sheet.stats.summary()}</desc>\n",
        f'<g inkscape:groupmode="layer" inkscape:label="{pen} {sheet.kind}" id="layer{pen}" '
        'fill="none" stroke="black" stroke-width="35" stroke-linecap="round" '
        'stroke-linejoin="round">\n',
        _strokes(sheet.paths, None, 100, '<path d="M%d %d L', " ", '"/>\n'),
        "</g>\n</svg>\n",
    ]
    return "".join(out).encode("ascii")


def hpgl(sheet: Sheet) -> bytes:
    """HP-GL as the HP 7475A reads it: initialise, pen select, PU/PD absolute moves, origin
    at the sheet's bottom-left."""
    body = _strokes(sheet.paths, sheet.height, HPGL_UNITS, "PU%d,%d;PD", ",", ";")
    return f"IN;DF;SP{PENS[sheet.kind]};{body}PU;SP0;\n".encode("ascii")


def _strokes(paths: Paths, flip: float | None, per_mm: float, head: str, sep: str, end: str) -> str:
    """Every stroke as head % (x0, y0), then its other points joined by sep, then end; integer
    coordinates (per_mm units), y measured up from `flip` when given (a plotter's origin is
    bottom-left). One %-format over the whole sheet, from templates shared by strokes of
    one length: printing the numbers is most of what a plot file costs."""
    pts = paths.points
    if flip is not None:
        pts = np.column_stack((pts[:, 0], flip - pts[:, 1]))
    numbers = tuple(np.rint(pts * per_mm).astype(np.int64).ravel().tolist())
    templates: dict[int, str] = {}
    parts = []
    for n in paths.lengths().tolist():
        template = templates.get(n)
        if template is None:
            pairs = sep.join([f"%d{sep}%d"] * (n - 1))
            template = templates[n] = head + pairs + end
        parts.append(template)
    return "".join(parts) % numbers


def gcode(sheet: Sheet, pen: GcodePen) -> bytes:
    """G-code for a GRBL pen plotter: mm, absolute, the pen raised and lowered by the
    configured commands, travel at rapid speed."""
    out = [
        f"; {sheet.kind} sheet {sheet.width:.2f} x {sheet.height:.2f} mm, pen {PENS[sheet.kind]}",
        f"; {sheet.stats.summary()}",
        "G21",
        "G90",
        pen.up,
        f"G4 P{pen.dwell:.2f}",
    ]
    pts = sheet.paths.points
    pts = np.column_stack((pts[:, 0], sheet.height - pts[:, 1]))
    moves = [f"X{x:.2f} Y{y:.2f}" for x, y in np.round(pts, 2).tolist()]
    starts = sheet.paths.offsets.tolist()
    settle = f"G4 P{pen.dwell:.2f}"
    for a, b in itertools.pairwise(starts):
        out.extend((f"G0 {moves[a]}", pen.down, settle, f"G1 {moves[a + 1]} F{pen.feed:.0f}"))
        out.extend(f"G1 {m}" for m in moves[a + 2 : b])
        out.extend((pen.up, settle))
    out.extend(("G0 X0 Y0", ""))
    return "\n".join(out).encode("ascii")
