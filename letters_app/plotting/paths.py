"""Strokes kept the way a sheet holds thousands of them cheaply: one point array and the
offset where each stroke starts (n + 1 entries), and the one operation they all need."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Paths:
    points: np.ndarray  # (N, 2) mm, origin top-left, y down
    offsets: np.ndarray  # (n + 1,) stroke k is points[offsets[k]:offsets[k + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @property
    def heads(self) -> np.ndarray:
        return self.points[self.offsets[:-1]]

    @property
    def tails(self) -> np.ndarray:
        return self.points[self.offsets[1:] - 1]

    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def split(self) -> list[np.ndarray]:
        return np.split(self.points, self.offsets[1:-1])

    def arranged(self, pieces: np.ndarray, flips: np.ndarray, bounds: np.ndarray) -> Paths:
        """New strokes made of old ones: pieces (stroke numbers, each turned round where
        flips says), the new stroke j being pieces[bounds[j]:bounds[j + 1]] end to end."""
        starts = self.offsets[pieces]
        sizes = self.offsets[pieces + 1] - starts
        total = int(sizes.sum())
        first = np.where(flips, starts + sizes - 1, starts)
        step = np.where(flips, -1, 1)
        within = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        index = np.repeat(first, sizes) + np.repeat(step, sizes) * within
        size_sum = np.concatenate(([0], np.cumsum(sizes)))
        return Paths(self.points[index], size_sum[bounds])
