from __future__ import annotations

import pytest

from letters_app.rendering import MAX_CHARS, EmptyText, LetterStyle, TextTooLong, render_letter


@pytest.mark.parametrize("text", ["", "   \n\n\t  \n"])
def test_empty_letters_are_refused(text: str) -> None:
    with pytest.raises(EmptyText):
        render_letter(text, LetterStyle(hand="caveat"), 1)


def test_text_over_the_limit_is_refused_with_its_length() -> None:
    text = "word " * (MAX_CHARS // 5 + 1)
    with pytest.raises(TextTooLong, match=str(len(text))):
        render_letter(text, LetterStyle(hand="caveat"), 1)


def test_text_at_the_limit_renders() -> None:
    text = ("Words that fill the page. " * 1000)[: MAX_CHARS - 1] + "."
    pdf = render_letter(text, LetterStyle(hand="caveat"), 1)
    assert pdf.startswith(b"%PDF-")


def test_a_word_longer_than_the_line_still_renders() -> None:
    pdf = render_letter("Hi " + "a" * 300 + " bye", LetterStyle(hand="caveat", paper="card"), 1)
    assert pdf.startswith(b"%PDF-")
