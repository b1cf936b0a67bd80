"""A hand's stroke file (see strokes.py): every glyph's centre lines, built from its font."""

from __future__ import annotations

from letters_app.plotting.skeleton import centre_lines
from letters_app.plotting.strokes import encode, glyph_order
from letters_app.rendering.fontdata import load_font


def stroke_file(hand: str) -> bytes:
    """Deterministic: the same font gives the same bytes."""
    font = load_font(hand)
    table = {}
    for gid, name in enumerate(glyph_order(font)):
        lines = centre_lines(font.outline(gid), font.upm)
        if lines:
            table[name] = lines
    return encode(table)
