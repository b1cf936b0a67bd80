"""Sample images of each hand for the order form, rendered on first use and kept in memory."""

from __future__ import annotations

import functools
import io

from PIL import Image

from letters_app import rendering

SAMPLE_TEXT = "Dear Sam,\n\nI think of you every time the kettle sings.\n\nAlways,\nAlex"
SAMPLE_DPI = 130
PADDING = 12


@functools.cache
def sample_png(hand_name: str) -> bytes:
    """A card in `hand_name`, cropped to the writing. KeyError for unknown hands."""
    if hand_name not in {hand.name for hand in rendering.list_hands()}:
        raise KeyError(hand_name)
    style = rendering.LetterStyle(hand=hand_name, paper="card", stationery="plain")
    pdf = rendering.render_letter(SAMPLE_TEXT, style, seed=7)
    page = Image.open(io.BytesIO(rendering.render_previews(pdf, dpi=SAMPLE_DPI)[0]))
    # Crop to the ink, so the hand shows at a readable size in a small box.
    ink = page.convert("L").point(lambda value: 255 if value < 200 else 0).getbbox()
    if ink is not None:
        left, top, right, bottom = ink
        page = page.crop((max(left - PADDING, 0), max(top - PADDING, 0),
                          min(right + PADDING, page.width), min(bottom + PADDING, page.height)))
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()
