"""Plain text to the parts of a letter: greeting, body paragraphs, closing and signature."""

from __future__ import annotations

from dataclasses import dataclass

GREETING_MAX = 50
CLOSING_LINE_MAX = 40


@dataclass(frozen=True)
class LetterParts:
    greeting: str | None
    paragraphs: list[list[str]]  # each paragraph is its hard lines
    closing: list[str]  # the last line is the signature

    @property
    def signature(self) -> str | None:
        return self.closing[-1] if self.closing else None


def split_paragraphs(text: str) -> list[list[str]]:
    """Blank lines separate paragraphs; a single newline is a line break the writer meant."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def parse_letter(text: str) -> LetterParts:
    paragraphs = split_paragraphs(text)
    greeting = None
    if len(paragraphs) > 1 and _is_greeting(paragraphs[0]):
        greeting = paragraphs.pop(0)[0]
    closing: list[str] = []
    if len(paragraphs) > 1 and _is_closing(paragraphs[-1]):
        closing = paragraphs.pop()
    return LetterParts(greeting, paragraphs, closing)


def _is_greeting(paragraph: list[str]) -> bool:
    return len(paragraph) == 1 and len(paragraph[0]) <= GREETING_MAX


def _is_closing(paragraph: list[str]) -> bool:
    return 1 <= len(paragraph) <= 3 and all(len(line) <= CLOSING_LINE_MAX for line in paragraph)
