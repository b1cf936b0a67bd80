"""Every glyph drawn anew: smoothly warped variants of a glyph's outline.

A variant is the font's outline pushed through a smooth displacement field: a few long,
gentle waves (strokes bend), a swelling or narrowing of the x-height band (bowls grow and
shrink) and a stretch above and below it (ascenders and descenders reach further or less).
Each variant is fixed by (hand, glyph, index), so a seed always picks the same drawings;
letters choose a few of a glyph's variants and spread them over its instances.

In joined hands the field fades to nothing at the glyph's origin and advance, where the
joins are, so neighbouring letters still meet exactly where the font meets them.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

POOL = 24  # distinct drawings of each glyph a hand can make
# Forms are drawn on a grid of 1/250 em (0.08 pt at 19 pt, a third of a 300 dpi dot):
# short numbers keep a page's many drawings small.
GRID_PER_EM = 250
PIN_FRACTION = 0.28  # of the advance, over which a joined glyph's warp fades in from a join


@dataclass(frozen=True)
class Outline:
    """A glyph's outline as operators ("m", "l", "c", "h") over one array of points."""

    ops: tuple[str, ...]
    points: np.ndarray  # (n, 2) font units, in drawing order
    advance: int


@dataclass(frozen=True)
class WarpShape:
    """The hand's proportions the field works in, and how strong it is (em fractions)."""

    upm: int
    x_height: float  # font units
    strength: float  # em, the typical displacement of a point
    pinned: bool  # joined hand: keep entry and exit points where the font has them


def warped(outline: Outline, shape: WarpShape, key: int) -> np.ndarray:
    """The outline's points moved by the field numbered `key` (0 is the font's own drawing)."""
    points = outline.points
    if key == 0 or not len(points):
        return points
    rng = np.random.default_rng(key)
    em, xh = float(shape.upm), shape.x_height
    x, y = points[:, 0], points[:, 1]
    amp = shape.strength * em
    waves = rng.normal(0.0, 1.0, (2, 3))  # amplitudes of three waves, for dx and dy
    freq = rng.uniform(0.4, 1.1, (2, 3, 2)) * rng.choice((-1, 1), (2, 3, 2)) * 2 * np.pi / em
    phase = rng.uniform(0, 2 * np.pi, (2, 3))
    arg = freq[..., 0, None] * x + freq[..., 1, None] * y + phase[..., None]
    bend = (waves[..., None] * np.sin(arg)).sum(axis=1) * amp / np.sqrt(3)
    bowl, rise, drop = np.clip(rng.normal(0.0, 1.0, 3), -2.5, 2.5)
    band = np.clip(1 - np.abs(y - xh / 2) / xh, 0.0, 1.0)  # the x-height band, softly
    centre = outline.advance / 2
    dx = bend[0] + bowl * 0.03 * (x - centre) * band
    dy = bend[1] + rise * 0.05 * np.maximum(y - xh, 0.0) + drop * 0.05 * np.minimum(y, 0.0)
    if shape.pinned and outline.advance > 0:
        reach = PIN_FRACTION * outline.advance
        inside = np.clip(np.minimum(x, outline.advance - x) / reach, 0.0, 1.0)
        weight = inside * inside * (3 - 2 * inside)
        dx, dy = dx * weight, dy * weight
    return points + np.column_stack((dx, dy))


_OPERATOR = {"m": "%d %d m", "l": "%d %d l", "c": "%d %d %d %d %d %d c", "h": "h"}


def grid(upm: int) -> float:
    """Font units per step of the grid forms are written on."""
    return upm / GRID_PER_EM


def form_body(
    outline: Outline, points: np.ndarray, upm: int
) -> tuple[bytes, tuple[int, int, int, int]]:
    """The PDF path (filled, stroked for pressure) on the form grid, compressed, and its
    bounding box in grid steps."""
    if not len(points):
        return zlib.compress(b""), (0, 0, 0, 0)
    points = points / grid(upm)
    rounded = np.rint(points).astype(np.int64).ravel().tolist()
    template = "\n".join(_OPERATOR[op] for op in outline.ops) + "\nB"
    x0, y0 = np.floor(points.min(axis=0)).astype(int).tolist()
    x1, y1 = np.ceil(points.max(axis=0)).astype(int).tolist()
    body = template % tuple(rounded)
    pad = 10  # grid steps, for the pressure stroke drawn around the outline
    return zlib.compress(body.encode("ascii"), 9), (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def variant_key(hand: str, gid: int, index: int) -> int:
    """A stable number for variant `index` (1..POOL) of a glyph; 0 stays the font's own."""
    return zlib.crc32(f"{hand}:{gid}:{index}".encode()) if index else 0
