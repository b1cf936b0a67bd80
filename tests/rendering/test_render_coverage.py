from __future__ import annotations

import pytest

from letters_app.rendering import (
    LetterStyle,
    UncoveredCharacters,
    coverage,
    normalise_text,
    render_letter,
    suggest_hands,
)


def test_coverage_is_empty_for_text_the_hand_can_write() -> None:
    assert coverage("Dear Zoë, déjà vu — “quotes” and 'apostrophes'.\n\tNew line", "caveat") == ""


def test_coverage_lists_missing_characters_sorted_and_unique() -> None:
    assert coverage("Zażółć gęślą jaźń, ść", "homemade_apple") == "ąćęńśźż"


def test_render_refuses_uncovered_text_naming_the_characters() -> None:
    with pytest.raises(UncoveredCharacters) as caught:
        render_letter("Dear Ola,\n\nŚwietnie, dziękuję!", LetterStyle(hand="homemade_apple"), 1)
    assert caught.value.missing == "ęŚ"
    assert caught.value.hand == "homemade_apple"
    message = str(caught.value)
    assert "\n" not in message
    assert "'Ś' (U+015A)" in message and "'ę' (U+0119)" in message


def test_emoji_and_symbols_are_refused_rather_than_dropped() -> None:
    with pytest.raises(UncoveredCharacters) as caught:
        render_letter("Love you \U0001f60d", LetterStyle(hand="caveat"), 1)
    assert caught.value.missing == "\U0001f60d"


def test_normalise_composes_and_keeps_quotes_as_typed() -> None:
    decomposed = "Zoe\u0308 said \"it's 'fine'\"\r\n"
    assert normalise_text(decomposed) == "Zoë said \"it's 'fine'\"\n"


def test_suggest_hands_leaves_out_hands_missing_a_character() -> None:
    polish = suggest_hands("Dziękuję, Łukasz")
    assert "caveat" in polish
    assert "homemade_apple" not in polish
    assert len(suggest_hands("Thank you")) >= 6
