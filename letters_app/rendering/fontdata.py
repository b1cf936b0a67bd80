"""What the renderer needs from a hand's font file: its cmap, shaper, outlines and alternates."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import uharfbuzz as hb
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont

from .hands import Hand, get_hand
from .warp import Outline, WarpShape, form_body, variant_key, warped

_ALTERNATE_FEATURES = {"salt"} | {f"ss{n:02d}" for n in range(1, 21)}


@dataclass(frozen=True)
class GlyphForm:
    """One glyph as a PDF form XObject body: path in font units, compressed, with its bbox."""

    stream: bytes
    bbox: tuple[int, int, int, int]


@dataclass
class HandFont:
    hand: Hand
    ttf: TTFont
    upm: int
    codepoints: frozenset[int]
    hb_font: hb.Font
    glyph_names: list[str]
    alternates: dict[int, tuple[int, ...]]
    space_advance: int
    warp_shape: WarpShape
    _outlines: dict[int, Outline] = field(default_factory=dict)
    _forms: dict[tuple[int, int], GlyphForm] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)  # fontTools reads lazily

    def has(self, ch: str) -> bool:
        return ord(ch) in self.codepoints

    def gid(self, ch: str) -> int:
        return self.ttf.getGlyphID(self.ttf.getBestCmap()[ord(ch)])

    def form(self, gid: int, variant: int = 0) -> GlyphForm:
        """Drawing `variant` of the glyph (0: the font's own) as a filled-and-stroked path;
        cached for the life of the process."""
        cached = self._forms.get((gid, variant))
        if cached is None:
            outline = self.outline(gid)
            key = variant_key(self.hand.name, gid, variant)
            stream, bbox = form_body(outline, warped(outline, self.warp_shape, key), self.upm)
            cached = self._forms[(gid, variant)] = GlyphForm(stream, bbox)
        return cached

    def outline(self, gid: int) -> Outline:
        cached = self._outlines.get(gid)
        if cached is None:
            with self.lock:
                cached = self._outlines[gid] = _outline(self.ttf, self.glyph_names[gid])
        return cached


def load_font(hand_name: str) -> HandFont:
    return _load(get_hand(hand_name))


@cache
def _load(hand: Hand) -> HandFont:
    ttf = TTFont(str(hand.font_path), lazy=True)
    cmap = ttf.getBestCmap()
    blob = hb.Blob.from_file_path(str(hand.font_path))
    hb_font = hb.Font(hb.Face(blob))
    names = ttf.getGlyphOrder()
    return HandFont(
        hand=hand,
        ttf=ttf,
        upm=ttf["head"].unitsPerEm,
        codepoints=frozenset(cmap),
        hb_font=hb_font,
        glyph_names=names,
        alternates=_alternates(ttf) if hand.alternates > 0 else {},
        space_advance=ttf["hmtx"][cmap[0x20]][0],
        warp_shape=WarpShape(
            upm=ttf["head"].unitsPerEm,
            x_height=float(getattr(ttf["OS/2"], "sxHeight", 0) or 0.45 * ttf["head"].unitsPerEm),
            strength=hand.warp,
            pinned=hand.connected,
        ),
    )


def _alternates(ttf: TTFont) -> dict[int, tuple[int, ...]]:
    """Map each glyph to the stylistic alternates its salt/ssXX features offer."""
    if "GSUB" not in ttf:
        return {}
    gsub = ttf["GSUB"].table
    lookup_ids = {
        index
        for record in gsub.FeatureList.FeatureRecord
        if record.FeatureTag in _ALTERNATE_FEATURES
        for index in record.Feature.LookupListIndex
    }
    found: dict[str, set[str]] = {}
    for index in sorted(lookup_ids):
        lookup = gsub.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 7:
                sub = sub.ExtSubTable
            if hasattr(sub, "mapping"):
                for src, dst in sub.mapping.items():
                    found.setdefault(src, set()).add(dst)
            elif hasattr(sub, "alternates"):
                for src, dsts in sub.alternates.items():
                    found.setdefault(src, set()).update(dsts)
    gid = ttf.getGlyphID
    return {gid(src): tuple(sorted(gid(d) for d in dsts)) for src, dsts in sorted(found.items())}


class _RecordingPen(BasePen):
    """Collects a glyph outline as operators over one list of points (quadratics as cubics)."""

    def __init__(self, glyph_set: object) -> None:
        super().__init__(glyph_set)
        self.ops: list[str] = []
        self.points: list[tuple[float, float]] = []

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append("m")
        self.points.append(pt)

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append("l")
        self.points.append(pt)

    def _curveToOne(self, p1: tuple, p2: tuple, p3: tuple) -> None:
        self.ops.append("c")
        self.points.extend((p1, p2, p3))

    def _closePath(self) -> None:
        self.ops.append("h")


def _outline(ttf: TTFont, name: str) -> Outline:
    glyph_set = ttf.getGlyphSet()
    pen = _RecordingPen(glyph_set)
    glyph_set[name].draw(pen)
    points = np.array(pen.points, dtype=float).reshape(-1, 2)
    return Outline(tuple(pen.ops), points, ttf["hmtx"][name][0])
