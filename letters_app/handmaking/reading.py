"""A photo or scan of a filled sheet to one ink bitmap per box.

The page is found by its four ArUco corner marks (three suffice; their ids also tell an
upside-down photo and Letter from A4), warped flat at 300 px per inch in one go, levelled
against its own paper, and thresholded on the brighter of its red and green channels, in
which the sheet's cyan guides and labels are nearly as bright as paper and blue ink is dark.
Ink blobs belong to the box that holds their centre, so a letter running over its border
stays whole and leaves its neighbour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .errors import HandRefused
from .layout import INCH, MARKER_IDS, Box, SheetLayout, standard_layout
from .sheet import ARUCO_DICTIONARY, QR_PREFIX, SHEET_ID, qr_square, swatch_rect

DPI = 300
PX = DPI / INCH  # rectified pixels per point
MARGIN = 0.18 * DPI  # px a letter may run over its box and still be kept whole
MIN_BLOB = 14  # px; smaller blobs are dust and JPEG noise
FAINT = 0.42  # median darkness of a box's ink below this reads as faint (pencil, dry pen)


@dataclass(frozen=True)
class BoxInk:
    """One box's writing: darkness (0 paper .. 1 black) of its blobs, paper elsewhere."""

    box: Box
    darkness: np.ndarray | None  # None when the box is empty or unreadable
    origin: tuple[int, int]  # (x, y) of darkness[0, 0] on the rectified page
    status: str  # read / faint / empty / over_border / unreadable
    threshold: float


@dataclass(frozen=True)
class SheetReading:
    sheet_id: str
    paper: str
    layout: SheetLayout
    boxes: list[BoxInk]
    black_and_white: bool
    faint: bool


def read_sheet(image: np.ndarray, layout: SheetLayout | None = None) -> SheetReading:
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    paper, found = _find_marks(gray, layout)
    layout = layout or standard_layout(paper)  # type: ignore[arg-type]
    page = _rectify(image, layout, found)
    sheet_id = _sheet_id(page, layout)
    level = _level(page)
    darkness, bluish = _darkness(level)
    black_and_white = not _printed_in_colour(level, layout)
    guide = _guide_level(darkness, layout) if black_and_white else None
    threshold = _threshold(darkness, layout, guide)
    ink = darkness > threshold
    if not black_and_white:
        # Cyan guides a phone saw darker than they are; a blue pen is darker still.
        ink &= ~(bluish & (darkness < min(threshold + 0.1, 0.4)))
    boxes = _boxes(ink, darkness, layout, threshold)
    read = [b for b in boxes if b.darkness is not None]
    if guide is not None and _too_light(read, guide):
        raise HandRefused(
            "pencil_on_grey_print",
            "The sheet was printed in black and white and written in pencil, so the writing "
            "cannot be told from the guides: print the sheet in colour and use a dark pen.",
        )
    faint = bool(read) and sum(b.status == "faint" for b in read) > len(read) / 2
    return SheetReading(sheet_id, paper, layout, boxes, black_and_white, faint)


def _find_marks(gray: np.ndarray, layout: SheetLayout | None) -> tuple[str, dict[int, np.ndarray]]:
    dictionary = cv2.aruco.getPredefinedDictionary(ARUCO_DICTIONARY)
    parameters = cv2.aruco.DetectorParameters()
    parameters.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    detector = cv2.aruco.ArucoDetector(dictionary, parameters)
    corners, ids, _ = detector.detectMarkers(gray)
    seen = {} if ids is None else {
        int(i): c.reshape(4, 2) for i, c in zip(ids.ravel(), corners, strict=True)
    }
    papers = [layout.paper] if layout else list(MARKER_IDS)
    paper = max(papers, key=lambda p: sum(i in seen for i in MARKER_IDS[p]))
    found = {i: seen[i] for i in MARKER_IDS[paper] if i in seen}
    if len(found) < 3:
        raise HandRefused(
            "marks_hidden",
            f"We found {len(found)} of the 4 black corner squares: photograph the whole sheet, "
            "lying flat, with all four corner squares showing and nothing over them.",
        )
    return paper, found


