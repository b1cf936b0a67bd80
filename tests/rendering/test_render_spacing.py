"""Words stand apart and weigh alike, measured from the rendered pixels."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from letters_app.rendering import LetterStyle, get_hand, list_hands, render_letter
from letters_app.rendering.fontdata import load_font

from .pixels import bands, column_runs, ink, stroke_width, word_spans

DPI = 200
LINES = [
    "of making the little things",
    "and thinking of you always",
    "we went home by the river",
    "your mother sent her love",
    "a summer of long evenings",
    "from the garden to the sea",
]


def x_height_px(hand: str) -> float:
    font = load_font(hand)
    return font.warp_shape.x_height / font.upm * get_hand(hand).size * DPI / 72


@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_words_never_touch_their_neighbours(hand: str) -> None:
    xh = x_height_px(hand)
    for seed in range(3):
        pdf = render_letter("\n\n".join(LINES * 2), LetterStyle(hand=hand), seed)
        page = ink(pdf, DPI)
        rows = bands(page, int(xh / 2))
        assert len(rows) == len(LINES) * 2  # one band per one-line paragraph
        for (top, bottom), text in zip(rows, LINES * 2, strict=True):
            runs = column_runs(page[top:bottom], int(0.3 * xh))
            gaps = sorted((b[0] - a[1] for a, b in itertools.pairwise(runs)), reverse=True)
            words = len(text.split())
            assert len(gaps) >= words - 1, f"words run together in {text!r} (seed {seed})"
            # The narrowest of the word gaps, in x-heights (the layout's floor is 0.6).
            assert gaps[words - 2] >= 0.3 * xh, (text, seed)


@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_no_word_is_drawn_heavier_than_its_neighbours(hand: str) -> None:
    xh = x_height_px(hand)
    body = "\n".join(["minimum minimum minimum"] * 12)  # no ascenders: lines stand apart
    pdf = render_letter(f"Dear Sam,\n\n{body}\n\nLove,\nAl", LetterStyle(hand=hand), 7)
    page = ink(pdf, DPI)
    rows = bands(page, int(xh / 2))[1:-2]  # the body's lines, not greeting or signature
    assert len(rows) == 12
    widths = np.array(
        [
            stroke_width(page[top:bottom, a:b])
            for top, bottom in rows
            for a, b in word_spans(page[top:bottom], 3)
        ]
    )
    assert len(widths) == 36
    assert widths.max() / np.median(widths) < 1.15
    assert np.abs(np.diff(widths) / widths[:-1]).max() < 0.12
