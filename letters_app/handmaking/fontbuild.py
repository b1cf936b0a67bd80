"""Traced glyphs to a TrueType font: metrics from the sheet's guides, alternates behind `salt`,
accented letters composed from base letter and the customer's own accent.

Only `salt` carries the second and third forms. The renderer picks a form per instance itself
(rendering/fontdata.py reads salt/ssXX); `rand` or `calt` would make HarfBuzz, browsers and
Pillow pick forms on their own as well, so the font leaves them out.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

import numpy as np
from fontTools.agl import UV2AGL
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from .layout import MARKS
from .tracing import UPM, Traced

SIDE_BEARING = 45  # units each side of the x-height band
SPACE = 260
ALT_SUFFIXES = ("", ".alt1", ".alt2")
ABOVE_GAP = 55  # units between a letter's top and its accent
# Letters whose caron is written as an apostrophe after the letter (Czech ď ť, Slovak ľ Ľ).
APOSTROPHE_CARON = {"ď", "ť", "ľ", "Ľ"}
COMPOSE_RANGE = [chr(c) for c in range(0xC0, 0x180)]
MARK_NAMES = {mark: f"mark.{name}" for mark, name in MARKS.items()}
# Characters with a glyph of another: straight quotes take the curly ones.
SAME_AS = {"'": "’", '"': "”"}
# Low quotes as the curly ones moved down to where a comma sits (German „…“).
LOW_QUOTES = {"‚": "’", "„": "”"}


@dataclass
class _Shaped:
    contours: list[np.ndarray]
    advance: int
    bounds: tuple[float, float, float, float]


def glyph_name(char: str, form: int = 0) -> str:
    base = MARK_NAMES.get(char) or UV2AGL.get(ord(char), f"uni{ord(char):04X}")
    return base + ALT_SUFFIXES[form]


def build_font(forms: dict[str, list[Traced]], *, family_name: str,
               guides: dict[str, float]) -> tuple[bytes, set[str]]:
    """TTF bytes and the characters it maps. `forms` holds each sheet character's readable
    forms in the customer's order (the first is the default glyph)."""
    to_units = UPM / guides["em"]
    x_height = round(guides["x_height"] * to_units)
    ascender = round(guides["ascender"] * to_units)
    descender = round(guides["descender"] * to_units)

    shaped: dict[str, _Shaped] = {}
    cmap: dict[int, str] = {}
    alternates: dict[str, list[str]] = {}
    for char, traced_forms in forms.items():
        names = [glyph_name(char, n) for n in range(len(traced_forms))]
        for name, traced in zip(names, traced_forms, strict=True):
            shaped[name] = _spaced(traced)
        if char not in MARKS:
            cmap[ord(char)] = names[0]
        if len(names) > 1:
            alternates[names[0]] = names[1:]
    for char, model in SAME_AS.items():
        if ord(model) in cmap and ord(char) not in cmap:
            cmap[ord(char)] = cmap[ord(model)]
    for form, name in enumerate(alternates.get("i", [])):
        shaped[f"dotlessi{ALT_SUFFIXES[form + 1]}"] = _dotless(shaped[name], x_height)
    if "i" in shaped:
        shaped["dotlessi"] = _dotless(shaped["i"], x_height)
        cmap[0x131] = "dotlessi"

    composites: dict[str, list[tuple[str, int, int]]] = {}
    advances: dict[str, int] = {name: glyph.advance for name, glyph in shaped.items()}
    for char in [*COMPOSE_RANGE, *LOW_QUOTES, "…"]:
        if ord(char) in cmap:
            continue
        parts = _composition(char, shaped)
        if parts is None:
            continue
        name = glyph_name(char)
        base_forms = [parts[0][0], *alternates.get(parts[0][0], [])]
        if parts[0][0] == "dotlessi":
            base_forms = ["dotlessi"] + [f"dotlessi{s}" for s in ALT_SUFFIXES[1:]
                                         if f"dotlessi{s}" in shaped]
        variants = []
        for form, base in enumerate(base_forms):
            variant = name + ALT_SUFFIXES[form]
            composites[variant] = _place(char, base, parts[1:], shaped)
            advances[variant] = _composite_advance(char, base, shaped)
            variants.append(variant)
        cmap[ord(char)] = name
        if len(variants) > 1:
            alternates[name] = variants[1:]

    order = [".notdef", "space", *shaped, *composites]
    pens: dict[str, object] = {".notdef": _notdef(ascender), "space": TTGlyphPen(None).glyph()}
    for name, glyph in shaped.items():
        pens[name] = _outline(glyph.contours)
    for name, components in composites.items():
        pen = TTGlyphPen(pens)  # components are checked against the glyphs built so far
        for base, dx, dy in components:
            pen.addComponent(base, (1, 0, 0, 1, dx, dy))
        pens[name] = pen.glyph()
    cmap[0x20] = "space"
    cmap[0xA0] = "space"

    builder = FontBuilder(UPM, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(cmap)
    builder.setupGlyf(pens)
    metrics = {".notdef": (500, 50), "space": (SPACE, 0)}
    glyf = builder.font["glyf"]
    for name in order[2:]:
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        metrics[name] = (advances[name], getattr(glyph, "xMin", 0))
    builder.setupHorizontalMetrics(metrics)
    tops = [getattr(glyf[n], "yMax", 0) for n in order]
    bottoms = [getattr(glyf[n], "yMin", 0) for n in order]
    builder.setupHorizontalHeader(ascent=max(ascender, *tops), descent=min(descender, *bottoms))
    # PostScript names are printable ASCII without spaces; the family name may be anything.
    safe = "".join(c for c in family_name if c.isascii() and c.isalnum())[:40] or "OwnHand"
    builder.setupNameTable({
        "familyName": family_name, "styleName": "Regular",
        "uniqueFontIdentifier": f"{safe}-Regular", "fullName": f"{family_name} Regular",
        "psName": f"{safe}-Regular", "version": "Version 1.000",
    })
    builder.setupOS2(
        version=4, sTypoAscender=ascender, sTypoDescender=descender, sTypoLineGap=0,
        usWinAscent=max(ascender, *tops), usWinDescent=-min(descender, *bottoms),
        sxHeight=x_height, sCapHeight=_cap_height(shaped, ascender), achVendID="LTRS",
        fsSelection=0x40 | 0x80,  # regular, USE_TYPO_METRICS
    )
    builder.font["OS/2"].recalcUnicodeRanges(builder.font)
    builder.setupPost(keepGlyphNames=True)
    if alternates:
        rules = " ".join(f"sub {a} from [{' '.join(b)}];" for a, b in alternates.items())
        addOpenTypeFeaturesFromString(
            builder.font,
            f"languagesystem DFLT dflt; languagesystem latn dflt; feature salt {{ {rules} }} salt;",
        )
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue(), {chr(c) for c in cmap if c > 0x20 and c != 0xA0}


def _spaced(traced: Traced) -> _Shaped:
    """Moves the glyph so its x-height band starts one side bearing in."""
    x0, _, x1, _ = traced.bounds
    left, right = traced.band or (x0, x1)
    shift = SIDE_BEARING - left
    contours = [c + np.array([shift, 0.0]) for c in traced.contours]
    points = np.concatenate(contours)
    bounds = (float(points[:, 0].min()), float(points[:, 1].min()),
              float(points[:, 0].max()), float(points[:, 1].max()))
    return _Shaped(contours, round(right - left + 2 * SIDE_BEARING), bounds)


def _dotless(glyph: _Shaped, x_height: int) -> _Shaped:
    """An i without its dot: the contours that reach below three quarters of the x-height."""
    kept = [c for c in glyph.contours if c[:, 1].min() < 0.75 * x_height] or glyph.contours
    points = np.concatenate(kept)
    bounds = (float(points[:, 0].min()), float(points[:, 1].min()),
              float(points[:, 0].max()), float(points[:, 1].max()))
    return _Shaped(kept, glyph.advance, bounds)


def _composition(char: str, shaped: dict[str, _Shaped]) -> list[tuple[str, str]] | None:
    """[(base glyph, ''), (mark glyph, combining char)] or None when a part is missing."""
    if char == "…":
        return [("period", "")] * 3 if "period" in shaped else None
    if char in LOW_QUOTES:
        model, comma = glyph_name(LOW_QUOTES[char]), "comma"
        return [(model, ""), (comma, "low")] if model in shaped and comma in shaped else None
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) != 2:
        return None
    base, mark = decomposed
    base_name = "dotlessi" if base == "i" else glyph_name(base)
    mark_name = "quoteright" if char in APOSTROPHE_CARON else MARK_NAMES.get(mark, "")
    if base_name not in shaped or mark_name not in shaped:
        return None
    return [(base_name, ""), (mark_name, mark)]


