"""Benchmark: the wall time of `letters render` for a one-line letter, start to finish,
against a plain reportlab script that writes the same line in the same font, in the same run.

Each is run as a fresh process (imports, font loading, first drawings and all), alternating
so machine noise hits both alike. Prints the best wall time of each and last
`startup_ratio: X`, the baseline's wall time divided by ours (1.0: as quick to start).

    .venv/bin/python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from letters_app.rendering import get_hand

HAND = "caveat"
LINE = "Dear Sam, thank you for the flowers. Love, Theo"

BASELINE = """
import sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
pdfmetrics.registerFont(TTFont("Hand", sys.argv[1]))
c = canvas.Canvas(sys.argv[2], pagesize=(612, 792), invariant=1, initialFontName="Hand")
c.setFont("Hand", 19)
c.drawString(72, 720, sys.argv[3])
c.showPage()
c.save()
"""


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    letters = str(Path(sys.executable).with_name("letters"))
    font = str(get_hand(HAND).font_path)
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "note.txt"
        text.write_text(LINE + "\n", encoding="utf-8")
        plain = [sys.executable, "-c", BASELINE, font, f"{tmp}/plain.pdf", LINE]
        ours = [letters, "render", str(text), "--hand", HAND, "--out", f"{tmp}/ours.pdf"]
        base_s, our_s = [], []
        for _ in range(args.runs):
            base_s.append(wall(plain))
            our_s.append(wall(ours))
    base, our = min(base_s), min(our_s)
    print(f"one-line letter, hand {HAND}, a fresh process each, best of {args.runs}")
    print(f"baseline reportlab script: {base:.3f} s wall")
    print(f"letters render:            {our:.3f} s wall")
    print(f"startup_ratio: {base / our:.2f}")


if __name__ == "__main__":
    main()
