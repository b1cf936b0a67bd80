"""The single-stroke glyphs: shipped per hand, exactly what the builder makes, clean."""

from __future__ import annotations

import gzip
import itertools
import json

import numpy as np
import pytest

from letters_app.plotting.skeleton import centre_lines
from letters_app.plotting.strokes import encode, glyph_order, glyph_strokes, strokes_path
from letters_app.rendering import list_hands
from letters_app.rendering.fontdata import load_font

HANDS = [h.name for h in list_hands()]


@pytest.mark.parametrize("hand", HANDS)
def test_every_covered_character_has_strokes(hand: str) -> None:
    font = load_font(hand)
    strokes = glyph_strokes(hand)
    table = json.loads(gzip.decompress(strokes_path(hand).read_bytes()))
    for code in sorted(font.codepoints):
        ch = chr(code)
        if ch.isspace() or not ch.isprintable():
            continue
        gid = font.gid(ch)
        if len(font.outline(gid).points):
            assert strokes[gid], (hand, ch)
    assert len(table) > 150


@pytest.mark.parametrize("hand", ["caveat", "dancing_script"])
def test_shipped_strokes_are_what_the_builder_makes(hand: str) -> None:
    font = load_font(hand)
    table = json.loads(gzip.decompress(strokes_path(hand).read_bytes()))
    for ch in "aęłxk&T":
        name = glyph_order(font)[font.gid(ch)]
        built = centre_lines(font.outline(font.gid(ch)), font.upm)
        again = centre_lines(font.outline(font.gid(ch)), font.upm)
        assert encode({name: built}) == encode({name: again})
        assert json.loads(gzip.decompress(encode({name: built})))[name] == table[name], ch


def _near(point: np.ndarray, lines: list[np.ndarray], reach: float) -> bool:
    for line in lines:
        dense = np.concatenate([np.linspace(p, q, 8) for p, q in itertools.pairwise(line)])
        if np.hypot(*(dense - point).T).min() < reach:
            return True
    return False


def test_no_spurs_or_doubled_strokes() -> None:
    """A short stroke of a plain letter is a bridge between two others, never a spur with
    a free end; and no two strokes of a glyph run along each other (a doubled line)."""
    for hand in ("caveat", "dancing_script", "kalam", "marck_script"):
        font = load_font(hand)
        xh = font.warp_shape.x_height
        for ch in "abcdefghkmnoprsuvwxyz":
            lines = glyph_strokes(hand)[font.gid(ch)]
            for k, line in enumerate(lines):
                others = [o for n, o in enumerate(lines) if n != k and len(o) > 1]
                length = float(np.hypot(*np.diff(line, axis=0).T).sum())
                if length < 0.2 * xh:
                    assert _near(line[0], others, 0.06 * xh), (hand, ch, k)
                    assert _near(line[-1], others, 0.06 * xh), (hand, ch, k)
                for other in lines[k + 1 :]:
                    gap = np.hypot(*(line[:, None, :] - other[None, :, :]).transpose(2, 0, 1))
                    assert (gap.min(axis=1) < 0.03 * xh).mean() < 0.5, (hand, ch)
