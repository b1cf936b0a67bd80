"""Why a plot file cannot be made."""

from __future__ import annotations

from letters_app.rendering.errors import RenderError


class MissingStrokes(RenderError):
    def __init__(self, hand: str) -> None:
        super().__init__(
            f"no single-stroke glyphs for {hand!r}; run scripts/build_strokes.py {hand}"
        )
        self.hand = hand
