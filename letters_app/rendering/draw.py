"""Turn placed lines into content-stream operators: the ink (glyph forms) and the text layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .handmodel import LineParams, Words
from .ink import Ink, toned
from .layout import Line
from .textlayer import ADVANCE, TEXT_FONT_NAME, codes, encode

_WORD_HEAD = "%.3f %.3f %.3f RG %.3f %.3f %.3f rg %.1f w\n"
_GLYPH = "q %.2f %.2f %.2f %.2f %.2f %.2f cm /G%d Do Q\n"
_GLYPH_TONED = "%.3f %.3f %.3f rg q %.2f %.2f %.2f %.2f %.2f %.2f cm /G%d Do Q\n"


@dataclass
class LineSet:
    """Lines that share one Words table and one LineParams table (row i for lines[i])."""

    words: Words
    lines: list[Line]
    params: LineParams
    x0: float  # page x of the lines' left edge
    fatigue: float = 1.0


@dataclass
class _Placed:
    word: np.ndarray  # word indices
    ox: np.ndarray  # word origins on the page
    oy: np.ndarray
    angle: np.ndarray  # radians
    slant: np.ndarray  # degrees


def ink_ops(sets: list[LineSet], ink: Ink, connected: bool, used_gids: set[int]) -> str:
    parts = [_ink(s, ink, connected, used_gids) for s in sets if s.lines]
    return "".join(parts)


def text_ops(sets: list[LineSet], used_codes: set[int]) -> str:
    out = ["BT 3 Tr\n"]
    for s in sets:
        for i, line in enumerate(s.lines):
            kept = [w for w in line.words if not s.words.tokens[w].struck]
            if not kept:
                continue
            text = " ".join(s.words.tokens[w].text for w in kept)
            used_codes |= codes(text)
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


def _ink(s: LineSet, ink: Ink, connected: bool, used_gids: set[int]) -> str:
    w = s.words
    placed = _place_words(s)
    counts = w.starts[placed.word + 1] - w.starts[placed.word]
    owner = np.repeat(np.arange(len(placed.word)), counts)
    glyph = np.concatenate([np.arange(w.starts[i], w.starts[i + 1]) for i in placed.word])
    used_gids.update(np.unique(w.gid[glyph]).tolist())

    theta = placed.angle[owner]
    alpha = theta + w.grot[glyph] * s.fatigue
    size = w.size[placed.word][owner] * w.gscale[glyph]
    shear = np.tan(np.radians(placed.slant))[owner]
    lx, ly = w.gx[glyph], w.gy[glyph]
    ct, st = np.cos(theta), np.sin(theta)
    ca, sa = np.cos(alpha), np.sin(alpha)
    matrix = np.column_stack(
        (
            size * w.gwide[glyph] * ca,
            size * w.gwide[glyph] * sa,
            size * (shear * ca - sa),
            size * (shear * sa + ca),
            placed.ox[owner] + ct * lx - st * ly,
            placed.oy[owner] + st * lx + ct * ly,
        )
    )
    word_rgb = toned(ink, w.tone[placed.word])
    word_head = [
        _WORD_HEAD % (*rgb, *rgb, pw)
        for rgb, pw in zip(word_rgb.tolist(), w.pressure[placed.word].tolist(), strict=True)
    ]
    gids = w.gid[glyph].tolist()
    rows = matrix.tolist()
    if connected:
        lines = [_GLYPH % (*row, g) for row, g in zip(rows, gids, strict=True)]
    else:
        rgb = toned(ink, w.tone[placed.word][owner] + w.gtone[glyph]).tolist()
        lines = [_GLYPH_TONED % (*c, *row, g) for c, row, g in zip(rgb, rows, gids, strict=True)]
    out: list[str] = []
    bounds = np.concatenate(([0], np.cumsum(counts))).tolist()
    for n, head in enumerate(word_head):
        out.append(head)
        out.extend(lines[bounds[n] : bounds[n + 1]])
        if w.tokens[int(placed.word[n])].struck:
            out.append(_strike(placed, n, w))
    return "".join(out)


def _strike(placed: _Placed, n: int, w: Words) -> str:
    """A quick pen stroke through a false start, a little past both ends."""
    word = int(placed.word[n])
    size, width = float(w.size[word]), float(w.width[word])
    cos, sin = np.cos(placed.angle[n]), np.sin(placed.angle[n])

    def at(x: float, y: float) -> str:
        return f"{placed.ox[n] + cos * x - sin * y:.2f} {placed.oy[n] + sin * x + cos * y:.2f}"

    h = 0.2 * size
    return (
        f"q 1 J {0.07 * size:.2f} w {at(-0.1 * size, h * 0.9)} m "
        f"{at(width * 0.35, h * 1.25)} {at(width * 0.65, h * 0.8)} "
        f"{at(width + 0.12 * size, h * 1.1)} c "
        f"{at(width + 0.05 * size, h * 1.45)} m {at(width * 0.5, h * 1.05)} "
        f"{at(width * 0.3, h * 1.7)} {at(-0.05 * size, h * 1.4)} c S Q\n"
    )
