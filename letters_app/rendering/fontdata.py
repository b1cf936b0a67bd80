"""What the renderer needs from a hand's font file: its cmap, shaper, outlines and alternates."""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass, field
from functools import cache

import uharfbuzz as hb
from fontTools.pens.basePen import BasePen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from .hands import Hand, get_hand

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
    _forms: dict[int, GlyphForm] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)  # fontTools reads lazily

    def has(self, ch: str) -> bool:
        return ord(ch) in self.codepoints

    def gid(self, ch: str) -> int:
        return self.ttf.getGlyphID(self.ttf.getBestCmap()[ord(ch)])

    def form(self, gid: int) -> GlyphForm:
        """The glyph's outline as a filled-and-stroked path; cached for the life of the process."""
        cached = self._forms.get(gid)
        if cached is None:
            with self.lock:
                cached = self._forms[gid] = _glyph_form(self.ttf, self.glyph_names[gid])
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


class _PdfPathPen(BasePen):
    """Collects a glyph outline as PDF path operators in integer font units."""

    def __init__(self, glyph_set: object) -> None:
        super().__init__(glyph_set)
        self.ops: list[str] = []

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(f"{round(pt[0])} {round(pt[1])} m")

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(f"{round(pt[0])} {round(pt[1])} l")

    def _curveToOne(self, p1: tuple, p2: tuple, p3: tuple) -> None:
        self.ops.append(" ".join(f"{round(v)}" for p in (p1, p2, p3) for v in p) + " c")

    def _closePath(self) -> None:
        self.ops.append("h")


def _glyph_form(ttf: TTFont, name: str) -> GlyphForm:
    glyph_set = ttf.getGlyphSet()
    pen = _PdfPathPen(glyph_set)
    glyph_set[name].draw(pen)
    bounds_pen = BoundsPen(glyph_set)
    glyph_set[name].draw(bounds_pen)
    if not pen.ops or bounds_pen.bounds is None:
        return GlyphForm(zlib.compress(b""), (0, 0, 0, 0))
    # Pad the box for the pressure stroke drawn around the outline.
    x0, y0, x1, y1 = (round(v) for v in bounds_pen.bounds)
    body = "\n".join(pen.ops) + "\nB"
    return GlyphForm(zlib.compress(body.encode("ascii"), 9), (x0 - 40, y0 - 40, x1 + 40, y1 + 40))
