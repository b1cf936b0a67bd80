"""The pen plotter's centre lines of a built hand, made once when the customer accepts it.

The same table format as fonts/strokes/<hand>.json.gz (plotting/strokes.py), so the service
stores it beside the TTF, at `<fonts folder>/strokes/<hand>.json.gz`. Skeletons cost tens of
milliseconds a glyph, so composed letters (é is e and the customer's acute) reuse the lines
of their parts, moved, instead of being skeletonised again.
"""

from __future__ import annotations

import io

import numpy as np
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from letters_app.plotting.skeleton import centre_lines
from letters_app.plotting.strokes import encode
from letters_app.rendering.fontdata import _RecordingPen
from letters_app.rendering.warp import Outline


def stroke_table(ttf: bytes) -> bytes:
    """Gzipped JSON: per glyph name, its centre lines in font units."""
    font = TTFont(io.BytesIO(ttf))
    glyf = font["glyf"]
    face = hb.Face(hb.Blob(ttf))
    shaper = hb.Font(face)
    table: dict[str, list[np.ndarray]] = {}
    for gid, name in enumerate(font.getGlyphOrder()):
        if not glyf[name].isComposite():
            lines = _skeleton(shaper, gid, face.upem)
            if lines:
                table[name] = lines
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if glyph.isComposite():
            table[name] = [line + np.array([part.x, part.y]) for part in glyph.components
                           for line in table.get(part.glyphName, [])]
    return encode(table)


def _skeleton(shaper: hb.Font, gid: int, upm: int) -> list[np.ndarray]:
    pen = _RecordingPen()
    shaper.draw_glyph_with_pen(gid, pen)
    if not pen.ops:
        return []
    outline = Outline(tuple(pen.ops), np.array(pen.points, float).reshape(-1, 2),
                      shaper.get_glyph_h_advance(gid))
    return centre_lines(outline, upm)
