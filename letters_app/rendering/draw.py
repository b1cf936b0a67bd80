"""Turn placed lines into content-stream operators: the ink (glyph forms) and the text layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .handmodel import LineParams, Words
from .ink import INK_SPACE, tone_index
from .layout import Line
from .textlayer import ADVANCE, TEXT_FONT_NAME, codes, encode
from .warp import grid

# Ink is written in hundredths of a point so every number is a short integer; colours are
# indices into the ink's tone palette (an Indexed colour space named /Ink).
SCALE = 100
# Round joins: the pressure stroke around an outline must not grow miter spikes at its
# sharp corners (they read as jagged, bold words).
_INK_OPEN = f"q {1 / SCALE} 0 0 {1 / SCALE} 0 0 cm 1 j /{INK_SPACE} CS /{INK_SPACE} cs\n"
_WORD_HEAD = "%d SC %d sc %.1f w\n"
_GLYPH = "q %d %d %d %d %d %d cm /G%dv%d Do Q\n"
_GLYPH_TONED = "%d sc q %d %d %d %d %d %d cm /G%dv%d Do Q\n"


@dataclass
class LineSet:
    """Lines that share one Words table and one LineParams table (row i for lines[i])."""

    words: Words
    lines: list[Line]
    params: LineParams
    x0: float  # page x of the lines' left edge
    fatigue: float = 1.0
    searchable: bool = True  # False for ink that is not the letter's text (page numbers)


@dataclass
class _Placed:
    word: np.ndarray  # word indices
    ox: np.ndarray  # word origins on the page
    oy: np.ndarray
    angle: np.ndarray  # radians
    slant: np.ndarray  # degrees


def ink_ops(
    sets: list[LineSet], connected: bool, upm: int, used_forms: set[tuple[int, int]]
) -> str:
    """The ink of every line; `used_forms` gathers the (glyph, drawing) forms it calls."""
    parts = [_ink(s, connected, upm, used_forms) for s in sets if s.lines]
    return "".join(parts)


def text_ops(sets: list[LineSet], used_codes: set[int]) -> str:
    out = ["BT 3 Tr\n"]
    written: list[str] = []
    for s in (s for s in sets if s.searchable):
        for i, line in enumerate(s.lines):
            kept = [w for w in line.words if not s.words.tokens[w].struck]
            if not kept:
                continue
            text = " ".join(s.words.tokens[w].text for w in kept)
            written.append(text)
            size = float(s.words.size[kept[0]])
            first = line.words.index(kept[0])
            last = line.words.index(kept[-1])
            start = line.xs[first]
            span = line.xs[last] + float(s.words.width[kept[-1]]) - start
            stretch = 100.0 * span / max(len(text) * ADVANCE * size, 1e-6)
            theta = float(s.params.slope[i]) * s.fatigue
            cos, sin = np.cos(theta), np.sin(theta)
            x = s.x0 + line.left + float(s.params.margin[i]) + cos * start
            y = line.baseline + sin * start
            out.append(
                f"/{TEXT_FONT_NAME} {size:.2f} Tf {stretch:.2f} Tz "
                f"{cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f} {x:.2f} {y:.2f} Tm {encode(text)} Tj\n"
            )
    out.append("ET\n")
    used_codes |= codes("".join(written))
    return "".join(out)


def _place_words(s: LineSet) -> _Placed:
    """Word origins and angles: line slope, a slow baseline wave, the word's own wobble."""
    w = s.words
    word_ids, line_ids, xs = [], [], []
    for i, line in enumerate(s.lines):
        word_ids.extend(line.words)
        line_ids.extend([i] * len(line.words))
        xs.extend(line.xs)
    word = np.array(word_ids, dtype=np.int64)
    li = np.array(line_ids, dtype=np.int64)
    x = np.array(xs)
    p, f = s.params, s.fatigue
    centre = x + w.width[word] / 2
    k = 2 * np.pi / p.wave_len[li]
    phase = k * centre + p.wave_phase[li]
    dy = (p.wave_amp[li] * np.sin(phase) + w.baseline[word]) * f
    wave_tilt = np.arctan(p.wave_amp[li] * k * np.cos(phase)) * f
    line_angle = p.slope[li] * f
    left = np.array([s.x0 + line.left for line in s.lines])[li] + p.margin[li]
    base = np.array([line.baseline for line in s.lines])[li]
    cos, sin = np.cos(line_angle), np.sin(line_angle)
    return _Placed(
        word=word,
        ox=left + cos * x - sin * dy,
        oy=base + sin * x + cos * dy,
        angle=line_angle + wave_tilt + w.rotation[word] * f,
        slant=p.slant[li] + w.slant[word],
    )


