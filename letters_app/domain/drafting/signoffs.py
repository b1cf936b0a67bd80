"""Does a signature already sign off? "Deine Nora", "Your Theo", "Bisous, Claire" and "xx
Nora" do, in whatever language: the letter then ends with it alone, never with a second
closing above it ("With all my love, / Deine Nora")."""

from __future__ import annotations

# First words of a signature that is itself a closing: English, German, French, Spanish,
# Italian, Dutch, Portuguese, Czech, Polish, Danish/Norwegian/Swedish.
_CLOSING_WORDS = frozenset(" ".join((
    "your yours love lots xx xxx xo xoxo hugs cheers always forever fondly warmly",
    "dein deine euer eure liebe lieber alles herzlich herzliche gruss gruß grüße",
    "ton ta tes bisous amitiés affectueusement gros bises",
    "tu tus besos abrazos cariño",
    "tuo tua tuoi baci abbracci",
    "je jouw liefs groetjes",
    "teu beijos",
    "tvůj tvoje tvá váš vaše pozdravy líbá",
    "twój twoja twoje wasz wasza pozdrawiam ściskam buziaki całuję",
    "din dine kram hilsen hälsningar",
)).split())


def signs_off(signature: str) -> bool:
    words = signature.split()
    return len(words) >= 2 and words[0].lower().strip(".,!") in _CLOSING_WORDS
