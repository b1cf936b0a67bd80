"""Benchmark: a filled sample sheet (scan or phone photo) to a customer's own hand (TTF).

Sheets are simulated (tests/handmaking/simulate.py: a stock hand drawn into the boxes, then
scanned or photographed); only build_hand is timed, from the uploaded bytes to the TTF and
report. Prints each sheet's time and glyph IoU against what was drawn, the median time against
the 10 s target, and the baseline measured in the same run on the same images: decoding the
image and Otsu-thresholding it whole with OpenCV, the least any reader must do. Last line
`hand_ratio: X` (baseline median / build median; higher is faster).

    .venv/bin/python bench/hand.py [--sheets 6]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2
import numpy as np

from letters_app.handmaking.build import build_hand
from tests.handmaking.measure import glyph_ious
from tests.handmaking.simulate import filled_sheet, photographed, scanned

TARGET_S = 10.0
HANDS = ("caveat", "indie_flower", "kalam")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheets", type=int, default=6)
    args = parser.parse_args()
    times, baseline = [], []
    for n in range(args.sheets):
        hand = HANDS[n % len(HANDS)]
        page, truth = filled_sheet(hand, sheet_id=f"bench-{n}", seed=n)
        kind, capture = ("scan", scanned) if n % 2 == 0 else ("photo", photographed)
        data = capture(page, seed=n)
        start = time.perf_counter()
        built = build_hand(data, family_name="Bench")
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        baseline.append(_decode_and_threshold(data))
        ious = np.array(list(glyph_ious(built.ttf, truth).values()))
        print(f"sheet {n}: {hand:12s} {kind:5s} {len(data) / 2**20:4.1f} MB  {elapsed:5.2f} s  "
              f"IoU median {np.median(ious):.3f}  10th pct {np.percentile(ious, 10):.3f}")
    median = statistics.median(times)
    print(f"sheet image to font: median {median:.2f} s over {len(times)} sheets "
          f"(target {TARGET_S:.0f} s)")
    floor = statistics.median(baseline)
    print(f"baseline, decode and threshold the same images: median {floor * 1000:.0f} ms")
    print(f"hand_ratio: {floor / median:.3f}")


def _decode_and_threshold(data: bytes) -> float:
    start = time.perf_counter()
    grey = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
