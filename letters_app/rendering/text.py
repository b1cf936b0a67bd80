"""Plain-text intake: normalisation, coverage against a hand, and the length limit."""

from __future__ import annotations

import re
import unicodedata

from .errors import EmptyText, TextTooLong, UncoveredCharacters
from .fontdata import load_font
from .hands import list_hands

MAX_CHARS = 12_000

_OPENING_CONTEXT = re.compile(r"(^|[\s(\[{\u2014\u2013-])$")
_CURLY = "\u2018\u2019\u201c\u201d"


def normalise_text(text: str, hand: str | None = None) -> str:
    """NFC, Unix newlines; straight quotes become curly when the hand (if given) has them."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if hand is not None and all(load_font(hand).has(ch) for ch in _CURLY):
        text = _curl_quotes(text)
    return text


def coverage(text: str, hand: str) -> str:
    """The characters of text the hand cannot draw, sorted and unique; "" when all is well."""
    return _missing(normalise_text(text, hand), hand)


def suggest_hands(text: str) -> list[str]:
    """The hands that can write the whole text."""
    return [hand.name for hand in list_hands() if not coverage(text, hand.name)]


def checked_text(text: str, hand: str) -> str:
    """The normalised text, or the reason it cannot be written in this hand."""
    normal = normalise_text(text, hand)
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


def _curl_quotes(text: str) -> str:
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in "'\"":
            opening = _OPENING_CONTEXT.search(text[max(0, i - 1) : i]) is not None
            pair = "\u2018\u2019" if ch == "'" else "\u201c\u201d"
            ch = pair[0] if opening else pair[1]
        out.append(ch)
    return "".join(out)
