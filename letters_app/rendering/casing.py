"""How a hand writes a word typed in capitals.

Nobody writing a joined script draws "BOSTON" in its capitals: script capitals are built to
start a word, and a row of them (Homemade Apple's loops, Dancing Script's swashes) reads as
a tangle. A person writing that hand writes a long capitalised word in its ordinary form,
"Boston", and keeps short abbreviations (MA, NY, USA, PO) in capitals, set a little apart
so each letter stands on its own. Only the drawing changes: the text layer, copy and paste
and search keep what was typed. Print hands write capitals legibly and keep them.
"""

from __future__ import annotations

from collections.abc import Sequence

ABBREVIATION_LETTERS = 3  # capitals in a word up to this many stay capitals (state codes...)
CAPITAL_SPACING = 0.12  # ems of extra space between the capitals of an abbreviation


def drawn_words(words: Sequence[str], connected: bool) -> list[str]:
    """The words as the hand draws them. A short capitalised word stays in capitals (MA,
    USA, APT) unless it belongs to a longer capitalised phrase (LOS ANGELES, NEW YORK); two
    letters always stay (the state of PORTLAND OR)."""
    if not connected:
        return list(words)
    out = []
    for n, word in enumerate(words):
        neighbours = words[max(0, n - 1) : n] + words[n + 1 : n + 2]
        if _kept(word, neighbours):
            out.append(word)
        else:
            out.append("-".join(_title(part) for part in word.split("-")))
    return out


def drawn_word(word: str, connected: bool) -> str:
    """One word as the hand draws it, on its own."""
    return drawn_words([word], connected)[0]


def spaced_capitals(words: Sequence[str], connected: bool) -> list[bool]:
    """Which words the hand draws as capitals set a little apart (a script abbreviation)."""
    drawn = drawn_words(words, connected)
    return [connected and d == w and _shouting(w) for w, d in zip(words, drawn, strict=True)]


def _kept(word: str, neighbours: Sequence[str]) -> bool:
    letters = _letters(word)
    if not _shouting(word) or letters <= 2:
        return True
    if letters > ABBREVIATION_LETTERS:
        return False
    return not any(_shouting(w) and _letters(w) > ABBREVIATION_LETTERS for w in neighbours)


def _shouting(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _title(part: str) -> str:
    """BOSTON -> Boston, O'BRIEN -> O'Brien, MCALLEN -> Mcallen (no guessing at names)."""
    head, apostrophe, tail = part.partition("'")
    if apostrophe and sum(ch.isalpha() for ch in head) == 1 and len(tail) >= 2:
        return head + apostrophe + _capitalised(tail)
    return _capitalised(part)


def _capitalised(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[: i + 1] + text[i + 1 :].lower()
    return text
