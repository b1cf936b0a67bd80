"""One box's ink to glyph contours in font units.

The outline is the iso-line of the ink's darkness at the reading threshold (marching squares),
so edges fall between pixels where the ink fades rather than on the pixel grid; it is then
thinned to the points that matter and handed on as a closed quadratic spline.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from skimage.measure import find_contours

from .layout import EM
from .reading import DPI, PX, BoxInk

UPM = 1000
UNITS_PER_PX = UPM / (EM * DPI)
TOLERANCE = 0.3  # px a thinned outline may stray from the iso-line
MIN_AREA = 6.0  # px²; smaller islands are noise


@dataclass(frozen=True)
class Traced:
    """Closed contours (font units, y up, x from the box's left edge), TrueType-oriented:
    outer contours clockwise, holes counter-clockwise."""

    contours: list[np.ndarray]
    band: tuple[float, float] | None  # ink's x extent between baseline and x-height, if any

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        points = np.concatenate(self.contours)
        return (float(points[:, 0].min()), float(points[:, 1].min()),
                float(points[:, 0].max()), float(points[:, 1].max()))


def trace(ink: BoxInk, x_height: float) -> Traced | None:
    assert ink.darkness is not None
    ox, oy = ink.origin
    left, baseline = ink.box.x * PX, ink.box.baseline * PX
    rings = []
    for line in find_contours(ink.darkness, ink.threshold):
        if len(line) < 4 or not np.allclose(line[0], line[-1]):
            continue
        line = cv2.approxPolyDP(line[:-1, None, :].astype(np.float32), TOLERANCE, True)[:, 0]
        # (row, col) of pixel centres to page pixels, then to font units.
        x = (line[:, 1] + ox + 0.5 - left) * UNITS_PER_PX
        y = (baseline - (line[:, 0] + oy + 0.5)) * UNITS_PER_PX
        ring = np.stack([x, y], axis=1)
        if abs(_area(ring)) >= MIN_AREA * UNITS_PER_PX**2 and len(ring) >= 3:
            rings.append(ring)
    if not rings:
        return None
    oriented = [_orient(ring, _depth(ring, rings) % 2 == 0) for ring in rings]
    return Traced(oriented, _band(oriented, x_height * UPM / (EM * 72)))


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _depth(ring: np.ndarray, rings: list[np.ndarray]) -> int:
    """How many other contours enclose this one (even: ink, odd: a hole in ink)."""
    point = (float(ring[0, 0]), float(ring[0, 1]))
    return sum(
        cv2.pointPolygonTest(other.astype(np.float32), point, False) > 0
        for other in rings if other is not ring
    )


def _orient(ring: np.ndarray, outer: bool) -> np.ndarray:
    clockwise = _area(ring) < 0
    return ring if clockwise == outer else ring[::-1]


def _band(rings: list[np.ndarray], x_height: float) -> tuple[float, float] | None:
    """Left and right of the ink between baseline and x-height: the part that sets spacing, so
    a slanted hand's ascenders and tails may lean over their neighbours as writing does."""
    points = np.concatenate(rings)
    inside = points[(points[:, 1] >= 0) & (points[:, 1] <= x_height)]
    if len(inside) < 3:
        return None
    return float(inside[:, 0].min()), float(inside[:, 0].max())
