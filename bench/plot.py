"""Benchmark: plot-file generation against the PDF render of the same letter, same run.

Both make the same ~250-word, one-page letter from the same style and seed, warm (the hand's
strokes and forms loaded once first), alternating run by run so load on the machine hits
both alike. A plot run lays the letter out, places, joins and orders the strokes and writes
the SVG; a PDF run is render_letter. Prints the best ms/page of each per hand and last
`plot_ratio: X` (plot time / PDF time, the worse of the two hands; target <= 3).
With --figures it first prints what each hand's plot costs a plotter: pen-downs per
character (targets 1.3 joined, 1.6 print), pen-up travel saved against reading order
(target >= 30 %) and the plot time at the default speeds.

    .venv/bin/python bench/plot.py [--runs 30] [--figures]
"""

from __future__ import annotations

import argparse
import functools
import operator
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render import LETTER

from letters_app.plotting.formats import write
from letters_app.plotting.letter import plot_letter
from letters_app.rendering import LetterStyle, list_hands, render_letter

HANDS = ("caveat", "dancing_script")


def plot_svg(style: LetterStyle, seed: int) -> int:
    return sum(len(write(sheet, "svg")) for sheet in plot_letter(LETTER, style, seed))


def pdf(style: LetterStyle, seed: int) -> int:
    return len(render_letter(LETTER, style, seed))


def best_ms(jobs: dict[str, Callable[[LetterStyle, int], int]], style: LetterStyle, runs: int):
    best = {name: float("inf") for name in jobs}
    for seed in range(runs):
        for name, job in jobs.items():
            start = time.perf_counter()
            job(style, seed)
            best[name] = min(best[name], (time.perf_counter() - start) * 1000)
    return best


def figures() -> None:
    characters = sum(not ch.isspace() for ch in LETTER)
    for hand in list_hands():
        sheets = plot_letter(LETTER, LetterStyle(hand=hand.name), 0)
        s = functools.reduce(operator.add, (sheet.stats for sheet in sheets))
        kind = "joined" if hand.connected else "print"
        print(
            f"{hand.name} ({kind}): {s.pen_downs / characters:.2f} pen-downs/char, "
            f"travel saved {1 - s.travel_mm / s.reading_travel_mm:.0%} "
            f"({s.reading_travel_mm:.0f} -> {s.travel_mm:.0f} mm), draw {s.draw_mm:.0f} mm, "
            f"plot time {s.seconds / 60:.1f} min"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--figures", action="store_true", help="Per-hand plotter figures.")
    args = parser.parse_args()
    if args.figures:
        figures()
    jobs = {"plot": plot_svg, "pdf": pdf}
    worst = 0.0
    for hand in HANDS:
        style = LetterStyle(hand=hand)
        pages = len(plot_letter(LETTER, style, 0))
        for job in jobs.values():  # warm: strokes, forms, their drawings and shaping loaded
            for seed in range(args.runs):
                job(style, seed)
        best = best_ms(jobs, style, args.runs)
        ratio = best["plot"] / best["pdf"]
        worst = max(worst, ratio)
        print(
            f"{hand}: plot {best['plot'] / pages:.1f} ms/page, pdf {best['pdf'] / pages:.1f} "
            f"ms/page, ratio {ratio:.2f}"
        )
    print(f"plot_ratio: {worst:.2f}")


if __name__ == "__main__":
    main()
