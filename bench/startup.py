"""Benchmark: the wall time of `letters render` for a one-line letter, start to finish,
against a plain reportlab script that writes the same line in the same font, in the same run.

Each is run as a fresh process (imports, font loading, first drawings and all), alternating
so machine noise hits both alike. Prints the best wall time of each (and its CPU time, which
a busy machine disturbs less) and last `startup_ratio: X`, the baseline's wall time divided
by ours (1.0: as quick to start).

    .venv/bin/python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import resource
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


def run(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of the command, in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


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
            base_s.append(run(plain))
            our_s.append(run(ours))
    base, our = min(base_s), min(our_s)
    base_cpu, our_cpu = min(c for _, c in base_s), min(c for _, c in our_s)
    print(f"one-line letter, hand {HAND}, a fresh process each, best of {args.runs}")
    print(f"baseline reportlab script: {base[0]:.3f} s wall ({base_cpu:.3f} s CPU)")
    print(f"letters render:            {our[0]:.3f} s wall ({our_cpu:.3f} s CPU)")
    print(f"startup_ratio: {base[0] / our[0]:.2f}")


if __name__ == "__main__":
    main()
