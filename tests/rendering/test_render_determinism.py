from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from letters_app.rendering import LetterStyle, render_letter, render_previews

from .helpers import reader


def _pixels(pdf: bytes) -> np.ndarray:
    png = render_previews(pdf, dpi=40)[0]
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.int16)


def test_same_text_style_and_seed_give_identical_bytes(letter_text: str) -> None:
    style = LetterStyle(hand="caveat", stationery="ruled", corrections=True, fatigue=True)
    assert render_letter(letter_text, style, 7) == render_letter(letter_text, style, 7)


@pytest.mark.parametrize("seed", [0, -1, 2**70])
def test_any_integer_is_a_seed(seed: int, letter_text: str) -> None:
    style = LetterStyle(hand="caveat")
    assert render_letter(letter_text, style, seed) == render_letter(letter_text, style, seed)


def test_another_seed_gives_different_bytes(letter_text: str) -> None:
    style = LetterStyle(hand="dancing_script")
    assert render_letter(letter_text, style, 1) != render_letter(letter_text, style, 2)


def test_another_seed_visibly_moves_the_ink(letter_text: str) -> None:
    style = LetterStyle(hand="kalam")
    a = _pixels(render_letter(letter_text, style, 1))
    b = _pixels(render_letter(letter_text, style, 2))
    ink = (a < 200).sum()
    changed = (np.abs(a - b) > 60).sum()
    assert ink > 2000
    assert changed > ink * 0.3


def _instances(pdf: bytes) -> dict[str, list[tuple[str, ...]]]:
    content = reader(pdf).pages[0].get_contents().get_data().decode("ascii")
    found: dict[str, list[tuple[str, ...]]] = {}
    for a, b, c, d, _e, _f, gid in re.findall(
        r"q (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm /G(\d+)v\d+ Do Q", content
    ):
        found.setdefault(gid, []).append((a, b, c, d))
    return found


@pytest.mark.parametrize("hand", ["patrick_hand", "dancing_script"])
def test_no_two_instances_of_a_word_sit_identically(hand: str) -> None:
    pdf = render_letter("hello " * 40, LetterStyle(hand=hand), 3)
    shapes = _instances(pdf)
    most_used = max(shapes.values(), key=len)
    assert len(most_used) >= 40
    assert len(set(most_used)) == len(most_used)
