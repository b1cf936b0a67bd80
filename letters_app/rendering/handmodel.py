"""The handwriting model: how each word and glyph departs from the font's perfect copy.

All randomness comes from one NumPy generator seeded by the caller and is drawn in bulk,
in document order, so a seed always gives the same letter. Connected hands get no
per-glyph movement (that would break their joins); their words move as wholes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .casing import CAPITAL_SPACING, drawn_words, spaced_capitals
from .fontdata import HandFont
from .shaping import shape_word
from .warp import POOL

CLIP = 2.5  # no outliers beyond 2.5 standard deviations: a hand is consistent
SIZE_CLIP = 1.5  # tighter for size: a word drawn larger also looks heavier than its neighbours
GAP_FLOOR = 0.6  # x-heights: words never come closer than this, ink to ink
MOST_DRAWINGS = 3  # of one glyph in one letter: enough that no two neighbours repeat
# Drawings cost PDF bytes: a letter may spend about this much per glyph it writes on them
# (a full page of about 1,100 glyphs: 80 KB), and frequent glyphs get theirs first.
FORM_BYTES_PER_GLYPH = 85
FORM_BYTES_FLOOR = 40_000


@dataclass(frozen=True)
class Role:
    size: float  # times the hand's size
    wobble: float  # times the hand's variation
    spacing: float = 1.0  # times the hand's space


ROLES: dict[str, Role] = {
    "body": Role(1.0, 1.0),
    "greeting": Role(1.0, 1.0),
    "closing": Role(1.0, 1.0),
    "signature": Role(1.45, 1.8, 1.5),
    "address": Role(1.05, 0.6),
    "return": Role(0.75, 0.6),
    "window": Role(1.0, 0.5),
    "page": Role(0.75, 0.5),
}


@dataclass(frozen=True)
class Token:
    text: str
    role: str
    struck: bool = False  # a false start, crossed out; drawn but not part of the text


@dataclass
class Words:
    """Every word of a document, measured, with the per-glyph arrays behind them."""

    tokens: list[Token]
    size: np.ndarray  # pt, per word
    width: np.ndarray  # pt, drawn width
    space_after: np.ndarray  # pt, the gap that follows
    ink_left: np.ndarray  # pt from the word's start to its leftmost ink (entry strokes < 0)
    ink_right: np.ndarray  # pt from the word's start to its rightmost ink
    gap_floor: float  # pt, the least ink gap between two words (tied to the x-height)
    wobble: np.ndarray  # variation multiplier, per word
    rotation: np.ndarray  # radians, the word's own tilt
    baseline: np.ndarray  # pt, the word's own vertical offset
    slant: np.ndarray  # degrees, the word's own slant jitter
    tone: np.ndarray  # ink tone per word
    pressure: np.ndarray  # stroke weight per word, font units
    starts: np.ndarray  # glyph index where each word starts (n + 1 entries)
    gid: np.ndarray
    gvar: np.ndarray  # which warped drawing of the glyph (see warp.py)
    gx: np.ndarray  # pt from the word's start
    gy: np.ndarray  # pt above the word's baseline
    grot: np.ndarray  # radians
    gscale: np.ndarray
    gwide: np.ndarray  # horizontal stretch
    gtone: np.ndarray

    @cached_property
    def spans(self) -> tuple[list[float], list[float], list[float], list[float]]:
        """width, space_after, ink_left and ink_right as plain floats: the line breaker
        reads them one word at a time, and numpy scalars are slow to read one by one."""
        return (
            self.width.tolist(),
            self.space_after.tolist(),
            self.ink_left.tolist(),
            self.ink_right.tolist(),
        )


@dataclass
class LineParams:
    slope: np.ndarray  # radians
    wave_amp: np.ndarray  # pt
    wave_len: np.ndarray  # pt
    wave_phase: np.ndarray
    margin: np.ndarray  # pt, drift of the line's start
    slant: np.ndarray  # degrees, the slowly varying slant at this line


class HandModel:
    def __init__(self, font: HandFont, seed: int, size: float, fatigue: bool = False) -> None:
        self.font = font
        self.hand = font.hand
        self.var = font.hand.variation
        self.size = size
        self.fatigue = fatigue
        self.rng = np.random.default_rng(seed % 2**128)  # any int, negative ones too

    def fatigue_factor(self, page: int) -> float:
        """How much wider the variation has grown by this page (0-based)."""
        return 1.0 + 0.2 * page if self.fatigue else 1.0

    def corrections(self, count: int, rate: float) -> np.ndarray:
        """Which of count words the writer starts wrongly and crosses out."""
        return self.rng.random(count) < rate

    def measure(self, tokens: list[Token]) -> Words:
        font, var, rng = self.font, self.var, self.rng
        upm = float(font.upm)
        typed = [t.text for t in tokens]
        drawn = drawn_words(typed, self.hand.connected)
        shaped = [shape_word(self.hand.name, word) for word in drawn]
        counts = np.array([len(s.gids) for s in shaped], dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(counts)))
        total = int(starts[-1])
        glyphs = np.concatenate([s.glyphs for s in shaped]) if shaped else np.zeros((0, 3))
        gid = glyphs[:, 0].astype(np.int64)
        gx, gy = glyphs[:, 1].astype(float), glyphs[:, 2].astype(float)
        advance = np.array([s.advance for s in shaped], dtype=float)
        owner = np.repeat(np.arange(len(tokens)), counts)

        roles = [ROLES[t.role] for t in tokens]
        wobble = np.array([r.wobble for r in roles])
        wn = np.clip(rng.standard_normal((len(tokens), 7)), -CLIP, CLIP)
        gn = np.clip(rng.standard_normal((total, 6)), -CLIP, CLIP)
        gw = wobble[owner]

        if self.hand.own_forms or self.hand.alternates > 0:
            # Each form placed by its own width: a customer's three forms differ.
            pick = self._own_forms if self.hand.own_forms else self._alternates
            gid, shift, grown = pick(gid, starts, owner)
            gx = gx + shift
            advance = advance + grown

        role_size = np.array([r.size for r in roles])
        size = (
            self.size
            * role_size
            * (1 + np.clip(wn[:, 0], -SIZE_CLIP, SIZE_CLIP) * var.word_scale * wobble)
        )
        gsize = size[owner]
        spacing = gn[:, 1] * var.glyph_spacing * gw * gsize
        apart = np.array(spaced_capitals(typed, self.hand.connected), dtype=bool)
        if apart.any():
            spacing = spacing + apart[owner] * CAPITAL_SPACING * gsize
        spacing[starts[1:] - 1] = 0.0  # no extra space after a word's last glyph
        before = np.cumsum(spacing) - spacing
        before -= before[starts[:-1]][owner]
        width = advance / upm * size + np.add.reduceat(spacing, starts[:-1])
        space = font.space_advance * self.hand.word_space / upm * size
        space = space * np.array([r.spacing for r in roles])
        space_after = space * np.clip(1 + wn[:, 3] * var.word_spacing * wobble, 0.7, 1.6)

        glyph_x = gx / upm * gsize + before
        ink_lo, ink_hi = self._ink_extent(gid)
        wide = 1 + gn[:, 4] * var.glyph_scale * 0.6 * gw
        left = glyph_x + ink_lo / upm * gsize * wide
        right = glyph_x + ink_hi / upm * gsize * wide
        return Words(
            tokens=tokens,
            size=size,
            width=width,
            space_after=space_after,
            ink_left=np.minimum.reduceat(left, starts[:-1]) if total else np.zeros(len(tokens)),
            ink_right=np.maximum.reduceat(right, starts[:-1]) if total else np.zeros(len(tokens)),
            gap_floor=GAP_FLOOR * font.warp_shape.x_height / upm * self.size,
            wobble=wobble,
            rotation=np.radians(wn[:, 1] * var.word_rotation * wobble),
            baseline=wn[:, 2] * var.word_baseline * wobble * size,
            slant=wn[:, 6] * 0.3 * var.slant * wobble,
            tone=self._tone_walk(len(tokens)) + wn[:, 4] * var.ink_tone * 0.15,
            pressure=self._pressure(wn[:, 5]),
            starts=starts,
            gid=gid,
            gvar=self._drawings(gid, owner),
            gx=glyph_x,
            gy=(gy / upm + gn[:, 2] * var.glyph_baseline * gw) * gsize,
            grot=np.radians(gn[:, 3] * var.glyph_rotation * gw),
            gscale=1 + np.clip(gn[:, 0], -SIZE_CLIP, SIZE_CLIP) * var.glyph_scale * gw,
            gwide=wide,
            gtone=np.zeros(total) if self.hand.connected else gn[:, 5] * var.ink_tone * 0.5,
        )

    def lines(self, count: int) -> LineParams:
        var, rng = self.var, self.rng
        ln = np.clip(rng.standard_normal((count, 5)), -CLIP, CLIP)
        margin = np.zeros(count)
        for i in range(1, count):  # a random walk that keeps coming back to the margin
            margin[i] = 0.6 * margin[i - 1] + ln[i, 3] * var.margin_drift
        index = np.arange(count)
        phase0 = rng.uniform(0, 2 * np.pi)
        return LineParams(
            slope=np.radians(ln[:, 0] * var.line_slope + 0.15 * var.line_slope),
            wave_amp=np.abs(ln[:, 1]) * var.baseline_wave * self.size,
            wave_len=self.size * (14 + 6 * np.abs(ln[:, 2])),
            wave_phase=rng.uniform(0, 2 * np.pi, count),
            margin=margin,
            slant=var.slant * np.sin(2 * np.pi * index / 11 + phase0) + 0.3 * ln[:, 4],
        )

    def _alternates(
        self, gid: np.ndarray, starts: np.ndarray, owner: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Swap some glyphs for a stylistic alternate: new gids, x shifts, word growth."""
        table, count, advance = _alternate_table(self.font)
        roll = self.rng.random(len(gid))
        pick = self.rng.integers(0, 1 << 30, len(gid))
        n = count[gid]
        swap = (n > 0) & (roll < self.hand.alternates)
        new = np.where(swap, table[gid, pick % np.maximum(n, 1)], gid)
        # Two identical forms side by side is what the font's own calt avoids; so do we.
        twin = np.zeros(len(gid), bool)
        twin[1:] = swap[1:] & (new[1:] == new[:-1])
        new = np.where(twin, gid, new)
        delta = (advance[new] - advance[gid]).astype(float)
        shift = np.cumsum(delta) - delta
        shift -= shift[starts[:-1]][owner]
        return new, shift, np.add.reduceat(delta, starts[:-1])

    def _own_forms(
        self, gid: np.ndarray, starts: np.ndarray, owner: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A customer's hand: each instance of a character takes one of the forms they wrote,
        at random, but never the form its previous instance took (the two e's of "been", the
        s's of "kisses"): a person never writes a letter twice exactly alike."""
        table, count, advance = _alternate_table(self.font)
        forms = count[gid] + 1  # the glyph itself and its alternates
        pick = self.rng.integers(0, 1 << 30, len(gid))
        chosen = np.zeros(len(gid), np.int64)
        last: dict[int, int] = {}
        for i, (g, n, p) in enumerate(zip(gid.tolist(), forms.tolist(), pick.tolist(),
                                          strict=True)):
            if n == 1:
                continue
            previous = last.get(g)
            form = p % n if previous is None else (previous + 1 + p % (n - 1)) % n
            chosen[i] = last[g] = form
        new = np.where(chosen > 0, table[gid, np.maximum(chosen - 1, 0)], gid)
        delta = (advance[new] - advance[gid]).astype(float)
        shift = np.cumsum(delta) - delta
        shift -= shift[starts[:-1]][owner]
        return new, shift, np.add.reduceat(delta, starts[:-1])

    def _ink_extent(self, gid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each glyph's leftmost and rightmost ink, font units from its origin; a warped
        drawing moves by a few hundredths of an em, which the gap floor absorbs."""
        table = _INK.get(self.hand.name)
        if table is None:
            lo, hi = np.zeros(self.font.glyph_count), np.zeros(self.font.glyph_count)
            _INK[self.hand.name] = table = (lo, hi, np.zeros(len(lo), bool))
        lo, hi, known = table
        for g in np.flatnonzero(np.bincount(gid[~known[gid]])).tolist():
            points = self.font.outline(g).points
            if len(points):
                lo[g], hi[g] = points[:, 0].min(), points[:, 0].max()
            known[g] = True
        return lo[gid], hi[gid]

    def _drawings(self, gid: np.ndarray, owner: np.ndarray) -> np.ndarray:
        """Pick a warped drawing for every glyph: each glyph has a few in this letter, and
        a glyph that follows itself (the "ee" of "been") never repeats its neighbour's."""
        if self.hand.warp <= 0 or not len(gid):
            return np.zeros(len(gid), np.int64)
        unique, inverse, uses = _unique(gid)
        doubled = np.zeros(len(gid), bool)
        doubled[1:] = (gid[1:] == gid[:-1]) & (owner[1:] == owner[:-1])
        ever_doubled = np.bincount(inverse[doubled], minlength=len(unique)) > 0
        cost = np.array([len(self.font.form(g).stream) + 90 for g in unique.tolist()])
        budget = max(FORM_BYTES_FLOOR, FORM_BYTES_PER_GLYPH * len(gid))
        per_drawing = 2
        while True:  # fewer drawings of the rarer glyphs until the letter's forms fit
            count = np.clip(1 + uses // per_drawing, 1 + ever_doubled, MOST_DRAWINGS)
            if (count * cost).sum() <= budget or per_drawing > len(gid):
                break
            per_drawing = per_drawing * 3 // 2 + 1
        first = self.rng.integers(0, POOL, len(unique))
        pick = self.rng.integers(0, 1 << 30, len(gid)) % count[inverse]
        for i in np.flatnonzero(doubled).tolist():
            if pick[i] == pick[i - 1]:
                pick[i] = (pick[i] + 1) % count[inverse[i]]
        return 1 + (first[inverse] + pick) % POOL

    def _tone_walk(self, count: int) -> np.ndarray:
        steps = self.rng.standard_normal(count) * self.var.ink_tone * 0.5
        walk = np.empty(count)
        level = 0.0
        for i, step in enumerate(steps.tolist()):
            level = 0.85 * level + step
            walk[i] = level
        return walk

    def _pressure(self, noise: np.ndarray) -> np.ndarray:
        """Pen pressure drifts slowly along the text, never jumping at a word's edge: a
        word drawn heavier than its neighbours is what gives a font away."""
        low, high = self.var.pressure
        mid, swing = (low + high) / 2, (high - low) / 6
        level, out = 0.0, np.empty(len(noise))
        for i, step in enumerate(noise.tolist()):
            level = 0.9 * level + 0.3 * step
            out[i] = level
        return np.clip(mid + out * swing, low, high)


def _unique(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """np.unique(ids, return_inverse=True, return_counts=True) for small non-negative ints,
    counted instead of sorted (np.unique also loads numpy.ma: 50 ms of every start-up)."""
    counts = np.bincount(ids)
    unique = np.flatnonzero(counts)
    rank = np.cumsum(counts > 0) - 1
    return unique, rank[ids], counts[unique]


def take_lines(params: LineParams, index: list[int]) -> LineParams:
    """The rows of params for the given lines, in that order."""
    rows = np.asarray(index, dtype=np.int64)
    return LineParams(*(getattr(params, f)[rows] for f in LineParams.__dataclass_fields__))


def _alternate_table(font: HandFont) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per gid: its alternates (padded), how many, and every glyph's advance; cached."""
    cached = _TABLES.get(font.hand.name)
    if cached is None:
        size = font.glyph_count
        widest = max((len(a) for a in font.alternates.values()), default=1)
        table = np.zeros((size, widest), np.int64)
        count = np.zeros(size, np.int64)
        for g, alts in font.alternates.items():
            table[g, : len(alts)] = alts
            count[g] = len(alts)
        advance = np.array(font.advances, np.int64)
        cached = _TABLES[font.hand.name] = (table, count, advance)
    return cached


_TABLES: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
_INK: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
