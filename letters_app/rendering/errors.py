"""The errors the renderer raises; each str() is a one-line message fit for a customer."""

from __future__ import annotations


class RenderError(ValueError):
    """Base of everything the renderer refuses."""


class UnknownHand(RenderError):
    def __init__(self, hand: str, known: list[str]) -> None:
        self.hand = hand
        super().__init__(f"unknown hand {hand!r}; choose one of: {', '.join(known)}")


class UncoveredCharacters(RenderError):
    def __init__(self, missing: str, hand: str) -> None:
        self.missing = missing
        self.hand = hand
        shown = " ".join(_describe(ch) for ch in missing)
        super().__init__(f"the hand {hand!r} cannot write these characters: {shown}")


class EmptyText(RenderError):
    def __init__(self) -> None:
        super().__init__("the letter is empty")


class TextTooLong(RenderError):
    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(f"the letter has {length} characters; the limit is {limit}")


def _describe(ch: str) -> str:
    if ch.isprintable():
        return f"{ch!r} (U+{ord(ch):04X})"
    return f"U+{ord(ch):04X}"
