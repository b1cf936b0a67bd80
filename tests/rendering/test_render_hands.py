from __future__ import annotations

from pathlib import Path

import pytest

from letters_app.rendering import (
    LetterStyle,
    UncoveredCharacters,
    UnknownHand,
    coverage,
    get_hand,
    list_hands,
    render_letter,
)
from letters_app.rendering.hands import fonts_dir

from .helpers import page_texts, squash

PANGRAM = "Dear Jo,\n\nThe quick brown fox jumps over the lazy dog. é ü ñ ß ø å ç\n\nLove,\nMax"
EXTENDED_A = "Zażółć gęślą jaźń. Příliš žluťoučký kůň. Árvíztűrő tükörfúrógép."


def test_at_least_six_hands_two_connected_three_print() -> None:
    hands = list_hands()
    assert len(hands) >= 6
    assert len({h.name for h in hands}) == len(hands)
    assert sum(h.connected for h in hands) >= 2
    assert sum(not h.connected for h in hands) >= 3


def test_at_least_four_hands_write_central_european_languages() -> None:
    assert sum(coverage(EXTENDED_A, h.name) == "" for h in list_hands()) >= 4


@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_each_hand_ships_its_font_and_licence_inside_the_repo(hand: str) -> None:
    h = get_hand(hand)
    assert h.font_path.is_file() and h.font_path.suffix == ".ttf"
    assert h.licence_path.is_file() and h.licence_path.parent == h.font_path.parent
    assert fonts_dir() in h.font_path.parents
    assert h.display_name and h.description and h.size > 8 and h.line_height > 1


@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_each_hand_writes_the_pangram_with_accents_or_refuses_it(hand: str) -> None:
    missing = coverage(PANGRAM, hand)
    if missing:
        with pytest.raises(UncoveredCharacters):
            render_letter(PANGRAM, LetterStyle(hand=hand), 1)
    else:
        pdf = render_letter(PANGRAM, LetterStyle(hand=hand), 1)
        assert squash(page_texts(pdf)[0]) == squash(PANGRAM)


def test_unknown_hand_is_refused_with_the_known_names() -> None:
    with pytest.raises(UnknownHand, match="caveat"):
        render_letter("Hi", LetterStyle(hand="comic_sans"), 1)


def test_fonts_folder_can_be_moved_with_an_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    caveat = get_hand("caveat")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "hand.ttf").write_bytes(caveat.font_path.read_bytes())
    (tmp_path / "mine" / "LICENSE.txt").write_text("OFL")
    (tmp_path / "hands.toml").write_text(
        '[hands.mine]\ndisplay_name = "Mine"\ndescription = "test"\nfile = "mine/hand.ttf"\n'
        'licence = "mine/LICENSE.txt"\nsize = 16\nline_height = 1.4\nconnected = false\n'
    )
    monkeypatch.setenv("LETTERS_FONTS_DIR", str(tmp_path))
    assert [h.name for h in list_hands()] == ["mine"]
    assert get_hand("mine").font_path == tmp_path / "mine" / "hand.ttf"
