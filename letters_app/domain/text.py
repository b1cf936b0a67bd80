"""What typed text may contain: no control characters (a NUL breaks PostgreSQL and prints as
nothing on SQLite), and no lone surrogates (a JSON escape can make one; no database stores it).

One rule for every door: the order form, the studio, the JSON API and the CLI.
"""

from __future__ import annotations

import unicodedata

# Text areas keep their lines; a browser sends them as CRLF.
_LINE_CHARACTERS = frozenset("\n\r\t")


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """A message naming the first character `text` may not hold, or None if it is clean."""
    for ch in text:
        if multiline and ch in _LINE_CHARACTERS:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return (f"Remove the control character U+{ord(ch):04X}: it is not text "
                    "(perhaps pasted by accident).")
        if category == "Cs":
            return f"Remove the broken character U+{ord(ch):04X}: it is half of an emoji or symbol."
    return None


def field_errors(texts: dict[str, str], multiline: frozenset[str] = frozenset()) -> dict[str, str]:
    """{field: message} for every field of `texts` holding a forbidden character."""
    errors = {}
    for name, value in texts.items():
        message = forbidden_character(value, multiline=name in multiline)
        if message:
            errors[name] = message
    return errors


def is_clean(text: str) -> bool:
    return forbidden_character(text) is None
