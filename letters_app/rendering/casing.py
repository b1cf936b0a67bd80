"""How a hand writes a word typed in capitals.

Nobody writing a joined script draws "BOSTON" in its capitals: script capitals are built to
start a word, and a row of them (Homemade Apple's loops, Dancing Script's swashes) reads as
a tangle. A person writing that hand writes a long capitalised word in its ordinary form,
"Boston", and keeps short abbreviations (MA, NY, USA, PO) in capitals, set a little apart
so each letter stands on its own. Only the drawing changes: the text layer, copy and paste
and search keep what was typed. Print hands write capitals legibly and keep them.
"""

from __future__ import annotations

ABBREVIATION_LETTERS = 3  # capitals in a word up to this many stay capitals (state codes...)
CAPITAL_SPACING = 0.12  # ems of extra space between the capitals of an abbreviation


def drawn_word(word: str, connected: bool) -> str:
    """The word as the hand draws it."""
    if not connected or not _shouting(word) or _letters(word) <= ABBREVIATION_LETTERS:
        return word
    return "-".join(_title(part) for part in word.split("-"))


def spaced_capitals(word: str, connected: bool) -> bool:
    """Whether the hand draws the word's capitals a little apart (a script abbreviation)."""
    return connected and _shouting(word) and 2 <= _letters(word) <= ABBREVIATION_LETTERS


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