def _place(char: str, base: str, marks: list[tuple[str, str]],
           shaped: dict[str, _Shaped]) -> list[tuple[str, int, int]]:
    """Components (glyph, dx, dy) of a composed character drawn on `base`."""
    glyph = shaped[base]
    if char == "…":
        return [(base, n * glyph.advance, 0) for n in range(3)]
    mark_name, mark = marks[0]
    if char in LOW_QUOTES:
        comma = shaped["comma"]
        return [(base, 0, round(comma.bounds[3] - glyph.bounds[3]))]
    accent = shaped[mark_name]
    ax0, ay0, ax1, ay1 = accent.bounds
    _, y0, _, y1 = glyph.bounds
    if char in APOSTROPHE_CARON:
        # After the ascender of ď ľ Ľ; after the crossbar of ť, which reaches further right.
        right = glyph.bounds[2] if base == "t" else _right_x(glyph, top=True)
        dx, dy = right + 20 - ax0, y1 - ay1
    elif mark == "\u0328":  # ogonek: hangs from the bottom right
        dx, dy = _right_x(glyph, top=False) - ax1 + 0.3 * (ax1 - ax0), y0 + 40 - ay1
    elif mark == "\u0327":  # cedilla: under the middle of the foot
        dx, dy = _middle_x(glyph, top=False) - (ax0 + ax1) / 2, y0 + 30 - ay1
    else:
        dx, dy = _middle_x(glyph, top=True) - (ax0 + ax1) / 2, y1 + ABOVE_GAP - ay0
    return [(base, 0, 0), (mark_name, round(dx), round(dy))]


