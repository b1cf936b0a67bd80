"""A hand's stroke file (see strokes.py): every glyph's centre lines, built from its font."""

from __future__ import annotations

import numpy as np
from fontTools.ttLib import TTFont

from letters_app.plotting.skeleton import centre_lines
from letters_app.plotting.strokes import encode, glyph_order
from letters_app.rendering.fontdata import load_font


def stroke_file(hand: str, *, compose: bool = False) -> bytes:
    """Deterministic: the same font gives the same bytes. With `compose`, a composite glyph
    (an accented letter built from a base and a mark) takes its components' centre lines,
    placed as the font places them, instead of skeletonising its outline again: a customer's
    font composes most of its 400-odd glyphs, so this is two thirds of the work saved (and
    the mark stays a stroke of its own). Stock files are built without it (unchanged)."""
    font = load_font(hand)
    names = glyph_order(font)
    glyf = TTFont(str(font.hand.font_path), lazy=True)["glyf"] if compose else None
    built: dict[str, list[np.ndarray]] = {}

    def lines(gid: int, name: str) -> list[np.ndarray]:
        if name not in built:
            glyph = glyf[name] if glyf is not None else None
            if glyph is not None and glyph.isComposite():
                built[name] = [placed for part in glyph.components
                               for placed in _placed(lines(names.index(part.glyphName),
                                                           part.glyphName), part)]
            else:
                built[name] = centre_lines(font.outline(gid), font.upm)
        return built[name]

    table = {name: found for gid, name in enumerate(names) if (found := lines(gid, name))}
    return encode(table)


def _placed(strokes: list[np.ndarray], component: object) -> list[np.ndarray]:
    _, (xx, xy, yx, yy, dx, dy) = component.getComponentInfo()  # type: ignore[attr-defined]
    matrix = np.array([[xx, xy], [yx, yy]], float)
    return [s @ matrix + (dx, dy) for s in strokes]
