"""Build fonts/strokes/<hand>.json.gz: every glyph's centre lines. Run once per hand when a
font changes: `.venv/bin/python scripts/build_strokes.py [HAND ...]` (all hands by default).
Deterministic: the same font gives the same bytes."""

from __future__ import annotations

import sys

from letters_app.plotting.skeleton import centre_lines
from letters_app.plotting.strokes import encode, glyph_order, strokes_path
from letters_app.rendering import list_hands
from letters_app.rendering.fontdata import load_font


def build(hand: str) -> bytes:
    font = load_font(hand)
    table = {}
    for gid, name in enumerate(glyph_order(font)):
        lines = centre_lines(font.outline(gid), font.upm)
        if lines:
            table[name] = lines
    return encode(table)


def main(hands: list[str]) -> None:
    for hand in hands or [h.name for h in list_hands()]:
        path = strokes_path(hand)
        path.write_bytes(build(hand))
        print(f"wrote {path} ({path.stat().st_size} bytes)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