def _composite_advance(char: str, base: str, shaped: dict[str, _Shaped]) -> int:
    if char == "…":
        return 3 * shaped[base].advance
    if char in APOSTROPHE_CARON:
        return shaped[base].advance + shaped["quoteright"].advance // 2
    return shaped[base].advance


def _region(glyph: _Shaped, top: bool) -> np.ndarray:
    points = np.concatenate(glyph.contours)
    _, y0, _, y1 = glyph.bounds
    cut = y1 - 0.25 * (y1 - y0) if top else y0 + 0.25 * (y1 - y0)
    return points[points[:, 1] >= cut] if top else points[points[:, 1] <= cut]


def _middle_x(glyph: _Shaped, top: bool) -> float:
    """Middle of the top (or foot) quarter of the ink: where a slanted letter's accent goes."""
    region = _region(glyph, top)
    return float(region[:, 0].min() + region[:, 0].max()) / 2


def _right_x(glyph: _Shaped, top: bool) -> float:
    return float(_region(glyph, top)[:, 0].max())


def _cap_height(shaped: dict[str, _Shaped], ascender: int) -> int:
    tops = [shaped[c].bounds[3] for c in "HIEZ" if c in shaped]
    return round(float(np.median(tops))) if tops else ascender


def _outline(contours: list[np.ndarray]) -> object:
    pen = TTGlyphPen(None)
    for contour in contours:
        points = [(round(float(x)), round(float(y))) for x, y in contour]
        # Drop repeats after rounding: a quadratic spline wants distinct control points.
        points = [p for n, p in enumerate(points) if p != points[n - 1]]
        if len(points) < 3:
            continue
        pen.qCurveTo(*points, None)
        pen.closePath()
    return pen.glyph()


def _notdef(ascender: int) -> object:
    pen = TTGlyphPen(None)
    for (x0, y0, x1, y1), clockwise in (((50, 0, 450, ascender), True),
                                        ((100, 50, 400, ascender - 50), False)):
        corners = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
        if not clockwise:
            corners.reverse()
        pen.moveTo(corners[0])
        for corner in corners[1:]:
            pen.lineTo(corner)
        pen.closePath()
    return pen.glyph()
