"""HarfBuzz shaping of single words: which glyphs (alternates, ligatures) and where."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import uharfbuzz as hb

from .fontdata import load_font


@dataclass(frozen=True)
class Shaped:
    gids: tuple[int, ...]
    x: tuple[int, ...]  # pen position of each glyph, font units from the word start
    y: tuple[int, ...]  # vertical offset of each glyph, font units
    advance: int  # the word's width, font units
    glyphs: np.ndarray  # (glyphs, 3) int64: gid, x, y of each, ready to concatenate


@lru_cache(maxsize=50_000)
def shape_word(hand: str, word: str) -> Shaped:
    """Shape one word with the font's default features (calt, liga, kerning, init/fina...)."""
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(load_font(hand).hb_font, buf, {})
    gids, xs, ys = [], [], []
    pen = 0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gids.append(info.codepoint)
        xs.append(pen + pos.x_offset)
        ys.append(pos.y_offset)
        pen += pos.x_advance
    glyphs = np.array([gids, xs, ys], dtype=np.int64).T.reshape(-1, 3)
    return Shaped(tuple(gids), tuple(xs), tuple(ys), pen, glyphs)
