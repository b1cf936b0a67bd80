"""Sample images of each hand for the order form, rendered on first use and kept in memory."""

from __future__ import annotations

import functools
import io

from PIL import Image

from letters_app import rendering

SAMPLE_TEXT = "Dear Sam,\n\nI think of you every time the kettle sings.\n\nAlways,\nAlex"


@functools.cache
def sample_png(hand_name: str) -> bytes:
    """The top of a card in `hand_name`, cropped to the writing. KeyError for unknown hands."""
    if hand_name not in {hand.name for hand in rendering.list_hands()}:
        raise KeyError(hand_name)
    style = rendering.LetterStyle(hand=hand_name, paper="card", stationery="plain")
    pdf = rendering.render_letter(SAMPLE_TEXT, style, seed=7)
    page = Image.open(io.BytesIO(rendering.render_previews(pdf, dpi=70)[0]))
    width, height = page.size
    cropped = page.crop((0, 0, width, int(height * 0.55)))
    out = io.BytesIO()
    cropped.save(out, format="PNG", optimize=True)
    return out.getvalue()
