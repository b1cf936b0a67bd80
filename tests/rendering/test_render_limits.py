from __future__ import annotations

import re

import pytest

from letters_app.rendering import MAX_CHARS, EmptyText, LetterStyle, TextTooLong, render_letter

from .helpers import page_texts, reader, squash


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


def test_a_word_longer_than_the_line_is_cut_not_lost() -> None:
    word = "abcdefghij" * 30
    pdf = render_letter(f"Hi {word} bye", LetterStyle(hand="caveat", paper="card"), 1)
    lines = [squash(t) for page in page_texts(pdf) for t in page.splitlines() if t.strip()]
    assert "".join(lines).replace(" ", "").startswith("Hi" + word + "bye")
    assert len(lines) >= 3


def test_every_glyph_stays_on_the_sheet() -> None:
    pdf = render_letter("Hi " + "W" * 200 + " bye", LetterStyle(hand="caveat", paper="card"), 1)
    for page in reader(pdf).pages:
        content = page.get_contents().get_data().decode()
        xs = [int(x) / 100 for x in re.findall(r" (-?\d+) -?\d+ cm /G", content)]
        assert xs
        assert min(xs) > 0
        assert max(xs) < float(page.mediabox.width) - 20
