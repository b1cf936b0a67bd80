"""The letter templates: phrasebooks of alternative sentences, rendered in a Jinja sandbox.

A phrasebook (`templates/letters/*.txt.j2`) is a list of sections; each line offers one
alternative sentence and says which letters it suits:

    ## opening
    warm heartfelt: I have been meaning to write to you for a while, {{ name }}.
    !formal birthday: Happy birthday, you!
    *: It gives me real pleasure to write to you today.

Tags are tones, occasions or relationship categories; a `!` excludes, `*` (or no tag of a
kind) allows all. Customer text reaches the templates only as variables, never as source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

import letters_app
from letters_app.domain.brief import Occasion, Tone

TEMPLATE_DIR = Path(letters_app.__file__).parent.parent / "templates" / "letters"
SHARED_BOOKS = ("greetings.txt.j2", "people.txt.j2", "memories.txt.j2", "reflections.txt.j2")
LETTER_LAYOUT = "letter.txt.j2"

CATEGORIES = frozenset({"partner", "family", "friend", "professional", "other", "unknown"})
_TONES = frozenset(t.value for t in Tone)
_OCCASIONS = frozenset(o.value for o in Occasion)


class PhrasebookError(ValueError):
    """A letter template is malformed: a bug in the templates, not in the brief."""


@cache
def environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=False,  # plain text; the web layer escapes when it shows a letter
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


@dataclass(frozen=True)
class Suits:
    """Which letters a line suits: per kind, the allowed and the excluded tags."""

    allowed: frozenset[str]
    excluded: frozenset[str]

    def match(self, *, tone: str, occasion: str, category: str) -> bool:
        for kind, value in ((_TONES, tone), (_OCCASIONS, occasion), (CATEGORIES, category)):
            allowed = self.allowed & kind
            if (allowed and value not in allowed) or value in self.excluded:
                return False
        return True


@dataclass(frozen=True)
class Line:
    section: str
    suits: Suits
    text: str


def render_lines(book: str, context: Mapping[str, str]) -> list[Line]:
    """Render one phrasebook with the brief's data and parse it into lines."""
    text = environment().get_template(book).render(**context)
    lines: list[Line] = []
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        raw = raw.strip()
        if not raw:
            continue
        if raw.startswith("## "):
            section = raw[3:].strip()
            continue
        tags, colon, sentence = raw.partition(":")
        if not colon or not section or not sentence.strip():
            raise PhrasebookError(f"{book}:{number}: expected 'tags: sentence', got {raw!r}")
        lines.append(Line(section, _parse_tags(tags, f"{book}:{number}"), sentence.strip()))
    return lines


def _parse_tags(tags: str, where: str) -> Suits:
    allowed: set[str] = set()
    excluded: set[str] = set()
    for tag in tags.split():
        if tag == "*":
            continue
        target = excluded if tag.startswith("!") else allowed
        name = tag.lstrip("!")
        if name not in _TONES | _OCCASIONS | CATEGORIES:
            raise PhrasebookError(f"{where}: unknown tag {tag!r}")
        target.add(name)
    return Suits(frozenset(allowed), frozenset(excluded))


def render_layout(**context: object) -> str:
    return environment().get_template(LETTER_LAYOUT).render(**context)
