"""What the reader made of each box, and what to tell the customer about it, in plain words."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum

from .layout import DIGITS, MARKS, UPPERCASE


class BoxStatus(StrEnum):
    READ = "read"
    FAINT = "faint"
    EMPTY = "empty"
    OVER_BORDER = "over_border"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class BoxResult:
    char: str
    form: int
    status: BoxStatus


@dataclass(frozen=True)
class HandReport:
    boxes: list[BoxResult]
    missing_chars: list[str]  # sheet characters the font has no glyph for
    black_and_white: bool = False
    faint: bool = False
    composed: list[str] = field(default_factory=list)  # accented letters built from marks

    def advice(self) -> list[str]:
        lines = []
        if self.missing_chars:
            # Nothing stands in for them: the renderer refuses a letter that needs them.
            one = len(self.missing_chars) == 1
            lines.append(f"You left {_names(self.missing_chars)} empty: fill "
                         f"{'it' if one else 'them'} in and upload the sheet again. Until then "
                         f"a letter that needs {'it' if one else 'them'} cannot be written in "
                         f"your hand, and the sample leaves {'it' if one else 'them'} out.")
        unreadable = self._chars(BoxStatus.UNREADABLE)
        if unreadable:
            lines.append(f"We could not read the box of {_names(unreadable)}: write one "
                         "character per box, inside it, and cross nothing out.")
        if self.faint or self._chars(BoxStatus.FAINT):
            lines.append("Very light writing: use a dark felt-tip or gel pen.")
        over = self._chars(BoxStatus.OVER_BORDER)
        if over:
            lines.append(f"Some of your writing ran over the box border ({_names(over)}): we "
                         "kept it whole, but keep each character inside its box for the best "
                         "result.")
        if self.black_and_white:
            lines.append("The sheet was printed in black and white: it worked, but a colour "
                         "print reads more reliably.")
        single = sorted({b.char for b in self.boxes if b.char not in self.missing_chars
                         and b.status in (BoxStatus.EMPTY, BoxStatus.UNREADABLE)
                         and any(o.char == b.char and o.form != b.form
                                 and o.status not in (BoxStatus.EMPTY, BoxStatus.UNREADABLE)
                                 for o in self.boxes)})
        if single:
            lines.append(f"You wrote fewer than three forms of {_names(single)}: the forms "
                         "you wrote stand in for the others; all three give your letters "
                         "more variety.")
        return lines

    def _chars(self, status: BoxStatus) -> list[str]:
        return sorted({b.char for b in self.boxes if b.status == status})

    def to_json(self) -> str:
        return json.dumps({
            "boxes": [{"char": b.char, "form": b.form, "status": str(b.status)}
                      for b in self.boxes],
            "missing_chars": self.missing_chars,
            "composed": self.composed,
            "black_and_white": self.black_and_white,
            "faint": self.faint,
            "advice": self.advice(),
        }, ensure_ascii=False, indent=1)


# What a customer calls each accent box, with the mark itself.
MARK_WORDS = {
    "\u0301": "acute (´)", "\u0300": "grave (`)", "\u0302": "circumflex (^)",
    "\u030c": "caron (ˇ)", "\u0308": "two dots (¨)", "\u030a": "ring (˚)",
    "\u0303": "tilde (~)", "\u0307": "dot (˙)", "\u0328": "ogonek (˛)",
    "\u0327": "cedilla (¸)", "\u0304": "macron (¯)", "\u0306": "breve (˘)",
    "\u030b": "double acute (˝)",
}


# Punctuation said by name: a bare "., ,, ;" in a sentence is unreadable.
PUNCTUATION_WORDS = {
    ".": "full stop", ",": "comma", ";": "semicolon", ":": "colon", "!": "exclamation mark",
    "?": "question mark", "‘": "opening single quote", "’": "apostrophe",
    "“": "opening double quote", "”": "closing double quote", "-": "hyphen", "–": "en dash",
    "—": "em dash", "(": "opening bracket", ")": "closing bracket", "&": "ampersand",
    "@": "at sign", "/": "slash", "%": "percent sign", "€": "euro sign",
    "«": "opening guillemet", "»": "closing guillemet",
}
# A whole run left empty is named as one ("the capitals A to Z"), not letter by letter.
RUNS = {UPPERCASE: "the capitals A to Z", DIGITS: "the digits 0 to 9"}


def _names(chars: list[str]) -> str:
    words: list[str] = []
    for run, name in RUNS.items():
        if set(run) <= set(chars):
            words.append(name)
            chars = [c for c in chars if c not in run]
    words += [_name(c) for c in chars]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _name(char: str) -> str:
    if char in MARKS:
        return f"the {MARK_WORDS[char]} accent"
    if char in PUNCTUATION_WORDS:
        return f"the {PUNCTUATION_WORDS[char]} ({char})"
    return char
