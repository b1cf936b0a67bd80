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


INK_SPACE = "Ink"
TONES = 64
TONE_SPAN = 0.35  # the palette runs from this much deeper to this much paler than the ink


def tone_index(tone: np.ndarray) -> np.ndarray:
    """Palette indices for tones: positive thins the ink towards paper, negative deepens it."""
    scaled = (np.clip(tone, -TONE_SPAN, TONE_SPAN) + TONE_SPAN) / (2 * TONE_SPAN)
    return np.rint(scaled * (TONES - 1))


def palette(ink: Ink) -> bytes:
    """The ink's tones as an Indexed colour space lookup table (RGB bytes)."""
    tones = np.linspace(-TONE_SPAN, TONE_SPAN, TONES)[:, None]
    rgb = np.asarray(ink.rgb)
    colours = np.where(tones > 0, rgb + (1.0 - rgb) * tones, rgb * (1.0 + tones))
    return bytes(np.rint(colours * 255).astype(np.uint8).ravel())
