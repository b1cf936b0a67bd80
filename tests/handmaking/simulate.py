"""Filled sample sheets without a person: a stock hand drawn into the boxes, then scanned or
photographed. Reusable by other tests (the browser test uploads one).

    page, truth = filled_sheet("caveat", sheet_id="abc")
    jpeg = photographed(page, seed=1)

`truth[(char, form)]` is the ink drawn into that box (coverage 0..1 at 300 dpi) and where.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import freetype
import numpy as np
import pypdfium2 as pdfium
import uharfbuzz as hb
from PIL import Image

from letters_app.handmaking.layout import (
    BASELINE_GUIDE,
    INCH,
    X_HEIGHT_GUIDE,
    SheetLayout,
    standard_layout,
)
from letters_app.handmaking.sheet import sheet_pdf
from letters_app.rendering.fontdata import _alternates as salt
from letters_app.rendering.hands import get_hand

DPI = 300
PX = DPI / INCH
PEN = np.array([28, 34, 92], np.float32)  # blue-black gel pen
PENCIL = np.array([105, 105, 110], np.float32)
# The spacing form of each accent, as a stock hand draws it.
SPACING_MARKS = {"\u0301": "´", "\u0300": "`", "\u0302": "ˆ", "\u030c": "ˇ", "\u0308": "¨",
                 "\u030a": "˚", "\u0303": "˜", "\u0307": "˙", "\u0328": "˛", "\u0327": "¸",
                 "\u0304": "¯", "\u0306": "˘", "\u030b": "˝"}


@dataclass(frozen=True)
class Drawn:
    coverage: np.ndarray  # 0..1
    left: int  # page pixels of coverage[0, 0]
    top: int
    baseline: float  # page pixel row of the box's baseline


def filled_sheet(hand: str = "caveat", *, paper: str = "letter", sheet_id: str = "sim-sheet",
                 seed: int = 0, pencil: bool = False, black_and_white: bool = False,
                 empty: frozenset[tuple[str, int]] = frozenset(),
                 over_border: frozenset[tuple[str, int]] = frozenset(),
                 layout: SheetLayout | None = None, pen: tuple[int, int, int] | None = None,
                 ) -> tuple[np.ndarray, dict[tuple[str, int], Drawn]]:
    """The printed sheet at 300 dpi (RGB uint8) with `hand` written into every box."""
    layout = layout or standard_layout(paper)  # type: ignore[arg-type]
    page = printed_sheet(layout, sheet_id, black_and_white)
    rng = np.random.default_rng(seed)
    face = freetype.Face(str(get_hand(hand).font_path))
    x_height_units = _x_height(face)
    guide = (BASELINE_GUIDE - X_HEIGHT_GUIDE) * DPI
    pixels_per_em = guide / (x_height_units / face.units_per_EM)
    alternates = _alternates(get_hand(hand).font_path)
    ink = np.zeros(page.shape[:2], np.float32)
    truth = {}
    for box in layout.boxes:
        if (box.char, box.form) in empty:
            continue
        char = SPACING_MARKS.get(box.char, box.char)
        gid = face.get_char_index(ord(char))
        if gid == 0:
            continue
        forms = [gid, *alternates.get(gid, [])]
        gid = forms[box.form % len(forms)]
        angle = rng.normal(0, 2.5)
        scale = 1 + rng.normal(0, 0.04)
        coverage, left, top = _glyph(face, gid, pixels_per_em * scale, angle)
        if coverage is None:
            continue
        if pencil:
            grain = rng.uniform(0.45, 1.0, coverage.shape).astype(np.float32)
            coverage = coverage * grain * 0.8
        width = coverage.shape[1]
        origin_x = box.x * PX + (box.width * PX - width) / 2 - left + rng.normal(0, 3)
        baseline = box.baseline * PX + rng.normal(0, 2)
        if char in "˛¸":
            baseline -= 0.08 * DPI  # a font hangs these below the baseline, out of the box

        if (box.char, box.form) in over_border:
            origin_x += 0.25 * DPI
        x0, y0 = round(origin_x + left), round(baseline - top)
        h, w = coverage.shape
        ink[y0:y0 + h, x0:x0 + w] = np.maximum(ink[y0:y0 + h, x0:x0 + w], coverage)
        truth[(box.char, box.form)] = Drawn(coverage, x0, y0, box.baseline * PX)
    colour = PENCIL if pencil else (PEN if pen is None else np.array(pen, np.float32))
    alpha = ink[..., None]
    page = page.astype(np.float32) * (1 - alpha) + colour * alpha
    return np.clip(page, 0, 255).astype(np.uint8), truth


def printed_sheet(layout: SheetLayout, sheet_id: str, black_and_white: bool = False) -> np.ndarray:
    document = pdfium.PdfDocument(sheet_pdf(layout, sheet_id))
    image = np.asarray(document[0].render(scale=DPI / 72).to_pil().convert("RGB"))
    document.close()
    if black_and_white:
        grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        image = np.repeat(grey[..., None], 3, axis=2)
    # Paper is never pure white, nor is a printer's cyan.
    return np.clip(image.astype(np.float32) * 0.96 + 4, 0, 255).astype(np.uint8)


def scanned(page: np.ndarray, *, seed: int = 0, quality: int = 88) -> bytes:
    """A flatbed scan at 300 dpi: a small rotation, a little blur, JPEG."""
    rng = np.random.default_rng(seed)
    h, w = page.shape[:2]
    angle = rng.uniform(-1.2, 1.2)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    matrix[:, 2] += rng.uniform(-20, 20, 2)
    image = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR,
                           borderValue=(250, 250, 250))
    image = cv2.GaussianBlur(image, (0, 0), 0.7)
    return _jpeg(image, quality)


def photographed(page: np.ndarray, *, seed: int = 0, quality: int = 85,
                 upside_down: bool = False, shadow: float = 1.0) -> bytes:
    """A phone photo: perspective, light falling off across the sheet, sensor noise, JPEG;
    `shadow` < 1 darkens a corner of the sheet that much behind a hard diagonal edge."""
    rng = np.random.default_rng(seed)
    h, w = page.shape[:2]
    out_w, out_h = 3024, 4032
    margin = np.array([[0.08, 0.06], [0.92, 0.05], [0.95, 0.95], [0.05, 0.93]])
    jitter = rng.uniform(-0.025, 0.025, (4, 2))
    target = ((margin + jitter) * [out_w, out_h]).astype(np.float32)
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(source, target)
    table = np.full((out_h, out_w, 3), (70, 62, 55), np.uint8)  # a wooden table
    image = cv2.warpPerspective(page, matrix, (out_w, out_h), dst=table,
                                borderMode=cv2.BORDER_TRANSPARENT, flags=cv2.INTER_AREA)
    # Light and noise in OpenCV calls: numpy on 12 megapixels costs seconds per photo.
    small_h, small_w = out_h // 16, out_w // 16
    yy, xx = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    direction = rng.uniform(0, 2 * math.pi)
    ramp = np.cos(direction) * xx / small_w + np.sin(direction) * yy / small_h
    light = 1.0 - 0.35 * (ramp - ramp.min()) / (ramp.max() - ramp.min())
    light[(xx * 0.8 + yy * 0.3) > small_w * 0.9] *= shadow  # the phone's own shadow
    gain = cv2.resize((light * 255).astype(np.uint8), (out_w, out_h))
    warm = (1.0, 0.96, 0.88)  # indoor light
    channels = [cv2.multiply(c, gain, scale=w / 255) for c, w in zip(cv2.split(image), warm,
                                                                     strict=True)]
    noise = np.zeros((out_h, out_w), np.int16)  # luminance noise, the same in each channel
    cv2.setRNGSeed(seed)
    cv2.randn(noise, 0, 4)
    image = cv2.merge([cv2.add(c, noise, dtype=cv2.CV_8U) for c in channels])
    image = cv2.GaussianBlur(image, (0, 0), 0.6)
    if upside_down:
        image = np.ascontiguousarray(image[::-1, ::-1])
    return _jpeg(image, quality)


def fit_to_a4(page: np.ndarray) -> np.ndarray:
    """A Letter page printed 'fit to page' on A4: shrunk to A4's width, centred."""
    a4_w, a4_h = round(595.28 * PX), round(841.89 * PX)
    scale = a4_w / page.shape[1]
    shrunk = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    out = np.full((a4_h, a4_w, 3), 250, np.uint8)
    top = (a4_h - shrunk.shape[0]) // 2
    out[top:top + shrunk.shape[0], :shrunk.shape[1]] = shrunk
    return out


