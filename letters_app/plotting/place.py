"""The letter's strokes on the page: each glyph's centre lines, drawn the way the PDF draws
the glyph (same warped drawing, same matrix), then joined within each word."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from letters_app.rendering.draw import LineSet, place_glyphs, strike_curves
from letters_app.rendering.fontdata import HandFont
from letters_app.rendering.paper import MM
from letters_app.rendering.warp import Outline, variant_key, warped

from .paths import Paths
from .strokes import glyph_strokes, stroke_width

# Ends of two strokes of one word closer than this many of the hand's stroke widths are one
# line: in a joined hand the exit of a letter runs into the next one's entry, and both
# centre lines stop about half a stroke width short of where the ink meets.
JOIN_CONNECTED = 2.5
JOIN_PRINT = 0.5


class Drawings:
    """A hand's strokes per (glyph, drawing), in ems, warped like the PDF's forms; cached
    as one point array and the length of each stroke in it."""

    def __init__(self, font: HandFont) -> None:
        self.font = font
        self.base = glyph_strokes(font.hand.name)
        self.width = stroke_width(font.hand.name)  # ems
        self.cache: dict[tuple[int, int], tuple[np.ndarray, list[int]]] = {}

    def get(self, gid: int, drawing: int) -> tuple[np.ndarray, list[int]]:
        key = (gid, drawing)
        found = self.cache.get(key)
        if found is None:
            lines = self.base[gid]
            lengths = [len(s) for s in lines]
            flat = np.concatenate(lines) if lines else np.zeros((0, 2))
            if drawing and lines:
                font = self.font
                outline = Outline((), flat, font.outline(gid).advance)
                flat = warped(outline, font.warp_shape, variant_key(font.hand.name, gid, drawing))
            found = self.cache[key] = (flat / self.font.upm, lengths)
        return found


@dataclass
class Placed:
    """A sheet's strokes in reading order, with the word and line each belongs to."""

    paths: Paths
    word: np.ndarray  # per stroke, a word number unique on the sheet
    line: np.ndarray  # per word, a line number unique on the sheet
    reach: np.ndarray  # per word, mm within which two of its stroke ends are one line


def place_strokes(sets: list[LineSet], drawings: Drawings, height: float) -> Placed:
    """Every glyph's strokes on a sheet `height` mm tall, y down, in reading order."""
    chunks, lengths = [], []
    word_ids, line_ids, reach = [], [], []
    share = (JOIN_CONNECTED if drawings.font.hand.connected else JOIN_PRINT) * drawings.width
    for s in sets:
        if not s.lines:
            continue
        at = place_glyphs(s)
        forms = [
            drawings.get(g, d) for g, d in zip(at.gids.tolist(), at.drawings.tolist(), strict=True)
        ]
        first_word = len(line_ids)
        first_line = int(line_ids[-1]) + 1 if line_ids else 0
        for n, line in enumerate(s.lines):
            line_ids.extend([first_line + n] * len(line.words))
        reach.extend((share * s.words.size[at.placed.word] / MM).tolist())
        counts = np.array([len(f[0]) for f in forms], np.int64)
        if not counts.sum():
            continue
        pts = np.concatenate([f[0] for f in forms])
        glyph = np.repeat(np.arange(len(forms)), counts)
        a, b, c, d, e, f = (m[glyph] for m in at.matrix)
        x, y = pts[:, 0], pts[:, 1]
        chunks.append(
            np.column_stack(((a * x + c * y + e) / MM, height - (b * x + d * y + f) / MM))
        )
        lengths.extend(n for form in forms for n in form[1])
        per_glyph = np.array([len(form[1]) for form in forms], np.int64)
        word_ids.append(first_word + np.repeat(at.owner, per_glyph))
    points = np.concatenate(chunks) if chunks else np.zeros((0, 2))
    offsets = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
    word = np.concatenate(word_ids) if word_ids else np.zeros(0, np.int64)
    return Placed(Paths(points, offsets), word, np.array(line_ids, np.int64), np.array(reach))


STRIKE_POINTS = 17  # per Bézier of a crossing-out: smooth at letter size