@dataclass
class GlyphPlacement:
    """Every glyph of a LineSet on the page: which word (position in the set's word order),
    which glyph and drawing, and the matrix from em units to page points (a b c d e f)."""

    placed: _Placed
    owner: np.ndarray
    glyph: np.ndarray  # indices into the Words glyph arrays
    gids: np.ndarray
    drawings: np.ndarray
    matrix: list[np.ndarray]  # six columns


def place_glyphs(s: LineSet) -> GlyphPlacement:
    """Where each glyph goes; the PDF ink and the pen-plotter strokes both start here."""
    w = s.words
    placed = _place_words(s)
    first = w.starts[placed.word]
    counts = w.starts[placed.word + 1] - first
    owner = np.repeat(np.arange(len(placed.word)), counts)
    bounds = np.concatenate(([0], np.cumsum(counts)))
    glyph = np.arange(int(bounds[-1])) - bounds[:-1][owner] + first[owner]
    theta = placed.angle[owner]
    alpha = theta + w.grot[glyph] * s.fatigue
    size = w.size[placed.word][owner] * w.gscale[glyph]
    shear = np.tan(np.radians(placed.slant))[owner]
    lx, ly = w.gx[glyph], w.gy[glyph]
    ct, st = np.cos(theta), np.sin(theta)
    ca, sa = np.cos(alpha), np.sin(alpha)
    wide = size * w.gwide[glyph]
    matrix = [
        wide * ca,
        wide * sa,
        size * (shear * ca - sa),
        size * (shear * sa + ca),
        placed.ox[owner] + ct * lx - st * ly,
        placed.oy[owner] + st * lx + ct * ly,
    ]
    return GlyphPlacement(placed, owner, glyph, w.gid[glyph], w.gvar[glyph], matrix)


def _ink(s: LineSet, connected: bool, upm: int, used_forms: set[tuple[int, int]]) -> str:
    w = s.words
    at = place_glyphs(s)
    placed, owner, glyph, gids, drawings = at.placed, at.owner, at.glyph, at.gids, at.drawings
    counts = np.bincount(owner, minlength=len(placed.word))
    bounds = np.concatenate(([0], np.cumsum(counts)))
    used_forms.update(zip(gids.tolist(), drawings.tolist(), strict=True))
    columns = [c * SCALE for c in at.matrix]
    if not connected:
        columns.insert(0, tone_index(w.tone[placed.word][owner] + w.gtone[glyph]))
    columns.extend((gids, drawings))
    per_glyph = len(columns)
    flat = np.rint(np.column_stack(columns)).astype(np.int64).ravel().tolist()
    template = _GLYPH if connected else _GLYPH_TONED

    tones = tone_index(w.tone[placed.word]).tolist()
    pressure = (w.pressure[placed.word] / grid(upm)).tolist()  # the forms' grid steps
    struck = {n for n, word in enumerate(placed.word.tolist()) if w.tokens[word].struck}
    out = [_INK_OPEN]
    bounds = (bounds * per_glyph).tolist()
    for n, (tone, weight) in enumerate(zip(tones, pressure, strict=True)):
        out.append(_WORD_HEAD % (tone, tone, weight))
        numbers = flat[bounds[n] : bounds[n + 1]]
        out.append(template * (len(numbers) // per_glyph) % tuple(numbers))
        if n in struck:
            out.append(_strike(placed, n, w))
    out.append("Q\n")
    return "".join(out)


def strike_curves(placed: _Placed, n: int, w: Words) -> tuple[np.ndarray, np.ndarray]:
    """A quick pen stroke through a false start, a little past both ends: two cubic Béziers
    (4 × 2 control points each, page points), out along the word and back above it. The PDF
    strokes them; the pen plotter draws the same curves."""
    word = int(placed.word[n])
    size, width = float(w.size[word]), float(w.width[word])
    cos, sin = np.cos(placed.angle[n]), np.sin(placed.angle[n])
    h = 0.2 * size
    local = np.array([
        [(-0.1 * size, h * 0.9), (width * 0.35, h * 1.25), (width * 0.65, h * 0.8),
         (width + 0.12 * size, h * 1.1)],
        [(width + 0.05 * size, h * 1.45), (width * 0.5, h * 1.05), (width * 0.3, h * 1.7),
         (-0.05 * size, h * 1.4)],
    ])
    x, y = local[..., 0], local[..., 1]
    page = np.stack((placed.ox[n] + cos * x - sin * y, placed.oy[n] + sin * x + cos * y), -1)
    return page[0], page[1]


def _strike(placed: _Placed, n: int, w: Words) -> str:
    out, back = strike_curves(placed, n, w)
    size = float(w.size[int(placed.word[n])])
    a, b, c, d, e, f, g, h = (f"{x * SCALE:.0f} {y * SCALE:.0f}" for x, y in (*out, *back))
    return f"q 1 J {0.07 * size * SCALE:.0f} w {a} m {b} {c} {d} c {e} m {f} {g} {h} c S Q\n"
