"""Measuring rendered pages from their pixels: ink, word crops, shape variation, gaps."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from PIL import Image
from reportlab.pdfgen import canvas

from letters_app.rendering import get_hand
from letters_app.rendering.fontdata import load_font
from letters_app.rendering.shaping import shape_word

CANON = (96, 320)  # rows, columns of the frame every crop is normalised into


def ink(pdf: bytes, dpi: int = 200, page: int = 0) -> np.ndarray:
    """The page's ink as 0..1 (1 = full ink), from a grayscale render."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    return 1.0 - np.asarray(image, dtype=np.float64) / 255.0


def bands(ink_map: np.ndarray, gap: int, threshold: float = 0.2) -> list[tuple[int, int]]:
    """Row ranges holding ink, split where at least `gap` blank rows pass (an i's dot stays)."""
    rows = (ink_map > threshold).any(axis=1)
    return _runs(rows, gap)


def word_boxes(ink_map: np.ndarray, gap: int) -> list[tuple[int, int, int, int]]:
    """(top, bottom, left, right) of each word: ink separated by at least `gap` blank columns."""
    out = []
    for top, bottom in bands(ink_map, max(2, gap // 3)):
        out.extend((top, bottom, a, b) for a, b in column_runs(ink_map[top:bottom], gap))
    return out


def column_runs(band: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Column ranges of a band holding ink, split where at least `gap` blank columns pass."""
    return _runs((band > 0.2).any(axis=0), gap)


def word_spans(band: np.ndarray, words: int) -> list[tuple[int, int]]:
    """A line's `words` words as column ranges: its ink split at the words - 1 widest gaps."""
    runs = column_runs(band, 1)
    gaps = sorted(range(len(runs) - 1), key=lambda k: runs[k][0] - runs[k + 1][1])[: words - 1]
    cuts = sorted(gaps)
    starts = [runs[0][0]] + [runs[k + 1][0] for k in cuts]
    ends = [runs[k][1] for k in cuts] + [runs[-1][1]]
    return list(zip(starts, ends, strict=True))


def _runs(mask: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Runs of True, merging runs separated by fewer than `gap` False entries."""
    idx = np.flatnonzero(mask)
    if not len(idx):
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def normalised(crop: np.ndarray) -> np.ndarray:
    """The crop moved, turned and scaled so its ink's centroid, axis and spread are canonical:
    the best similarity transform by moments, so only shape differences remain."""
    h, w = crop.shape
    ys, xs = np.mgrid[0:h, 0:w]
    mass = crop.sum()
    cx, cy = (crop * xs).sum() / mass, (crop * ys).sum() / mass
    dx, dy = xs - cx, ys - cy
    xy = (crop * dx * dy).sum()
    cov = np.array([[(crop * dx * dx).sum(), xy], [xy, (crop * dy * dy).sum()]]) / mass
    values, vectors = np.linalg.eigh(cov)
    axis = vectors[:, 1] * np.sign(vectors[0, 1] or 1.0)
    theta = np.arctan2(axis[1], axis[0])
    spread = np.sqrt(values.sum())
    rows, cols = CANON
    scale = spread / (cols / 8)  # source pixels per canonical pixel
    c, s = np.cos(theta) * scale, np.sin(theta) * scale
    # Canonical (u, v) -> source (x, y): rotate by theta, scale, centre on the centroid.
    u0, v0 = cols / 2, rows / 2
    coeffs = (c, -s, cx - c * u0 + s * v0, s, c, cy - s * u0 - c * v0)
    image = Image.fromarray((crop * 255).astype(np.uint8))
    out = image.transform((cols, rows), Image.Transform.AFFINE, coeffs, Image.Resampling.BILINEAR)
    return np.asarray(out, dtype=np.float64) / 255.0


def shape_variation(crops: list[np.ndarray]) -> float:
    """How much the crops differ once aligned: mean |copy - mean copy| over the mean ink."""
    frames = np.stack([normalised(c) for c in crops])
    mean = frames.mean(axis=0)
    return float(np.abs(frames - mean).sum(axis=(1, 2)).mean() / mean.sum())


def crops_of(ink_map: np.ndarray, gap: int) -> list[np.ndarray]:
    return [ink_map[t:b, left:right] for t, b, left, right in word_boxes(ink_map, gap)]


def typed_copies(
    hand: str, word: str, count: int, gap_em: float, dpi: int = 200
) -> list[np.ndarray]:
    """The word set in plain type: its shaped outlines at shifting sub-pixel offsets, one per
    line. Drawn as paths, so the rasteriser does not snap text to the pixel grid."""
    spec = get_hand(hand)
    font = load_font(hand)
    shaped = shape_word(hand, word)
    ttf = TTFont(str(spec.font_path), lazy=True)
    glyph_set, names = ttf.getGlyphSet(), ttf.getGlyphOrder()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(612, 792), invariant=1)
    rng = np.random.default_rng(0)
    scale = spec.size / font.upm
    y = 740.0
    for _ in range(count):
        x0, y0 = 72 + rng.uniform(0, 3), y + rng.uniform(0, 1)
        for gid, gx, gy in zip(shaped.gids, shaped.x, shaped.y, strict=True):
            path = c.beginPath()
            glyph_set[names[gid]].draw(_CanvasPen(glyph_set, path))
            c.saveState()
            c.translate(x0 + gx * scale, y0 + gy * scale)
            c.scale(scale, scale)
            c.drawPath(path, stroke=0, fill=1)
            c.restoreState()
        y -= spec.size * 2.2
    c.showPage()
    c.save()
    gap = int(spec.size * dpi / 72 * gap_em)
    return crops_of(ink(buffer.getvalue(), dpi), gap)


class _CanvasPen(BasePen):
    def __init__(self, glyph_set: object, path: object) -> None:
        super().__init__(glyph_set)
        self.path = path

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.path.moveTo(*pt)

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.path.lineTo(*pt)

    def _curveToOne(self, p1: tuple, p2: tuple, p3: tuple) -> None:
        self.path.curveTo(*p1, *p2, *p3)

    def _closePath(self) -> None:
        self.path.close()


def stroke_width(crop: np.ndarray) -> float:
    """A word's typical stroke width in pixels: twice its ink area over its ink outline."""
    solid = crop > 0.5
    if not solid.any():
        return 0.0
    padded = np.pad(solid, 1)
    edge = solid & ~(
        padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    )
    return float(2 * solid.sum() / max(edge.sum(), 1))
