"""The handwriting model's promises, checked on the drawn glyph matrices."""

from __future__ import annotations

import re

import numpy as np
import pytest

from letters_app.rendering import INKS, LetterStyle, render_letter
from letters_app.rendering.fontdata import load_font

from .helpers import reader

WORD_HEAD = re.compile(r"^\d+ SC \d+ sc [\d.]+ w$")
GLYPH = re.compile(r"(?:\d+ sc )?q (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm /G(\d+)v\d+ Do Q")


def words_drawn(pdf: bytes, page: int = 0) -> list[list[tuple[float, ...]]]:
    """Each drawn word as its glyphs' (a, b, c, d, e, f, gid)."""
    content = reader(pdf).pages[page].get_contents().get_data().decode("ascii")
    words: list[list[tuple[float, ...]]] = []
    for line in content.splitlines():
        if WORD_HEAD.match(line):
            words.append([])
        elif (m := GLYPH.match(line)) and words:
            words[-1].append(tuple(float(v) for v in m.groups()))
    return [w for w in words if w]


def angle(glyph: tuple[float, ...]) -> float:
    return float(np.degrees(np.arctan2(glyph[1], glyph[0])))


@pytest.mark.parametrize("hand", ["dancing_script", "marck_script", "homemade_apple"])
def test_connected_hands_turn_whole_words_so_joins_stay_joined(hand: str, letter_text: str) -> None:
    words = words_drawn(render_letter(letter_text, LetterStyle(hand=hand), 2))
    angles_per_word = [{round(angle(g), 1) for g in word} for word in words]
    assert all(len(a) == 1 for a in angles_per_word)
    assert len({a.pop() for a in angles_per_word}) > 10  # yet words differ from each other


def test_print_hands_tilt_each_glyph_a_little(letter_text: str) -> None:
    words = words_drawn(render_letter(letter_text, LetterStyle(hand="kalam"), 2))
    spreads = [np.ptp([angle(g) for g in word]) for word in words if len(word) > 3]
    assert np.median(spreads) > 1.0
    assert max(abs(angle(g)) for word in words for g in word) < 10


def test_caveat_draws_contextual_and_stylistic_alternates(letter_text: str) -> None:
    font = load_font("caveat")
    pdf = render_letter(letter_text, LetterStyle("caveat"), 1)
    names = [font.glyph_name(int(g[6])) for word in words_drawn(pdf) for g in word]
    forms_of_e = {name for name in names if name.split(".")[0] == "e"}
    assert len(forms_of_e) >= 2
    assert sum(".ss0" in name or ".salt" in name for name in names) > len(names) * 0.2


def test_fatigue_widens_the_variation_page_by_page() -> None:
    text = "Dear Sam,\n\n" + "\n\n".join(["the quiet house and the garden gone wild " * 12] * 12)
    pdf = render_letter(text, LetterStyle(hand="caveat", fatigue=True), 5)
    assert len(reader(pdf).pages) >= 3
    spread = [np.std([angle(g) for w in words_drawn(pdf, p) for g in w]) for p in (0, 2)]
    assert spread[1] > spread[0] * 1.2


def test_the_ink_palette_is_the_chosen_ink(letter_text: str) -> None:
    pdf = render_letter(letter_text, LetterStyle(hand="caveat", ink="sepia"), 1)
    space = reader(pdf).pages[0]["/Resources"]["/ColorSpace"]["/Ink"]
    table = space[3].get_data() if hasattr(space[3], "get_data") else bytes(space[3])
    middle = tuple(table[3 * 31 : 3 * 31 + 3])
    expected = tuple(round(c * 255) for c in INKS["sepia"].rgb)
    assert all(abs(a - b) <= 8 for a, b in zip(middle, expected, strict=True))


def test_ink_tone_varies_from_word_to_word(letter_text: str) -> None:
    content = reader(render_letter(letter_text, LetterStyle("dancing_script"), 1)).pages[0]
    tones = re.findall(r"^(\d+) SC", content.get_contents().get_data().decode(), re.M)
    assert len(set(tones)) >= 8
