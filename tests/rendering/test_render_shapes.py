"""Every glyph drawn anew, measured from the pixels: copies of one letter or word differ in
shape beyond what a best-fit move, turn and scale explains, more than typed text does."""

from __future__ import annotations

import itertools
import re

import pytest

from letters_app.rendering import LetterStyle, get_hand, list_hands, render_letter

from .helpers import reader
from .pixels import crops_of, ink, shape_variation, typed_copies

DPI = 200
CONNECTED = [h.name for h in list_hands() if h.connected]


def variation_ratio(hand: str, word: str, copies: str, gap_em: float) -> float:
    """Our copies' shape variation over typed copies' (the rasteriser's own noise)."""
    size = get_hand(hand).size
    gap = int(size * DPI / 72 * gap_em)
    pdf = render_letter(copies, LetterStyle(hand=hand), 3)
    ours = [c for c in crops_of(ink(pdf, DPI), gap) if c.shape[1] > gap]
    typed = typed_copies(hand, word, 16, gap_em, DPI)
    assert len(ours) >= 12 and len(typed) == 16  # the crops are the copies, not fragments
    return shape_variation(ours) / shape_variation(typed)


@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_each_copy_of_a_letter_is_drawn_anew(hand: str) -> None:
    ratio = variation_ratio(hand, "a", " ".join(["a"] * 40), 0.15)
    assert 1.8 < ratio < 12  # the font's own drawing repeated measures about 1.2-1.6


@pytest.mark.parametrize("hand", CONNECTED)
def test_each_copy_of_a_joined_word_is_drawn_anew(hand: str) -> None:
    ratio = variation_ratio(hand, "minimum", "\n\n".join(["minimum"] * 14), 1.0)
    assert 1.8 < ratio < 8  # before the warped drawings: about 1.4-1.7


def test_a_doubled_letter_is_never_two_identical_copies() -> None:
    pdf = render_letter("been sweet, three geese: coffee " * 20, LetterStyle("dancing_script"), 4)
    content = reader(pdf).pages[0].get_contents().get_data().decode("ascii")
    words = re.split(r"^\d+ SC .*$", content, flags=re.M)[1:]
    pairs = []
    for word in words:
        forms = re.findall(r"/G(\d+)v(\d+) Do", word)
        pairs += [(a, b) for a, b in itertools.pairwise(forms) if a[0] == b[0]]
    assert len(pairs) >= 20
    assert all(a[1] != b[1] for a, b in pairs)