def _rectify(image: np.ndarray, layout: SheetLayout, found: dict[int, np.ndarray]) -> np.ndarray:
    source, target = [], []
    for marker_id, x, y, side in layout.marker_squares():
        if marker_id in found:
            source.extend(found[marker_id])
            target.extend([(x, y), (x + side, y), (x + side, y + side), (x, y + side)])
    homography, _ = cv2.findHomography(np.float32(source), np.float32(target) * PX, cv2.RANSAC, 8.0)
    if homography is None:
        raise HandRefused("marks_hidden", "The corner squares do not line up: photograph the "
                                          "sheet lying flat, from straight above.")
    width, height = (round(v * PX) for v in layout.page_size)
    return cv2.warpPerspective(image, homography, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def _sheet_id(page: np.ndarray, layout: SheetLayout) -> str:
    x, y, side = (v * PX for v in qr_square(layout))
    pad = side * 0.35
    crop = page[int(y - pad):int(y + side + pad), int(x - pad):int(x + side + pad)]
    detector = cv2.QRCodeDetector()
    for scale in (2.0, 1.0, 3.0):
        candidate = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        text, _, _ = detector.detectAndDecode(cv2.cvtColor(candidate, cv2.COLOR_RGB2GRAY))
        if text.startswith(QR_PREFIX) and SHEET_ID.fullmatch(text[len(QR_PREFIX):]):
            return text[len(QR_PREFIX):]
    raise HandRefused(
        "no_sheet_id",
        "We could not read the sheet's code (the square pattern at the top right): photograph "
        "the sheet in good light with the code sharp and uncovered, on a sheet you printed here.",
    )


def _level(page: np.ndarray) -> np.ndarray:
    """The page divided by its own paper (8-bit, 255 = paper): light falling off across a
    photo, and a tinted paper, level out. In 8-bit OpenCV calls: 8 megapixels per upload."""
    height, width = page.shape[:2]
    small = cv2.resize(page, (width // 8, height // 8), interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (0, 0), 3)
    paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(page, np.maximum(paper, 1), scale=255)


def _darkness(level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-pixel darkness (0 paper .. 1 black) on the brighter of red and green, and where the
    colour is bluish. The printed cyan is bright in green, so it reads nearly as paper, while
    blue ink, bright only in blue, reads as dark as black ink does."""
    red, green, blue = cv2.split(level)
    brighter = cv2.max(red, green)
    darkness = (255 - brighter).astype(np.float32) / 255
    # The guides' cyan after a cheap printer or a phone's white balance: faintly darker than
    # paper in every channel, and much bluer than red.
    bluish = cv2.subtract(blue, red) > 30
    return darkness, bluish


def _printed_in_colour(level: np.ndarray, layout: SheetLayout) -> bool:
    """The cyan patch by the code: far bluer than red on a colour print, grey otherwise."""
    x, y, w, h = (v * PX for v in swatch_rect(layout))
    inset = 0.2 * h
    patch = level[int(y + inset):int(y + h - inset), int(x + inset):int(x + w - inset)]
    red, blue = np.median(patch[..., 0]), np.median(patch[..., 2])
    return bool(blue - red > 0.1 * 255)


def _guide_level(darkness: np.ndarray, layout: SheetLayout) -> float:
    """How dark the printed baselines are where nobody wrote (grey on a black-and-white
    print, where they cannot be dropped by colour)."""
    samples = []
    for box in layout.boxes:
        y = round(box.baseline * PX)
        x0, x1 = round((box.x + 6) * PX), round((box.x + box.width - 6) * PX)
        row = darkness[y - 1:y + 2, x0:x1].max(axis=0)
        samples.append(np.median(row))
    return float(np.median(samples))


def _threshold(darkness: np.ndarray, layout: SheetLayout, guide: float | None) -> float:
    top = round(layout.boxes[0].y * PX)
    bottom = round(max(b.y + b.height for b in layout.boxes) * PX)
    grid = darkness[top:bottom:2, ::2]
    if guide is not None:
        # A black-and-white print: the guides are grey, so only what is clearly darker is ink.
        grid = grid[grid > guide + 0.1]
    values = np.clip(grid * 255, 0, 255).astype(np.uint8).reshape(-1, 1)
    otsu, _ = cv2.threshold(values, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    low = 0.16 if guide is None else guide + 0.12
    return float(np.clip(otsu / 255, low, 0.55))


def _boxes(ink: np.ndarray, darkness: np.ndarray, layout: SheetLayout,
           threshold: float) -> list[BoxInk]:
    _, labels, stats, centroids = cv2.connectedComponentsWithStats(
        ink.astype(np.uint8), connectivity=8)
    areas = stats[:, cv2.CC_STAT_AREA]
    # Nothing written in a box is three boxes wide or high: such a blob is the table's edge
    # round the sheet, a shadow or a fold, and its centre could fall anywhere.
    widest = 3 * max(b.width for b in layout.boxes) * PX
    tallest = 3 * max(b.height for b in layout.boxes) * PX
    keep = np.flatnonzero((areas >= MIN_BLOB) & (stats[:, cv2.CC_STAT_WIDTH] < widest)
                          & (stats[:, cv2.CC_STAT_HEIGHT] < tallest))
    keep = keep[keep != 0]
    cx, cy = centroids[keep, 0], centroids[keep, 1]
    results = []
    for box in layout.boxes:
        x0, y0 = box.x * PX, box.y * PX
        x1, y1 = (box.x + box.width) * PX, (box.y + box.height) * PX
        mine = keep[(cx >= x0) & (cx < x1) & (cy >= y0) & (cy < y1)]
        mine = [c for c in mine if not _is_guide_or_label(stats[c], box)]
        results.append(_box_ink(box, mine, labels, stats, darkness, threshold))
    return results


def _is_guide_or_label(stat: np.ndarray, box: Box) -> bool:
    """A fragment of a printed guide (long, one or two pixels high) or of the box's label."""
    left, top, width, height = (int(v) for v in stat[:4])
    if height <= 3 and width > 6 * height:
        return True
    label_bottom = (box.y + 10) * PX
    label_right = (box.x + 0.35 * INCH) * PX
    return top + height <= label_bottom and left + width <= label_right and height < 0.1 * DPI


def _box_ink(box: Box, components: list[int], labels: np.ndarray, stats: np.ndarray,
             darkness: np.ndarray, threshold: float) -> BoxInk:
    if not components:
        return BoxInk(box, None, (0, 0), "empty", threshold)
    left = min(int(stats[c, 0]) for c in components)
    top = min(int(stats[c, 1]) for c in components)
    right = max(int(stats[c, 0] + stats[c, 2]) for c in components)
    bottom = max(int(stats[c, 1] + stats[c, 3]) for c in components)
    x0, y0 = box.x * PX, box.y * PX
    x1, y1 = (box.x + box.width) * PX, (box.y + box.height) * PX
    over = max(x0 - left, y0 - top, right - x1, bottom - y1)
    region = labels[top:bottom, left:right]
    mask = np.isin(region, components)
    area = int(mask.sum())
    if over > MARGIN or area > 0.4 * (x1 - x0) * (y1 - y0):
        return BoxInk(box, None, (left, top), "unreadable", threshold)
    # Keep the soft edge of the blobs (one pixel around them) for sub-pixel outlines.
    near = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    pad = 2
    soft = np.zeros((bottom - top + 2 * pad, right - left + 2 * pad), np.float32)
    soft[pad:-pad, pad:-pad] = np.where(near, darkness[top:bottom, left:right], 0.0)
    strength = float(np.median(darkness[top:bottom, left:right][mask]))
    status = "over_border" if over > 2 else ("faint" if strength < FAINT else "read")
    return BoxInk(box, soft, (left - pad, top - pad), status, threshold)


def _too_light(read: list[BoxInk], guide: float) -> bool:
    """Pencil on a grey print: the writing is hardly darker than the printed guides."""
    values = [float(np.median(b.darkness[b.darkness > b.threshold])) for b in read]
    return not values or float(np.median(values)) < guide + 0.3


