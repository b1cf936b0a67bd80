from __future__ import annotations

import itertools
import re

import pytest

from letters_app.rendering import LetterStyle, normalise_text, render_letter
from letters_app.rendering.fontdata import load_font
from letters_app.rendering.letter import lay_out
from letters_app.rendering.structure import parse_letter

from .helpers import page_texts, reader, squash

SENTENCES = [
    "I keep meaning to write properly, and tonight the house is quiet enough to do it.",
    "The garden has gone wild since you left, and I have decided to let it.",
    "Your mother called on Sunday and asked, as always, whether I was eating.",
    "We walked down to the harbour and watched the boats come in one by one.",
]


def long_letter(words: int = 900) -> str:
    paragraphs, count, n = [], 0, 0
    while count < words:
        para = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(5))
        paragraphs.append(para)
        count += len(para.split())
        n += 1
    return "My dearest Sam,\n\n" + "\n\n".join(paragraphs) + "\n\nAll my love,\nAnna\n"


def test_a_900_word_letter_flows_onto_numbered_pages() -> None:
    text = long_letter()
    pdf = render_letter(text, LetterStyle(hand="caveat"), 1)
    texts = page_texts(pdf)
    assert len(texts) >= 2
    assert squash(" ".join(texts)) == squash(text)  # page numbers are ink, not text
    font = load_font("caveat")
    for n, page in enumerate(reader(pdf).pages, 1):
        content = page.get_contents().get_data().decode("ascii")
        low = [
            int(g) for y, g in re.findall(r" -?\d+ (-?\d+) cm /G(\d+)", content) if int(y) < 6000
        ]
        assert low == [font.gid(d) for d in str(n)]


def test_closing_stays_with_the_end_of_the_body() -> None:
    pdf = render_letter(long_letter(), LetterStyle(hand="kalam", paper="a5"), 2)
    last = page_texts(pdf)[-1]
    lines = [line for line in last.splitlines() if line.strip()]
    assert lines[-2:] == ["All my love,", "Anna"]
    assert len(lines) >= 4  # at least two lines of body came along with the closing


@pytest.mark.parametrize("seed", range(6))
def test_no_widows_and_no_orphans(seed: int) -> None:
    text = long_letter(1400)
    style = LetterStyle(hand="indie_flower", paper="a5")
    pages = lay_out(normalise_text(text), style, seed).pages
    assert len(pages) >= 3
    for before, after in itertools.pairwise(pages):
        top = after.lines[0]
        continues = top.role == "body" and top.gap == 0
        if continues:
            second = after.lines[1]
            assert second.role == "body" and second.gap == 0, "widow: last line alone on top"
            assert before.lines[-1].gap == 0, "orphan: first line alone at the bottom"


def test_a_short_letter_is_one_page_without_a_page_number(letter_text: str) -> None:
    pdf = render_letter(letter_text, LetterStyle(hand="caveat"), 1)
    assert len(reader(pdf).pages) == 1
    content = reader(pdf).pages[0].get_contents().get_data().decode("ascii")
    assert not [y for y in re.findall(r" -?\d+ (-?\d+) cm /G", content) if int(y) < 6000]


def test_greeting_body_closing_and_signature_are_recognised() -> None:
    parts = parse_letter("My darling Sam,\n\nFirst.\n\nSecond\nline.\n\nForever yours,\nAl\n")
    assert parts.greeting == "My darling Sam,"
    assert parts.paragraphs == [["First."], ["Second", "line."]]
    assert parts.closing == ["Forever yours,", "Al"]
    assert parts.signature == "Al"


def test_a_long_first_paragraph_is_not_taken_for_a_greeting() -> None:
    parts = parse_letter("It has been a very long time since I last wrote to you, I know.\n\nBye")
    assert parts.greeting is None


def test_signature_is_written_larger_than_the_body(letter_text: str) -> None:
    pdf = render_letter(letter_text, LetterStyle(hand="caveat"), 1)
    content = reader(pdf).pages[0].get_contents().get_data().decode("ascii")
    sizes = [float(s) for s in re.findall(r"/T (\S+) Tf", content)]
    assert sizes[-1] > 1.3 * sizes[0]
