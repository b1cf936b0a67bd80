"""What the renderer needs from a hand's font file: its cmap, shaper, outlines and alternates.

Everything is read through HarfBuzz, which loads a font in a millisecond; fontTools would
cost a fifth of a second of every `letters render` start in imports and table parsing.
"""

from __future__ import annotations

import struct
import threading
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import uharfbuzz as hb

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
    upm: int
    codepoints: frozenset[int]
    hb_font: hb.Font
    glyph_count: int
    advances: tuple[int, ...]  # per gid, font units
    widest_advance: int  # no word of n glyphs is wider than n of these
    alternates: dict[int, tuple[int, ...]]
    space_advance: int
    warp_shape: WarpShape
    _outlines: dict[int, Outline] = field(default_factory=dict)
    _forms: dict[tuple[int, int], GlyphForm] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one HarfBuzz pen at a time

    def has(self, ch: str) -> bool:
        return ord(ch) in self.codepoints

    def gid(self, ch: str) -> int:
        return self.hb_font.get_nominal_glyph(ord(ch))

    def glyph_name(self, gid: int) -> str:
        return self.hb_font.get_glyph_name(gid) or f"gid{gid}"

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
            pen = _RecordingPen()
            with self.lock:
                self.hb_font.draw_glyph_with_pen(gid, pen)
            points = np.array(pen.points, dtype=float).reshape(-1, 2)
            cached = self._outlines[gid] = Outline(tuple(pen.ops), points, self.advances[gid])
        return cached


def load_font(hand_name: str) -> HandFont:
    return _load(get_hand(hand_name))


@cache
def _load(hand: Hand) -> HandFont:
    face = hb.Face(hb.Blob.from_file_path(str(hand.font_path)))
    font = hb.Font(face)
    upm = face.upem
    count = face.glyph_count
    advances = tuple(font.get_glyph_h_advance(g) for g in range(count))
    return HandFont(
        hand=hand,
        upm=upm,
        codepoints=frozenset(face.unicodes),
        hb_font=font,
        glyph_count=count,
        advances=advances,
        widest_advance=max(advances),
        alternates=(_named_alternates(font, count) if hand.own_forms
                    else _alternates(face, count) if hand.alternates > 0 else {}),
        space_advance=advances[font.get_nominal_glyph(0x20)],
        warp_shape=WarpShape(
            upm=upm,
            x_height=float(_x_height(face) or 0.45 * upm),
            strength=hand.warp,
            pinned=hand.connected,
        ),
    )


def _x_height(face: hb.Face) -> int:
    """OS/2 sxHeight (version 2 and later), 0 when the font does not say."""
    os2 = face.reference_table("OS/2").data
    version = struct.unpack_from(">H", os2, 0)[0] if len(os2) >= 2 else 0
    return struct.unpack_from(">h", os2, 86)[0] if version >= 2 and len(os2) >= 88 else 0


def _alternates(face: hb.Face, count: int) -> dict[int, tuple[int, ...]]:
    """Map each glyph to the stylistic alternates its salt/ssXX features offer."""
    found: dict[int, set[int]] = {}
    for lookup in sorted(_feature_lookups(face.reference_table("GSUB").data)):
        for gid in range(count):
            alternates = face.get_lookup_glyph_alternates(lookup, gid)
            if alternates:
                found.setdefault(gid, set()).update(alternates)
    return {gid: tuple(sorted(alts)) for gid, alts in sorted(found.items())}


def _named_alternates(font: hb.Font, count: int) -> dict[int, tuple[int, ...]]:
    """A customer's font names its second and third forms `x.alt1` and `x.alt2`; its
    features may leave them out (HarfBuzz would otherwise pick among them by chance)."""
    found: dict[int, list[int]] = {}
    for gid in range(count):
        base, _, suffix = (font.get_glyph_name(gid) or "").rpartition(".")
        if base and suffix.startswith("alt"):
            base_gid = font.get_glyph_from_name(base)
            if base_gid is not None:
                found.setdefault(base_gid, []).append(gid)
    return {gid: tuple(sorted(alts)) for gid, alts in sorted(found.items())}


def _feature_lookups(gsub: bytes) -> set[int]:
    """The GSUB lookups of the alternate features, read from the FeatureList (HarfBuzz's
    Python binding does not offer that one query)."""
    if len(gsub) < 10:
        return set()
    features = struct.unpack_from(">H", gsub, 6)[0]
    (records,) = struct.unpack_from(">H", gsub, features)
    out: set[int] = set()
    for n in range(records):
        tag, offset = struct.unpack_from(">4sH", gsub, features + 2 + 6 * n)
        if tag.decode("latin-1") in _ALTERNATE_FEATURES:
            table = features + offset
            (lookups,) = struct.unpack_from(">H", gsub, table + 2)
            out.update(struct.unpack_from(f">{lookups}H", gsub, table + 4))
    return out


class _RecordingPen:
    """Collects a glyph outline as operators over one list of points (quadratics as cubics);
    HarfBuzz calls it with the method names of a fontTools pen."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self.points: list[tuple[float, float]] = []

    def moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append("m")
        self.points.append(pt)

    def lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append("l")
        self.points.append(pt)

    def curveTo(self, p1: tuple, p2: tuple, p3: tuple) -> None:
        self.ops.append("c")
        self.points.extend((p1, p2, p3))

    def qCurveTo(self, control: tuple, end: tuple) -> None:
        (x0, y0), (cx, cy), (x3, y3) = self.points[-1], control, end
        self.curveTo(
            (x0 + 2 * (cx - x0) / 3, y0 + 2 * (cy - y0) / 3),
            (x3 + 2 * (cx - x3) / 3, y3 + 2 * (cy - y3) / 3),
            end,
        )

    def closePath(self) -> None:
        self.ops.append("h")
