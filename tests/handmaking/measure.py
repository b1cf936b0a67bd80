"""How close a built hand is to what the simulator drew, and a fonts folder to render it from."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import freetype
import numpy as np

from letters_app.handmaking.build import own_hand_defaults
from letters_app.handmaking.fontbuild import glyph_name
from letters_app.handmaking.layout import EM

from .simulate import DPI, Drawn


def glyph_ious(ttf: bytes, truth: dict[tuple[str, int], Drawn]) -> dict[tuple[str, int], float]:
    """Per (char, form): intersection over union of the built glyph and the drawn ink, both at
    300 dpi and aligned on their centres of mass (the font places glyphs by its own spacing)."""
    face = freetype.Face(io.BytesIO(ttf))
    face.set_char_size(round(EM * DPI * 64), 0, 72, 72)
    out = {}
    for (char, form), drawn in truth.items():
        index = face.get_name_index(glyph_name(char, form).encode())
        if index == 0:
            out[(char, form)] = 0.0
            continue
        face.load_glyph(index, freetype.FT_LOAD_RENDER | freetype.FT_LOAD_NO_HINTING)
        bitmap = face.glyph.bitmap
        built = np.array(bitmap.buffer, np.float32).reshape(bitmap.rows, bitmap.pitch)
        out[(char, form)] = _iou(built[:, :bitmap.width] / 255 >= 0.5, drawn.coverage >= 0.5)
    return out


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    size = max(a.shape[0], b.shape[0], a.shape[1], b.shape[1]) + 8
    canvases = []
    for mask in (a, b):
        ys, xs = np.nonzero(mask)
        if len(xs) == 0:
            return 0.0
        shift = np.float32([[1, 0, size / 2 - xs.mean()], [0, 1, size / 2 - ys.mean()]])
        placed = cv2.warpAffine(mask.astype(np.float32), shift, (size, size),
                                flags=cv2.INTER_LINEAR)
        canvases.append(placed >= 0.5)
    union = np.logical_or(*canvases).sum()
    return float(np.logical_and(*canvases).sum() / union) if union else 0.0


def hand_folder(folder: Path, ttf: bytes, name: str = "own", strokes: bytes | None = None) -> Path:
    """A fonts folder (LETTERS_FONTS_DIR) holding only this hand, laid out like fonts/.
    The renderer caches shaping by hand name: one name, one font, for the life of a process."""
    (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / name / f"{name}.ttf").write_bytes(ttf)
    (folder / name / "LICENSE.txt").write_text("The customer's own handwriting.\n")
    if strokes is not None:
        (folder / "strokes").mkdir(exist_ok=True)
        (folder / "strokes" / f"{name}.json.gz").write_bytes(strokes)
    settings = own_hand_defaults()
    variation = settings.pop("variation")
    lines = [f"[hands.{name}]", f'display_name = "{name}"', 'description = "own hand"',
             f'file = "{name}/{name}.ttf"', f'licence = "{name}/LICENSE.txt"']
    lines += [f"{key} = {_toml(value)}" for key, value in settings.items()]
    lines += [f"[hands.{name}.variation]"]
    lines += [f"{key} = {_toml(value)}" for key, value in variation.items()]  # type: ignore[union-attr]
    (folder / "hands.toml").write_text("\n".join(lines) + "\n")
    return folder


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(list(value)) if isinstance(value, list | tuple) else str(value)