def cover_marks(page: np.ndarray, layout: SheetLayout, count: int) -> np.ndarray:
    """A thumb (skin-coloured blob) over the first `count` corner marks."""
    out = page.copy()
    for _, x, y, side in layout.marker_squares()[:count]:
        centre = (round((x + side / 2) * PX), round((y + side / 2) * PX))
        axes = (round(side * PX * 0.75), round(side * PX * 1.1))
        cv2.ellipse(out, centre, axes, 30, 0, 360, (214, 160, 130), -1)
    return out


def png(page: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(page).save(out, "PNG", compress_level=1)
    return out.getvalue()


def _jpeg(image: np.ndarray, quality: int) -> bytes:
    out = io.BytesIO()
    Image.fromarray(image).save(out, "JPEG", quality=quality)
    return out.getvalue()


def _glyph(face: freetype.Face, gid: int, pixels_per_em: float,
           angle: float) -> tuple[np.ndarray | None, int, int]:
    """Coverage bitmap of one glyph, and its left/top bearings from the pen position."""
    face.set_char_size(round(pixels_per_em * 64), 0, 72, 72)
    theta = math.radians(angle)
    matrix = freetype.Matrix(round(math.cos(theta) * 0x10000), round(-math.sin(theta) * 0x10000),
                             round(math.sin(theta) * 0x10000), round(math.cos(theta) * 0x10000))
    face.set_transform(matrix, freetype.Vector(0, 0))
    face.load_glyph(gid, freetype.FT_LOAD_RENDER | freetype.FT_LOAD_NO_HINTING)
    bitmap = face.glyph.bitmap
    if bitmap.width == 0:
        return None, 0, 0
    coverage = np.array(bitmap.buffer, np.float32).reshape(bitmap.rows, bitmap.pitch)
    coverage = coverage[:, :bitmap.width] / 255.0
    return coverage, face.glyph.bitmap_left, face.glyph.bitmap_top


def _x_height(face: freetype.Face) -> int:
    gid = face.get_char_index(ord("x"))
    face.set_char_size(face.units_per_EM * 64, 0, 72, 72)
    face.load_glyph(gid, freetype.FT_LOAD_NO_SCALE)
    return face.glyph.metrics.horiBearingY


def _alternates(path: Path) -> dict[int, list[int]]:
    """The font's own salt/ssXX forms (whatever the hand's alternates rate in hands.toml)."""
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return {gid: list(alts) for gid, alts in salt(face, face.glyph_count).items()}
