"""Words typed in capitals: a script hand writes them as a person writing it would, and
the text layer keeps what was typed."""

from __future__ import annotations

import numpy as np
import pytest

from letters_app.rendering import LetterStyle, get_hand, render_letter
from letters_app.rendering.casing import CAPITAL_SPACING, drawn_word, drawn_words

from .helpers import page_texts, squash
from .pixels import ink, typed_copies, word_boxes

SCRIPTS = ["dancing_script", "homemade_apple", "marck_script", "la_belle_aurore"]


def letter(city: str) -> str:
    return f"Dear Sam,\n\nWe drove to {city} and back in a day.\n\nLove,\nTheo"


@pytest.mark.parametrize("hand", SCRIPTS)
def test_a_script_hand_writes_a_city_typed_in_capitals_in_its_ordinary_form(hand: str) -> None:
    shouted = render_letter(letter("PORTLAND"), LetterStyle(hand), 3)
    written = render_letter(letter("Portland"), LetterStyle(hand), 3)
    assert np.array_equal(ink(shouted, 100), ink(written, 100))
    assert "PORTLAND" in squash(page_texts(shouted)[0])


def test_a_print_hand_keeps_its_capitals() -> None:
    shouted = render_letter(letter("PORTLAND"), LetterStyle("caveat"), 3)
    written = render_letter(letter("Portland"), LetterStyle("caveat"), 3)
    assert not np.array_equal(ink(shouted, 100), ink(written, 100))


@pytest.mark.parametrize("hand", SCRIPTS)
def test_a_script_abbreviation_keeps_its_capitals_set_apart(hand: str) -> None:
    """'OR' stays capitals (a state), its letters drawn further apart than the font sets
    them: wider ink than the same word in plain type, by more than the hand's wobble."""
    spec = get_hand(hand)
    typed = typed_copies(hand, "OR", 1, 0.5)[0].shape[1]
    widths = []
    for seed in range(4):
        drawn = ink(render_letter("OR", LetterStyle(hand), seed), 200)
        widths.extend(right - left for _, _, left, right in word_boxes(drawn, 40))
    assert len(widths) == 4
    apart = CAPITAL_SPACING * spec.size * 200 / 72
    assert min(widths) > typed + apart / 2


@pytest.mark.parametrize(
    ("typed", "drawn"),
    [
        ("BOSTON,", "Boston,"),
        ("O'BRIEN", "O'Brien"),
        ("JEAN-PAUL", "Jean-Paul"),
        ("DON'T", "Don't"),
        ("MA", "MA"),
        ("USA", "USA"),
        ("A4", "A4"),
        ("Boston", "Boston"),
    ],
)
def test_how_a_script_hand_writes_a_word_in_capitals(typed: str, drawn: str) -> None:
    assert drawn_word(typed, connected=True) == drawn
    assert drawn_word(typed, connected=False) == typed


@pytest.mark.parametrize(
    ("typed", "drawn"),
    [
        ("LOS ANGELES CA 90017", "Los Angeles CA 90017"),
        ("NEW YORK NY", "New York NY"),
        ("PORTLAND OR 97205", "Portland OR 97205"),
        ("1440 LARKSPUR LANE APT 3", "1440 Larkspur Lane Apt 3"),
        ("APT 3", "APT 3"),
    ],
)
def test_a_short_capitalised_word_in_a_capitalised_phrase_is_part_of_it(
    typed: str, drawn: str
) -> None:
    assert " ".join(drawn_words(typed.split(), connected=True)) == drawn