def with_strikes(placed: Placed, sets: list[LineSet], height: float) -> Placed:
    """The crossing-out through each false start (style.corrections), the same two curves
    the PDF strokes, as strokes of the struck word: drawn with it, never joined to it."""
    t = np.linspace(0.0, 1.0, STRIKE_POINTS)[:, None]
    basis = np.hstack(((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3))
    curves, owners = [], []
    first_word = 0
    for s in sets:
        if not any(s.words.tokens[w].struck for line in s.lines for w in line.words):
            first_word += sum(len(line.words) for line in s.lines)
            continue  # nearly every set: placing its glyphs again would cost for nothing
        at = place_glyphs(s)
        for n, word in enumerate(at.placed.word.tolist()):
            if s.words.tokens[word].struck:
                for control in strike_curves(at.placed, n, s.words):
                    pts = basis @ control
                    curves.append(np.column_stack((pts[:, 0] / MM, height - pts[:, 1] / MM)))
                    owners.append(first_word + n)
        first_word += sum(len(line.words) for line in s.lines)
    if not curves:
        return placed
    paths = placed.paths
    points = np.concatenate([paths.points, *curves])
    offsets = np.concatenate(
        (paths.offsets, paths.offsets[-1] + STRIKE_POINTS * np.arange(1, len(curves) + 1))
    )
    word = np.concatenate((placed.word, np.array(owners, np.int64)))
    return Placed(Paths(points, offsets), word, placed.line, placed.reach)


def join_ends(placed: Placed) -> Placed:
    """Merge strokes of one word whose ends meet within the word's reach, nearest pairs
    first, so the pen stays down through a join (a joined hand's exit into the next
    letter's entry); a stroke is turned round when that is the way it meets."""
    paths, word = placed.paths, placed.word
    n = len(paths)
    if n < 2:
        return placed
    ends = np.empty((2 * n, 2))  # 2k head, 2k + 1 tail
    ends[0::2], ends[1::2] = paths.heads, paths.tails
    # Candidate pairs: strokes i < j of the same word (a word's strokes are one run).
    runs = np.diff(np.flatnonzero(np.r_[True, word[1:] != word[:-1], True]))
    i_list, j_list = [], []
    for gap in range(1, int(runs.max())):
        i = np.flatnonzero(word[:-gap] == word[gap:])
        i_list.append(i)
        j_list.append(i + gap)
    if not i_list:
        return placed
    si, sj = np.concatenate(i_list), np.concatenate(j_list)
    p = np.concatenate([2 * si + u for u in (0, 1) for _ in (0, 1)])
    q = np.concatenate([2 * sj + v for _ in (0, 1) for v in (0, 1)])
    dist = np.hypot(*(ends[p] - ends[q]).T)
    close = dist <= placed.reach[word[p // 2]]
    p, q, dist = p[close], q[close], dist[close]
    link: dict[int, int] = {}
    chain = list(range(n))

    def root(k: int) -> int:
        while chain[k] != k:
            chain[k] = chain[chain[k]]
            k = chain[k]
        return k

    for k in np.lexsort((q, p, dist)).tolist():
        a, b = int(p[k]), int(q[k])
        if a in link or b in link or root(a // 2) == root(b // 2):
            continue
        link[a], link[b] = b, a
        chain[root(a // 2)] = root(b // 2)
    if not link:
        return placed
    pieces, flips, bounds, out_word = [], [], [0], []
    used = [False] * n
    words = word.tolist()
    for k in range(n):
        if used[k]:
            continue
        enter = 2 * k if 2 * k not in link else 2 * k + 1
        while True:
            used[enter // 2] = True
            pieces.append(enter // 2)
            flips.append(enter % 2 == 1)
            nxt = link.get(enter ^ 1)
            if nxt is None:
                break
            enter = nxt
        bounds.append(len(pieces))
        out_word.append(words[k])
    joined = paths.arranged(np.array(pieces), np.array(flips), np.array(bounds))
    return Placed(joined, np.array(out_word, np.int64), placed.line, placed.reach)
