"""Does a draft keep the ordered length? Measured by laying it out in the letter's own hand,
paper and seed, the way it will print; a draft that overflows, or badly underfills, needs a
reviewer's explicit override before the customer sees it."""

from __future__ import annotations

from dataclasses import dataclass

from letters_app import rendering
from letters_app.domain.brief import Length
from letters_app.domain.drafting.measured import page_count
from letters_app.domain.letter_inputs import style_of
from letters_app.domain.models import Letter


@dataclass(frozen=True)
class LengthCheck:
    pages: int
    ordered_pages: int
    words: int
    problem: str | None  # None when the draft keeps the promise

    @property
    def fits(self) -> bool:
        return self.problem is None


def check_length(letter: Letter, text: str) -> LengthCheck:
    """`text` measured against `letter`'s ordered length.

    Overflow: more pages than ordered. Badly underfilled: fewer pages than ordered (a
    two-page order on one page), or fewer than half the words the length's low end expects
    (a one-page letter of a few lines), which the page count alone cannot see."""
    length = Length(letter.length)
    words = len(text.split())
    try:
        pages = page_count(text, style_of(letter), letter.seed)
    except rendering.RenderError as err:
        return LengthCheck(0, length.pages, words, f"It cannot be laid out: {err}.")
    problem = None
    if pages > length.pages:
        problem = f"It renders to {_pages(pages)}; {_pages(length.pages)} ordered."
    elif pages < length.pages or words < length.word_range[0] // 2:
        problem = (f"It badly underfills the order: {words} words on {_pages(pages)}, "
                   f"{length.label.lower()} ordered.")
    return LengthCheck(pages, length.pages, words, problem)


def _pages(n: int) -> str:
    return f"{n} page" if n == 1 else f"{n} pages"
