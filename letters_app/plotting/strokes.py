"""Each hand's single-stroke glyphs, read from fonts/strokes/<hand>.json.gz.

The files are built once per hand by scripts/build_strokes.py (skeleton.py) and shipped with
the fonts; a letter never builds strokes. A file holds, per glyph name, its centre lines
in font units, each as a flat list of integer x, y pairs.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

import numpy as np

from letters_app.rendering.fontdata import HandFont, load_font
from letters_app.rendering.hands import get_hand, refresh_own_hand
from letters_app.rendering.warp import Outline

from .errors import MissingStrokes

WIDTH_LETTERS = "acemnorsuvwxz"  # no dots, bars or ascenders: the plain stroke


def strokes_path(hand: str) -> Path:
    found = get_hand(hand)
    if found.own_forms:  # a customer's hand: beside its cached font, named by its content
        path = found.font_path.with_suffix(".strokes.json.gz")
        if not path.exists():  # built on acceptance, perhaps after this process drew it
            path = refresh_own_hand(hand).font_path.with_suffix(".strokes.json.gz")
        return path
    return found.font_path.parent.parent / "strokes" / f"{hand}.json.gz"


def encode(strokes: dict[str, list[np.ndarray]]) -> bytes:
    """The file's bytes: sorted keys, integer coordinates, gzip without a timestamp."""
    table = {
        name: [np.rint(s).astype(int).ravel().tolist() for s in lines]
        for name, lines in sorted(strokes.items())
    }
    text = json.dumps(table, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("ascii"), 9, mtime=0)


@cache
def glyph_strokes(hand: str) -> tuple[list[np.ndarray], ...]:
    """Per gid (the font's glyph order), its strokes as (n, 2) float arrays in font units."""
    font: HandFont = load_font(hand)
    path = strokes_path(hand)
    if not path.exists():
        raise MissingStrokes(hand)
    table = json.loads(gzip.decompress(path.read_bytes()))
    return tuple(
        [np.array(flat, float).reshape(-1, 2) for flat in table.get(name, [])]
        for name in glyph_order(font)
    )


def plottable(hand: str) -> bool:
    """Whether the hand has single strokes, so a letter in it can be pen-plotted."""
    return strokes_path(hand).exists()


def glyph_order(font: HandFont) -> list[str]:
    """The font's glyph names in gid order, as fontTools names them (stroke tables are keyed
    by these; HarfBuzz has no names for fonts whose post table carries none)."""
    return list(_glyph_order(font.hand.font_path))


@cache
def _glyph_order(font_path: Path) -> tuple[str, ...]:
    """Read once per font file: opening a font with fontTools costs milliseconds a call."""
    from fontTools.ttLib import TTFont

    return tuple(TTFont(str(font_path), lazy=True).getGlyphOrder())


def contours(outline: Outline) -> list[np.ndarray]:
    """Closed contours as flattened polygons (cubics sampled at 12 points)."""
    out: list[np.ndarray] = []
    current: list[np.ndarray] = []
    points = outline.points
    k = 0
    t = np.linspace(0, 1, 13)[1:, None]
    for op in outline.ops:
        if op == "m":
            if len(current) > 2:
                out.append(np.array(current))
            current = [points[k]]
            k += 1
        elif op == "l":
            current.append(points[k])
            k += 1
        elif op == "c":
            p0, p1, p2, p3 = current[-1], points[k], points[k + 1], points[k + 2]
            curve = (
                (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3
            )
            current.extend(curve)
            k += 3
        elif op == "h":
            if len(current) > 2:
                out.append(np.array(current))
            current = []
    if len(current) > 2:
        out.append(np.array(current))
    return out


def stroke_width(hand: str) -> float:
    """The hand's typical stroke width in ems: ink area over centre-line length, the
    median over plain lowercase letters."""
    font = load_font(hand)
    strokes = glyph_strokes(hand)
    widths = []
    for ch in WIDTH_LETTERS:
        if not font.has(ch):
            continue
        gid = font.gid(ch)
        area = sum(
            0.5 * np.sum(c[:, 0] * np.roll(c[:, 1], -1) - np.roll(c[:, 0], -1) * c[:, 1])
            for c in contours(font.outline(gid))
        )
        length = sum(float(np.hypot(*np.diff(s, axis=0).T).sum()) for s in strokes[gid])
        if length:
            widths.append(abs(area) / length / font.upm)
    return float(np.median(widths)) if widths else 0.05
