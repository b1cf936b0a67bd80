"""Plain-text intake: normalisation, coverage against a hand, and the length limit."""

from __future__ import annotations

import unicodedata

from .errors import EmptyText, TextTooLong, UncoveredCharacters
from .fontdata import load_font
from .hands import list_hands

MAX_CHARS = 12_000


def normalise_text(text: str) -> str:
    """NFC and Unix newlines, nothing more: the letter is drawn (and its text layer carries)
    exactly the characters of the draft the customer approved, quotes as typed."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def coverage(text: str, hand: str) -> str:
    """The characters of text the hand cannot draw, sorted and unique; "" when all is well."""
    return _missing(normalise_text(text), hand)


def suggest_hands(text: str) -> list[str]:
    """The hands that can write the whole text."""
    return [hand.name for hand in list_hands() if not coverage(text, hand.name)]


def checked_text(text: str, hand: str) -> str:
    """The normalised text, or the reason it cannot be written in this hand."""
    normal = normalise_text(text)
    if not normal.strip():
        raise EmptyText()
    if len(normal) > MAX_CHARS:
        raise TextTooLong(len(normal), MAX_CHARS)
    missing = _missing(normal, hand)
    if missing:
        raise UncoveredCharacters(missing, hand)
    return normal


def _missing(normal: str, hand: str) -> str:
    font = load_font(hand)
    return "".join(sorted(ch for ch in set(normal) if not ch.isspace() and not font.has(ch)))
