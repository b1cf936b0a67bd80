"""The handwriting renderer: (text, hand, style, seed) -> print-ready PDF bytes.

Pure Python: no database, no web framework, no task queue. Fonts come from the repository's
fonts/ folder (or $LETTERS_FONTS_DIR) and are never downloaded at run time.
"""

from .envelope import ENVELOPES, check_envelope, render_envelope
from .errors import EmptyText, RenderError, TextTooLong, UncoveredCharacters, UnknownHand
from .hands import Hand, get_hand, list_hands
from .ink import INKS, Ink
from .letter import LetterStyle, render_letter
from .paper import PAPERS, STATIONERY
from .preview import render_previews
from .text import MAX_CHARS, coverage, normalise_text, suggest_hands

__all__ = [
    "ENVELOPES",
    "INKS",
    "MAX_CHARS",
    "PAPERS",
    "STATIONERY",
    "EmptyText",
    "Hand",
    "Ink",
    "LetterStyle",
    "RenderError",
    "TextTooLong",
    "UncoveredCharacters",
    "UnknownHand",
    "check_envelope",
    "coverage",
    "get_hand",
    "list_hands",
    "normalise_text",
    "render_envelope",
    "render_letter",
    "render_previews",
    "suggest_hands",
]
