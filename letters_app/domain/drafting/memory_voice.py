"""Memories as customers really type them, made ready to weave in: an instruction to the
writer ("mention our trip to Prague", "tell her how proud I am") becomes what it asks for,
and a memory in another language is quoted as written rather than forced into an English
sentence ("I often think of “Unser Sommer am Wannsee”", never "back to Unser Sommer...")."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What to drop from the front of an instruction: the rest is the memory itself.
_ASKS = ("please mention ", "please include ", "don't forget to mention ", "do mention ",
         "mention ", "include ", "talk about ", "write about ", "bring up ")
_RECIPIENT = r"(?:her|him|them|you)"
_TELL = re.compile(rf"^(?:please )?(?:tell|let) {_RECIPIENT} (?:know )?", re.I)
_THANK = re.compile(rf"^(?:please )?thank {_RECIPIENT} ", re.I)
_REMIND = re.compile(rf"^(?:please )?remind {_RECIPIENT} (?:of|about) ", re.I)
# "a" is Spanish, Italian and Portuguese too, so it proves nothing.
_ENGLISH = _words(
    "the of and to in on at with for our my your we you i was is an me us how when that "
    "this it his her their they she he were be by from about"
)
_FOREIGN = _words(
    "der die das und ist nicht ein eine unser unsere unserer wir ich mit im auf für von zu "
    "den dem des mein meine dein deine le la les et un une nous notre nos avec pour dans du "
    "des est el los las y una nuestro nuestra nuestros con para en del es il lo gli nostro "
    "nostra per nel della het een onze ons voor ik jij mijn din min vår vores og och på med "
    "nasze nasz nasza naszej nasi się że jak nie był była było w z we ze na od przy "
    "naše náš naši naší byl byla bylo ve se je jsme jsem"
)
# Letters English writes only in borrowed words: a memory full of them is in another language
# even when none of its words is in the lists above ("Nasze wakacje w Zakopanem").
_NOT_ENGLISH_LETTERS = frozenset("ąćęłńśźżčďěňřšťůžőűğşıßøåæ")


def as_memory(text: str) -> str:
    """The memory part of what the customer typed, or their words quoted when not English."""
    if _foreign(text):
        return f"“{text.strip(' .')}”"
    lowered = text.lower()
    for ask in _ASKS:
        if lowered.startswith(ask) and len(text) > len(ask):
            return text[len(ask):]
    tell = _TELL.match(text)
    if tell:
        return "I want you to know " + text[tell.end():]
    thank = _THANK.match(text)
    if thank:
        return "thank you " + text[thank.end():]
    remind = _REMIND.match(text)
    if remind:
        return text[remind.end():]
    return text


def _foreign(text: str) -> bool:
    typed = [word.strip(".,;:!?\"'()“”—–-") for word in text.split()]
    words = {word.lower() for word in typed if word}
    # "i" is English only as "I"; lower-case it is the Polish and Czech "and".
    english = words & _ENGLISH - ({"i"} if "I" not in typed else set())
    if english:
        return False
    return bool(words & _FOREIGN) or any(c in _NOT_ENGLISH_LETTERS for c in text.lower())
