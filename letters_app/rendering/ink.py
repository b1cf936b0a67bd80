"""Ink colours and the way a real pen's tone wanders from word to word."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import RenderError


@dataclass(frozen=True)
class Ink:
    label: str
    rgb: tuple[float, float, float]


INKS: dict[str, Ink] = {
    "blue_black": Ink("Blue-black", (0.11, 0.15, 0.30)),
    "black": Ink("Black", (0.09, 0.09, 0.11)),
    "royal_blue": Ink("Royal blue", (0.12, 0.23, 0.62)),
    "sepia": Ink("Sepia", (0.36, 0.23, 0.12)),
    "green": Ink("Bottle green", (0.08, 0.32, 0.20)),
    "burgundy": Ink("Burgundy", (0.45, 0.08, 0.16)),
}


def get_ink(name: str) -> Ink:
    try:
        return INKS[name]
    except KeyError:
        raise RenderError(f"unknown ink {name!r}; choose one of: {', '.join(INKS)}") from None


def toned(ink: Ink, tone: np.ndarray) -> np.ndarray:
    """Colours for an array of tones: positive thins the ink towards paper, negative deepens it."""
    rgb = np.asarray(ink.rgb)
    t = np.clip(tone, -0.35, 0.35)[:, None]
    lighter = rgb + (1.0 - rgb) * t
    darker = rgb * (1.0 + t)
    return np.where(t > 0, lighter, darker)
