"""A customer-like font for the service's tests: a stock hand's glyphs with a second and a
third form of every small letter as `x.alt1`/`x.alt2` (drawn narrower and wider), the way a
font built from a sample sheet names them, and a few characters left out (as an empty box
would)."""

from __future__ import annotations

import io
from functools import cache

from fontTools import subset
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from letters_app.rendering.hands import fonts_dir

LEFT_OUT = "@#"  # characters the customer's sheet did not give


@cache
def customer_ttf() -> bytes:
    font = TTFont(str(fonts_dir() / "indie_flower" / "IndieFlower-Regular.ttf"))
    # What a sheet gives: printable ASCII (less LEFT_OUT) and a few accents; no more glyphs,
    # so its centre lines are built in seconds as a real customer font's are.
    keep = subset.Subsetter(subset.Options(glyph_names=True, notdef_outline=True))
    keep.populate(text="".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in LEFT_OUT)
                  + "ąćęłńóśźżéèàüöäß")
    keep.subset(font)
    glyf, hmtx, cmap = font["glyf"], font["hmtx"], font.getBestCmap()
    order = list(font.getGlyphOrder())
    glyph_set = font.getGlyphSet()
    for ch in "abcdefghijklmnopqrstuvwxyz":
        base = cmap[ord(ch)]
        for n, stretch in ((1, 0.9), (2, 1.1)):
            recorder = DecomposingRecordingPen(glyph_set)
            glyph_set[base].draw(recorder)
            pen = TTGlyphPen(None)
            recorder.replay(TransformPen(pen, (stretch, 0, 0, 1, 0, 0)))
            name = f"{base}.alt{n}"
            glyf[name] = pen.glyph()
            width, lsb = hmtx[base]
            hmtx[name] = (round(width * stretch), round(lsb * stretch))
            order.append(name)
    font.setGlyphOrder(order)
    if "post" in font:
        font["post"].formatType = 2.0
        font["post"].extraNames = []
        font["post"].mapping = {}
    font["maxp"].numGlyphs = len(order)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
