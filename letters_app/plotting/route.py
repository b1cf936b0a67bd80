"""Pen travel: the order strokes are drawn in, and what a sheet costs a plotter."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .paths import Paths


@dataclass(frozen=True)
class Speeds:
    draw: float = 25.0  # mm/s with the pen down
    travel: float = 75.0  # mm/s with the pen up
    lift: float = 0.15  # s per pen-down (lower and raise)


DEFAULT_SPEEDS = Speeds()


@dataclass(frozen=True)
class Stats:
    draw_mm: float
    travel_mm: float
    reading_travel_mm: float  # the pen-up travel of the same strokes in reading order
    pen_downs: int
    seconds: float

    def __add__(self, other: Stats) -> Stats:
        return Stats(
            self.draw_mm + other.draw_mm,
            self.travel_mm + other.travel_mm,
            self.reading_travel_mm + other.reading_travel_mm,
            self.pen_downs + other.pen_downs,
            self.seconds + other.seconds,
        )

    def summary(self) -> str:
        return (
            f"draw {self.draw_mm:.0f} mm, pen-up travel {self.travel_mm:.0f} mm "
            f"(reading order {self.reading_travel_mm:.0f} mm), {self.pen_downs} pen-downs, "
            f"about {self.seconds / 60:.1f} min"
        )


def order(paths: Paths, word: np.ndarray, line: np.ndarray) -> Paths:
    """The drawing order: lines alternately left to right and right to left (the pen
    never travels back across the sheet), and within each word the nearest next stroke
    from wherever the pen is, either way round. Fixed by the strokes alone."""
    groups: dict[int, list[int]] = {}
    for k, w in enumerate(word.tolist()):
        groups.setdefault(w, []).append(k)
    lines: dict[int, list[int]] = {}
    for w in groups:
        lines.setdefault(int(line[w]), []).append(w)
    heads = [tuple(p) for p in paths.heads.tolist()]
    tails = [tuple(p) for p in paths.tails.tolist()]
    at = (0.0, 0.0)
    pieces, flips = [], []
    for n, key in enumerate(sorted(lines)):
        words = lines[key] if n % 2 == 0 else lines[key][::-1]
        for w in words:
            left = list(groups[w])
            while left:
                best, flip, best_d = left[0], False, math.inf
                for k in left:
                    d_head = math.dist(at, heads[k])
                    d_tail = math.dist(at, tails[k])
                    if d_head < best_d:
                        best, flip, best_d = k, False, d_head
                    if d_tail < best_d:
                        best, flip, best_d = k, True, d_tail
                left.remove(best)
                pieces.append(best)
                flips.append(flip)
                at = heads[best] if flip else tails[best]
    count = len(pieces)
    return paths.arranged(np.array(pieces, np.int64), np.array(flips, bool), np.arange(count + 1))


def travel(paths: Paths, home: tuple[float, float] = (0.0, 0.0)) -> float:
    if not len(paths):
        return 0.0
    ends = np.vstack(([home], paths.tails[:-1]))
    return float(np.hypot(*(paths.heads - ends).T).sum())


def drawn(paths: Paths) -> float:
    step = np.hypot(*np.diff(paths.points, axis=0).T)
    if not len(step):
        return 0.0
    step[paths.offsets[1:-1] - 1] = 0.0  # from one stroke's end to the next one's start
    return float(step.sum())


def stats(reading: Paths, ordered: Paths, speeds: Speeds) -> Stats:
    draw, up = drawn(ordered), travel(ordered)
    seconds = draw / speeds.draw + up / speeds.travel + len(ordered) * speeds.lift
    return Stats(draw, up, travel(reading), len(ordered), seconds)
