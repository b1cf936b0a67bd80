"""Build fonts/strokes/<hand>.json.gz: every glyph's centre lines. Run once per hand when a
font changes: `.venv/bin/python scripts/build_strokes.py [HAND ...]` (all hands by default).
Deterministic: the same font gives the same bytes."""

from __future__ import annotations

import sys

from letters_app.plotting.stroke_files import stroke_file
from letters_app.plotting.strokes import strokes_path
from letters_app.rendering import list_hands


def main(hands: list[str]) -> None:
    for hand in hands or [h.name for h in list_hands()]:
        path = strokes_path(hand)
        path.write_bytes(stroke_file(hand))
        print(f"wrote {path} ({path.stat().st_size} bytes)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
