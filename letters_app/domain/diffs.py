"""A word-level comparison of two drafts, for a writer reading what changed between versions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

# Line breaks on their own, and words or runs of punctuation each with the spaces before it: a
# removed word takes its space with it ("broke<del> down</del>."), and a changed first word of
# a paragraph does not repeat the paragraph break.
TOKEN = re.compile(r"\s*\n\s*|[ \t]*(?:\w[\w'’-]*|[^\w\s]+)|\s+")


class Change(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Piece:
    change: Change
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """`old` turned into `new` as runs of kept, removed and added words, in reading order
    (a replaced run reads as its removed words, then its added ones)."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=[_key(t) for t in a], b=[_key(t) for t in b],
                                      autojunk=False)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece(Change.SAME, "".join(b[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(Piece(Change.REMOVED, "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(Change.ADDED, "".join(b[j1:j2])))
    return pieces


def _key(token: str) -> str:
    return token.strip() or token.count("\n") * "\n"


def change_counts(pieces: list[Piece]) -> tuple[int, int]:
    """(words added, words removed)."""
    def words(change: Change) -> int:
        return sum(len(p.text.split()) for p in pieces if p.change == change)

    return words(Change.ADDED), words(Change.REMOVED)
